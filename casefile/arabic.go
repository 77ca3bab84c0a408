package casefile

// Arabic and Farsi shaping. fpdf draws one glyph per character, as the
// font's character map gives it, and does no shaping: an Arabic letter
// takes one of up to four forms by whether it joins the letters on either
// side. shapeArabic replaces each letter with its form from the Unicode
// Arabic Presentation Forms (A for Farsi's letters, B for the others),
// which the Arabic fonts map, and lam followed by an alef with their
// ligature. It works in logical order, before the line is laid out right
// to left (bidi.go).

// joining is how a letter joins its neighbours.
type joining uint8

const (
	joinNone        joining = iota // U: joins neither side (and every other character)
	joinRight                      // R: joins the letter before it only
	joinDual                       // D: joins both sides
	joinCausing                    // C: tatweel, zero width joiner
	joinTransparent                // T: marks, skipped when deciding
)

// forms are a letter's isolated, final, initial and medial presentation
// forms (0 when it has none).
type forms [4]rune

const (
	isolated = iota
	final
	initial
	medial
)

// arabicForms are the presentation forms of the letters that have them.
var arabicForms = map[rune]forms{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0671: {0xFB50, 0xFB51, 0, 0},
	// Farsi (and Urdu) letters, from Presentation Forms-A.
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, // peh
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, // tcheh
	0x0698: {0xFB8A, 0xFB8B, 0, 0},           // jeh
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, // keheh
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, // gaf
	0x06C0: {0xFBA4, 0xFBA5, 0, 0},           // heh with yeh above
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, // farsi yeh
}

// lamAlef are the ligatures of lam with each alef: isolated, final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const lam = 0x0644

// joiningOf returns how r joins.
func joiningOf(r rune) joining {
	switch {
	case r == 0x0640 || r == 0x200D:
		return joinCausing
	case r >= 0x0610 && r <= 0x061A, r >= 0x064B && r <= 0x065F, r == 0x0670,
		r >= 0x06D6 && r <= 0x06DC, r >= 0x06DF && r <= 0x06E4, r == 0x06E7, r == 0x06E8, r >= 0x06EA && r <= 0x06ED:
		return joinTransparent
	}
	f, ok := arabicForms[r]
	switch {
	case !ok || f[final] == 0:
		return joinNone
	case f[initial] == 0:
		return joinRight
	}
	return joinDual
}

// shapeArabic returns s with its Arabic letters in their contextual
// presentation forms and lam-alef ligatures; everything else is left as
// it is. s and the result are in logical order.
func shapeArabic(s []rune) []rune {
	if !hasArabic(s) {
		return s
	}
	join := make([]joining, len(s))
	for i, r := range s {
		join[i] = joiningOf(r)
	}
	// neighbour returns the index of the nearest character before (step
	// -1) or after (+1) i that is not transparent, or -1.
	neighbour := func(i, step int) int {
		for j := i + step; j >= 0 && j < len(s); j += step {
			if join[j] != joinTransparent {
				return j
			}
		}
		return -1
	}
	joinsBefore := func(i int) bool { // the letter before joins forward to i
		p := neighbour(i, -1)
		return p >= 0 && (join[p] == joinDual || join[p] == joinCausing)
	}
	joinsAfter := func(i int) bool { // the letter after joins back to i
		n := neighbour(i, 1)
		return n >= 0 && (join[n] == joinDual || join[n] == joinRight || join[n] == joinCausing)
	}
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		r := s[i]
		f, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		before := (join[i] == joinDual || join[i] == joinRight) && joinsBefore(i)
		if r == lam {
			if n := neighbour(i, 1); n >= 0 {
				if lig, ok := lamAlef[s[n]]; ok {
					form := lig[0]
					if before {
						form = lig[1]
					}
					out = append(out, form)
					out = append(out, s[i+1:n]...) // the lam's marks
					i = n
					continue
				}
			}
		}
		after := join[i] == joinDual && joinsAfter(i)
		form := isolated
		switch {
		case before && after:
			form = medial
		case before:
			form = final
		case after:
			form = initial
		}
		if f[form] == 0 {
			form = isolated
		}
		out = append(out, f[form])
	}
	return out
}

func hasArabic(s []rune) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}
