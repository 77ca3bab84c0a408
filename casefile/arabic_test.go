package casefile

import (
	"fmt"
	"testing"
)

// TestShapeArabic: each letter takes its form by its neighbours, lam and
// alef become their ligature, Farsi's letters take the forms of
// Presentation Forms-A, and what is not Arabic is left alone.
func TestShapeArabic(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// بيت: beh initial, yeh medial, teh final.
		{"house", "بيت", "\uFE91\uFEF4\uFE96"},
		// سلام: seen initial, lam + alef final ligature (lam joins seen), meem isolated (alef does not join forward).
		{"peace", "سلام", "\uFEB3\uFEFC\uFEE1"},
		// لا alone: the isolated ligature.
		{"no", "لا", "\uFEFB"},
		// دار: dal and alef join nothing after them, so each of the three is isolated.
		{"right-joining only", "دار", "\uFEA9\uFE8D\uFEAD"},
		// محمد with a shadda on meem: the mark is transparent to joining.
		{"marks are transparent", "محمّد", "\uFEE3\uFEA4\uFEE4\u0651\uFEAA"},
		// فارسی (Farsi): feh initial, alef final, reh isolated, seen initial, farsi yeh final.
		{"farsi", "فارسی", "\uFED3\uFE8E\uFEAD\uFEB3\uFBFD"},
		// گچ: gaf initial, tcheh final (Forms-A).
		{"farsi letters", "گچ", "\uFB94\uFB7B"},
		// A zero width non-joiner breaks the join (Farsi's می‌خواهم).
		{"zwnj", "می\u200cخو", "\uFEE3\uFBFD\u200c\uFEA7\uFEEE"},
		{"latin untouched", "Case B1234567", "Case B1234567"},
		{"words apart", "يوم الاثنين", "\uFEF3\uFEEE\uFEE1 \uFE8D\uFEFB\uFE9B\uFEE8\uFEF4\uFEE6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(shapeArabic([]rune(tc.in))); got != tc.want {
				t.Errorf("shapeArabic(%q) = %s, want %s", tc.in, codes(got), codes(tc.want))
			}
		})
	}
}

func codes(s string) string {
	out := ""
	for _, r := range s {
		out += fmt.Sprintf("%04X ", r)
	}
	return out
}
