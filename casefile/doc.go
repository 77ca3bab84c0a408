package casefile

import (
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// doc is one export being written: the PDF, the faces added to it and
// the widths measured of their characters.
type doc struct {
	pdf   *fpdf.Fpdf
	fonts *Fonts
	// left and width are the text area's left margin and width; bottom
	// is the lowest a line may end, in millimetres from the top.
	left, width, bottom float64

	faces   map[fontKey]fontKey // a face asked for, and the face used
	added   map[fontKey]bool
	widths  map[glyphKey]float64 // width of one point of size, in mm
	cur     fontKey
	curSize float64
	// noBreak is set while drawing the header and the footer.
	noBreak bool
	// latin1 turns text into the core font's encoding when even the
	// Latin font is missing.
	latin1 func(string) string
}

type glyphKey struct {
	face fontKey
	r    rune
}

// coreFace is Helvetica, fpdf's own, when no Latin font is found.
var coreFace = fontKey{s: numScripts}

// faceFor returns the face that writes k: its own font, else the Latin
// font, else Helvetica.
func (d *doc) faceFor(k fontKey) fontKey {
	if f, ok := d.faces[k]; ok {
		return f
	}
	f := k
	if d.fonts.file(k) == nil {
		d.fonts.warnMissing(k.s)
		f = fontKey{s: scriptLatin, bold: k.bold}
		if d.fonts.file(f) == nil {
			f = fontKey{s: numScripts, bold: k.bold}
		}
	}
	d.faces[k] = f
	return f
}

// setFont selects a face at a size, adding its font to the document the
// first time.
func (d *doc) setFont(k fontKey, size float64) {
	if k == d.cur && size == d.curSize {
		return
	}
	style := ""
	if k.bold {
		style = "B"
	}
	family := "helvetica"
	if k.s != numScripts {
		family = "s" + strconv.Itoa(int(k.s))
		if !d.added[k] {
			d.pdf.AddUTF8FontFromBytes(family, style, d.fonts.file(k).data)
			d.added[k] = true
		}
	}
	d.pdf.SetFont(family, style, size)
	d.cur, d.curSize = k, size
}

// width returns the width of r in face at one point of size, in mm.
func (d *doc) glyphWidth(face fontKey, r rune) float64 {
	key := glyphKey{face, r}
	if w, ok := d.widths[key]; ok {
		return w
	}
	size := d.curSize
	if face != d.cur {
		size = 10
	}
	d.setFont(face, size)
	s := string(r)
	if face.s == numScripts {
		s = d.latin1(s)
	}
	w := float64(d.pdf.GetStringSymbolWidth(s)) / 1000 / d.pdf.GetConversionRatio()
	d.widths[key] = w
	return w
}

// encode turns text into what fpdf takes for the face: UTF-8, or the
// core font's single bytes.
func (d *doc) encode(face fontKey, s string) string {
	if face.s == numScripts {
		return d.latin1(s)
	}
	return s
}

// ensure starts a new page when h millimetres more do not fit on this one.
func (d *doc) ensure(h float64) {
	if !d.noBreak && d.pdf.GetY()+h > d.bottom {
		d.newPage()
	}
}

// newPage starts a page. fpdf selects again the font of before the
// header, whatever the header drew in last: the next setFont must select.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.cur = fontKey{s: numScripts + 1}
}
