package phone

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		typed, want string
	}{
		{"+12135550142", "+12135550142"},
		{"(213) 555-0142", "+12135550142"},
		{"213.555.0142", "+12135550142"},
		{" +1 213 555 0142 ", "+12135550142"},
		{"1-213-555-0142", "+12135550142"},
		{"+52 55 1234 5678", "+525512345678"},
		{"+44 20 7946 0958", "+442079460958"},
		{"", ""},
		{"555-0142", ""},
		{"+1 000 555 0142", ""},
		{"hello", ""},
		{"+999 123", ""},
		{"+1213555014200000000000000000000000000000000000000000000000000000000", ""},
	}
	for _, tt := range tests {
		got, err := Numbers{}.Normalize(tt.typed)
		if tt.want == "" {
			if err == nil {
				t.Errorf("Normalize(%q) = %q, want an error", tt.typed, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.typed, got, err, tt.want)
		}
	}
}
