package words

import (
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// printers write numbers in each language's digits.
var printers = map[string]*message.Printer{}

func init() {
	for lang := range localizers {
		printers[lang] = message.NewPrinter(language.Make(NumberLocale(lang)))
	}
}

// NumberLocale is the locale whose digits lang's numbers are written in,
// for a page's script (Intl.NumberFormat) as for the server: the
// language's own, Persian digits for Farsi, but 0-9 for Arabic, as CLDR
// now writes Arabic as a whole (and browsers with it), where x/text's
// older data would write Arabic-Indic digits.
func NumberLocale(lang string) string {
	if lang == "ar" {
		return "ar-u-nu-latn"
	}
	return lang
}

// Number writes n in lang's digits, without grouping: the counts of the
// portal stay under five digits, where most languages group none, and a
// page's script writes them the same way (Intl.NumberFormat, useGrouping
// false).
func Number(lang string, n int) string {
	p, ok := printers[lang]
	if !ok {
		p = printers["en"]
	}
	return p.Sprint(number.Decimal(n, number.NoSeparator()))
}

// Date writes a day in full the way lang does: "December 5, 2026",
// "5 de diciembre de 2026", "2026年12月5日". The pattern and the month
// names are the catalog's (date_long, month_N).
func Date(lang string, t time.Time) string {
	return T(lang, "date_long", dateArgs(lang, t, "month_")...)
}

// ShortDate writes a day in few words: "Dec 5", "5 de dic.", with the
// year when it is not now's.
func ShortDate(lang string, t, now time.Time) string {
	key := "date_short"
	if t.Year() != now.Year() {
		key = "date_short_year"
	}
	return T(lang, key, dateArgs(lang, t, "month_short_")...)
}

func dateArgs(lang string, t time.Time, month string) []any {
	return []any{
		"Day", t.Day(),
		"Month", T(lang, month+monthKeys[t.Month()-1]),
		"MonthNumber", int(t.Month()),
		"Year", t.Year(),
	}
}

// monthKeys end the catalog's keys of the months, January first.
var monthKeys = [...]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}
