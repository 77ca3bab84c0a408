package words

import (
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	for header, want := range map[string]string{
		"": "en", "es": "es", "ES-us": "es", "fr-FR, es;q=0.5": "es", "es;q=0, en": "en", "es;q=0.000": "en", "de": "en",
		"not a header;;": "en", "zh-TW": "zh-Hant", "zh-CN": "zh-Hans", "zh": "zh-Hans", "zh-Hant-HK": "zh-Hant",
		"fil-PH": "tl", "tl": "tl", "hy-AM": "hy", "fa-IR": "fa", "pa-IN": "pa", "km-KH": "km", "hmn": "hmn", "vi-VN,en;q=0.5": "vi",
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
		{"zh-Hant", "2026年12月5日", "12月5日", "2026年12月5日"},
		{"ar", "5 ديسمبر 2026", "5 ديسمبر", "5 ديسمبر 2026"},
		{"fa", "۵ دسامبر ۲۰۲۶", "۵ دسامبر", "۵ دسامبر ۲۰۲۶"},
		{"vi", "5 tháng 12, 2026", "5 thg 12", "5 thg 12, 2026"},
		{"ru", "5 декабря 2026 г.", "5 дек.", "5 дек. 2026 г."},
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
		{"ru", 1, "На 1 символ больше лимита (4000)"},
		{"ru", 3, "На 3 символа больше лимита (4000)"},
		{"ru", 11, "На 11 символов больше лимита (4000)"},
		{"ar", 2, "حرفان أكثر من الحد وهو 4000 حرف"},
		{"ar", 5, "5 أحرف أكثر من الحد وهو 4000 حرف"},
	} {
		if got := T(tt.lang, "count_over", "Count", tt.n, "Max", 4000); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
