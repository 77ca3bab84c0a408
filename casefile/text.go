package casefile

import (
	"strings"
	"unicode"
)

// Text in any of the 19 languages: each paragraph is shaped (Arabic),
// given its direction, cut into runs of one font each by script, broken
// into lines in logical order and each line drawn in visual order, right
// aligned when the paragraph runs right to left.

// glyph is one character to draw, with its face and width at the size
// the text is laid out in.
type glyph struct {
	r     rune
	face  fontKey
	w     float64
	level uint8
}

// line is a laid-out line: its glyphs in visual order (left to right).
type line struct {
	glyphs []glyph
	w      float64
	rtl    bool
}

// layout breaks text into lines at most width wide at size points, bold or not.
func (d *doc) layout(text string, size float64, bold bool, width float64) []line {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var lines []line
	for para := range strings.SplitSeq(text, "\n") {
		lines = append(lines, d.layoutParagraph([]rune(para), size, bold, width)...)
	}
	return lines
}

func (d *doc) layoutParagraph(s []rune, size float64, bold bool, width float64) []line {
	s = shapeArabic(s)
	lv, rtl := levels(s)
	glyphs := make([]glyph, 0, len(s))
	prev := fontKey{s: scriptLatin, bold: bold}
	for i, r := range s {
		switch {
		case r == '\t':
			r = ' '
		case r > 0xFFFF:
			// fpdf writes the Basic Multilingual Plane only (and
			// indexes past its width table otherwise): an emoji or a
			// rare ideograph shows as the replacement character.
			r = unicode.ReplacementChar
		}
		if invisible(r) {
			continue
		}
		sc, mark := scriptOf(r)
		// Bold is Latin's only: a second font of each other script
		// would double the fonts an export parses and embeds.
		face := fontKey{s: sc, bold: bold && sc == scriptLatin}
		if mark {
			face = prev
		}
		face = d.faceFor(face)
		prev = face
		glyphs = append(glyphs, glyph{r: r, face: face, w: d.glyphWidth(face, r) * size, level: lv[i]})
	}
	if len(glyphs) == 0 {
		return []line{{rtl: rtl}}
	}
	var lines []line
	for len(glyphs) > 0 {
		n := fit(glyphs, width)
		lines = append(lines, visualLine(trimSpaces(glyphs[:n]), rtl))
		glyphs = glyphs[n:]
		for len(glyphs) > 0 && glyphs[0].r == ' ' { // the spaces at a break
			glyphs = glyphs[1:]
		}
	}
	return lines
}

// fit returns how many glyphs go on a line width wide: up to the last
// space or ideograph that fits, or as many characters as fit when a
// word alone is wider than the line (never fewer than one, and never a
// combining mark apart from its letter).
func fit(gs []glyph, width float64) int {
	w, lastBreak := 0.0, 0
	for i, g := range gs {
		if i > 0 && (g.r == ' ' || breakable(g.r) || breakable(gs[i-1].r)) {
			lastBreak = i
		}
		w += g.w
		if w > width && i > 0 && g.r != ' ' {
			if lastBreak > 0 {
				return lastBreak
			}
			for i > 1 && unicode.Is(unicode.M, gs[i].r) {
				i--
			}
			return i
		}
	}
	return len(gs)
}

func trimSpaces(gs []glyph) []glyph {
	for len(gs) > 0 && gs[len(gs)-1].r == ' ' {
		gs = gs[:len(gs)-1]
	}
	return gs
}

// visualLine puts a line's glyphs in the order they are drawn.
func visualLine(gs []glyph, rtl bool) line {
	l := line{rtl: rtl}
	lv := make([]uint8, len(gs))
	for i, g := range gs {
		lv[i] = g.level
		l.w += g.w
	}
	for _, i := range visualOrder(lv) {
		g := gs[i]
		if g.level%2 == 1 {
			g.r = mirror(g.r)
		}
		l.glyphs = append(l.glyphs, g)
	}
	return l
}

// drawLines draws lines from the left margin at x, width wide, lineH
// apart, at size points, breaking the page when a line does not fit.
func (d *doc) drawLines(lines []line, x, width, lineH, size float64) {
	for _, l := range lines {
		d.ensure(lineH)
		d.drawLine(l, x, width, lineH, size)
		d.pdf.SetY(d.pdf.GetY() + lineH)
	}
}

// drawLine draws one line at the current height, a run of one face at a time.
func (d *doc) drawLine(l line, x, width, lineH, size float64) {
	y := d.pdf.GetY()
	if l.rtl {
		x += width - l.w
	}
	var run strings.Builder
	for i := 0; i < len(l.glyphs); {
		face := l.glyphs[i].face
		run.Reset()
		w := 0.0
		for ; i < len(l.glyphs) && l.glyphs[i].face == face; i++ {
			run.WriteRune(l.glyphs[i].r)
			w += l.glyphs[i].w
		}
		d.setFont(face, size)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, lineH, d.encode(face, run.String()), "", 0, "L", false, 0, "")
		x += w
	}
	d.pdf.SetXY(d.left, y)
}

// text lays out and draws text at the left margin across the page.
func (d *doc) text(s string, size float64, bold bool) {
	d.drawLines(d.layout(s, size, bold, d.width), d.left, d.width, lineHeight(size), size)
}

// lineHeight is the distance between lines of size points, in millimetres.
func lineHeight(size float64) float64 { return size * 0.3528 * 1.45 }
