package words

import (
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	for header, want := range map[string]string{
		"": "en", "es": "es", "ES-us": "es", "fr-FR, es;q=0.5": "es", "es;q=0, en": "en", "es;q=0.000": "en", "de": "en",
		"not a header;;": "en",
	} {
		if got := Match(header); got != want {
			t.Errorf("%q: %q, want %q", header, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	day := time.Date(2026, time.December, 5, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ lang, long, short, other string }{
		{"en", "December 5, 2026", "Dec 5", "Dec 5, 2026"},
		{"es", "5 de diciembre de 2026", "5 de dic.", "5 de dic. de 2026"},
	} {
		if got := Date(tt.lang, day); got != tt.long {
			t.Errorf("%s: Date %q, want %q", tt.lang, got, tt.long)
		}
		if got := ShortDate(tt.lang, day, now); got != tt.short {
			t.Errorf("%s: ShortDate %q, want %q", tt.lang, got, tt.short)
		}
		if got := ShortDate(tt.lang, day, now.AddDate(1, 0, 0)); got != tt.other {
			t.Errorf("%s: ShortDate another year %q, want %q", tt.lang, got, tt.other)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 character over the limit of 4000"},
		{"en", 2, "2 characters over the limit of 4000"},
		{"es", 1, "1 carácter más del límite de 4000"},
	} {
		if got := T(tt.lang, "count_over", "Count", tt.n, "Max", 4000); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
