package casefile

import (
	"golang.org/x/text/unicode/bidi"
)

// Right-to-left layout (Unicode bidirectional algorithm, UAX #9). The
// paragraph's direction and each character's direction come from
// golang.org/x/text/unicode/bidi; lines are broken in logical order and
// each line is then put in visual order here (rules L2 and L4), since
// fpdf draws characters left to right as it is given them.

// levels returns the embedding level of each character of a paragraph
// (0 left to right, 1 right to left, 2 left to right inside right to
// left) and whether the paragraph runs right to left.
func levels(s []rune) (lv []uint8, rtl bool) {
	lv = make([]uint8, len(s))
	if !anyRTL(s) {
		return lv, false
	}
	var p bidi.Paragraph
	if _, err := p.SetString(string(s)); err != nil {
		return lv, false
	}
	o, err := orderOf(&p)
	if err != nil || o.NumRuns() == 0 {
		return lv, false
	}
	rtl = !p.IsLeftToRight()
	runs := make([]bidi.Run, o.NumRuns())
	for i := range runs {
		runs[i] = o.Run(i)
	}
	pos := 0
	for i, run := range runs {
		n := len([]rune(run.String()))
		level := uint8(0)
		switch {
		case run.Direction() == bidi.RightToLeft:
			level = 1
		case rtl:
			level = 2
		case i > 0 && i < len(runs)-1 && runs[i-1].Direction() == bidi.RightToLeft &&
			runs[i+1].Direction() == bidi.RightToLeft && !strongLTR(run.String()):
			// Digits between right-to-left words of a left-to-right
			// paragraph: x/text gives their level 2 as left to right.
			level = 2
		}
		for j := pos; j < pos+n && j < len(lv); j++ {
			lv[j] = level
		}
		pos += n
	}
	return lv, rtl
}

// strongLTR reports whether s holds a strong left-to-right character.
func strongLTR(s string) bool {
	for _, r := range s {
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.L {
			return true
		}
	}
	return false
}

// orderOf is p.Order, which x/text marks as under construction: a panic
// in it lays the paragraph out left to right rather than failing the export.
func orderOf(p *bidi.Paragraph) (o bidi.Ordering, err error) {
	defer func() {
		if recover() != nil {
			err = errBidi
		}
	}()
	return p.Order()
}

type bidiError struct{}

func (bidiError) Error() string { return "casefile: bidi ordering failed" }

var errBidi error = bidiError{}

// anyRTL reports whether s holds a right-to-left character.
func anyRTL(s []rune) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFE || r == 0x200F || r == 0x202B || r == 0x202E {
			return true
		}
	}
	return false
}

// visualOrder returns the indexes of a line's characters in the order
// they are drawn, left to right: from the highest level down to the
// lowest odd one, every run at that level or above is reversed (L2).
func visualOrder(lv []uint8) []int {
	idx := make([]int, len(lv))
	var highest, lowestOdd uint8 = 0, 255
	for i, l := range lv {
		idx[i] = i
		highest = max(highest, l)
		if l%2 == 1 {
			lowestOdd = min(lowestOdd, l)
		}
	}
	for level := highest; level >= lowestOdd && level > 0; level-- {
		for i := 0; i < len(lv); {
			if lv[idx[i]] < level {
				i++
				continue
			}
			j := i
			for j < len(lv) && lv[idx[j]] >= level {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				idx[a], idx[b] = idx[b], idx[a]
			}
			i = j
		}
	}
	return idx
}

// mirror returns the mirrored glyph of a bracket drawn right to left (L4).
func mirror(r rune) rune {
	if p, _ := bidi.LookupRune(r); p.IsBracket() {
		if m := []rune(bidi.ReverseString(string(r))); len(m) == 1 {
			return m[0]
		}
	}
	return r
}
