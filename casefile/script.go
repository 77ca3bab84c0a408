package casefile

import "unicode"

// script is the writing system of a character, as far as the choice of a
// font goes: each has its own font (fonts.go), but Latin's covers Greek,
// Cyrillic and Vietnamese too, and the characters every script shares
// (digits, punctuation, spaces).
type script uint8

// The scripts of the 19 languages of SPEC section 18.
const (
	scriptLatin script = iota // also Greek, Cyrillic, digits, punctuation
	scriptArmenian
	scriptArabic // Arabic and Farsi
	scriptDevanagari
	scriptGurmukhi
	scriptKhmer
	scriptLao
	scriptThai
	scriptCJK // Han, kana, Hangul, CJK punctuation and fullwidth forms
	numScripts
)

var scriptNames = [numScripts]string{"Latin", "Armenian", "Arabic", "Devanagari", "Gurmukhi", "Khmer", "Lao", "Thai", "CJK"}

func (s script) String() string { return scriptNames[s] }

// blocks are the Unicode blocks of each script but Latin, in order.
var blocks = []struct {
	lo, hi rune
	s      script
}{
	{0x0530, 0x058F, scriptArmenian},
	{0x0600, 0x06FF, scriptArabic},
	{0x0750, 0x077F, scriptArabic},
	{0x08A0, 0x08FF, scriptArabic},
	{0x0900, 0x097F, scriptDevanagari},
	{0x0A00, 0x0A7F, scriptGurmukhi},
	{0x0E00, 0x0E7F, scriptThai},
	{0x0E80, 0x0EFF, scriptLao},
	{0x1100, 0x11FF, scriptCJK}, // Hangul Jamo
	{0x1780, 0x17FF, scriptKhmer},
	{0x19E0, 0x19FF, scriptKhmer},
	{0x2E80, 0x2FDF, scriptCJK},
	{0x3000, 0x9FFF, scriptCJK}, // CJK punctuation, kana, Bopomofo, Hangul compatibility, Han
	{0xA8E0, 0xA8FF, scriptDevanagari},
	{0xA960, 0xA97F, scriptCJK},
	{0xAC00, 0xD7FF, scriptCJK}, // Hangul syllables
	{0xF900, 0xFAFF, scriptCJK},
	{0xFB13, 0xFB17, scriptArmenian},
	{0xFB50, 0xFDFF, scriptArabic}, // presentation forms A
	{0xFE30, 0xFE4F, scriptCJK},
	{0xFE70, 0xFEFE, scriptArabic}, // presentation forms B
	{0xFF00, 0xFFEF, scriptCJK},    // fullwidth forms
	{0x20000, 0x3FFFF, scriptCJK},
}

// scriptOf returns the script of r, and whether r is a combining mark
// that takes the font of the character it follows.
func scriptOf(r rune) (s script, mark bool) {
	if r < 0x0300 {
		return scriptLatin, false
	}
	for _, b := range blocks {
		if r < b.lo {
			break
		}
		if r <= b.hi {
			return b.s, false
		}
	}
	return scriptLatin, unicode.Is(unicode.Mn, r)
}

// invisible reports whether r is a format character that only steers
// shaping or direction (joiners, direction marks and embeddings): it is
// used, then left out of what is drawn.
func invisible(r rune) bool {
	return r == 0xFEFF || r == 0xAD || unicode.Is(unicode.Cf, r) || r < 0x20 && r != '\t'
}

// breakable reports whether a line may break before r with no space:
// between ideographs, kana and fullwidth forms.
func breakable(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF || r >= 0x20000 && r <= 0x3FFFF
}
