package casefile

import "testing"

// TestVisualOrder: a line is drawn left to right in the order a reader
// of each script reads it: Arabic words right to left, the digits and
// Latin words inside them left to right, brackets mirrored.
func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		rtl            bool
	}{
		{"latin", "Case B123", "Case B123", false},
		{"arabic", "ابت ثج", "جث تبا", true},
		{"digits stay left to right", "ب 123 ت", "ت 123 ب", true},
		{"latin inside arabic", "ب ABC ت", "ت ABC ب", true},
		{"arabic inside latin", "Subject: ابت ثج.", "Subject: جث تبا.", false},
		{"digits between arabic in a latin line", "R1 ب 12 ت", "R1 ت 12 ب", false},
		{"brackets mirrored", "ب (ت)", "(ت) ب", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := []rune(tc.in)
			lv, rtl := levels(s)
			if rtl != tc.rtl {
				t.Errorf("%q: right to left %v, want %v", tc.in, rtl, tc.rtl)
			}
			var got []rune
			for _, i := range visualOrder(lv) {
				r := s[i]
				if lv[i]%2 == 1 {
					r = mirror(r)
				}
				got = append(got, r)
			}
			if string(got) != tc.want {
				t.Errorf("%q drawn as %q, want %q (levels %v)", tc.in, string(got), tc.want, lv)
			}
		})
	}
}
