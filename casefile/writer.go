// Package casefile writes the case file export of SPEC section 21: one PDF
// of a case's e-Messages (or one thread) for the case record, with
// codeberg.org/go-pdf/fpdf. The service gathers what goes in it
// (emessage.CaseExport); this package lays it out: a header with the
// county and case on every page, "Page N of M" in the footer, every record
// oldest first with its history, read receipt, "seen by" and uploads, then
// the uploaded images, each on a page of its own.
//
// Text is written in the language it was written in: each run of text in
// the font of its script (fonts.go), Arabic and Farsi shaped (arabic.go)
// and laid out right to left (bidi.go). docs/EXPORT.md says what is and
// is not shaped.
package casefile

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/county/emessage"
)

// Writer writes case file exports: an emessage.CaseFileWriter.
type Writer struct {
	Fonts *Fonts
	Log   *slog.Logger
}

// NewWriter returns a writer with the fonts of dirs (DefaultFontDirs when none).
func NewWriter(log *slog.Logger, dirs ...string) *Writer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Writer{Fonts: NewFonts(log, dirs...), Log: log}
}

// Page geometry, in millimetres: US Letter.
const (
	margin    = 18.0
	headerTop = 10.0
	bodyTop   = 30.0
	footerH   = 12.0
)

// WriteCaseFile writes the export x as a PDF to w.
func (wr *Writer) WriteCaseFile(ctx context.Context, w io.Writer, x *emessage.CaseExport) (err error) {
	defer func() {
		if p := recover(); p != nil { // fpdf panics on some inputs: an error, not a crash
			err = fmt.Errorf("casefile: %v", p)
		}
	}()
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.AliasNbPages("{nb}")
	pdf.SetCellMargin(0)
	pdf.SetMargins(margin, bodyTop, margin)
	pdf.SetAutoPageBreak(false, footerH+margin/2)
	pdf.SetCreationDate(x.GeneratedAt)
	pdf.SetModificationDate(x.GeneratedAt)
	pdf.SetCatalogSort(true)
	pdf.SetCreator("e-Messages", true)
	pdf.SetTitle("Case file "+x.Case.Number, true)
	pageW, pageH := pdf.GetPageSize()
	d := &doc{
		pdf: pdf, fonts: wr.Fonts, left: margin, width: pageW - 2*margin, bottom: pageH - footerH - margin/2,
		faces: map[fontKey]fontKey{}, added: map[fontKey]bool{}, widths: map[glyphKey]float64{},
		cur: fontKey{s: numScripts + 1}, latin1: pdf.UnicodeTranslatorFromDescriptor(""),
	}
	e := &export{doc: d, x: x, ctx: ctx, log: wr.Log}
	pdf.SetHeaderFunc(e.header)
	pdf.SetFooterFunc(e.footer)
	d.newPage()
	if err := e.records(); err != nil {
		return err
	}
	e.images()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("casefile: %w", err)
	}
	return pdf.Output(w)
}

// export is the writing of one export.
type export struct {
	*doc
	x   *emessage.CaseExport
	ctx context.Context
	log *slog.Logger
	// images are the uploads to append after the records, with the
	// record they came with.
	appendix []appended
	// imageBytes are the bytes of the images planned so far.
	imageBytes int64
}

// header draws the county, the case and who made the export when.
func (e *export) header() {
	e.noBreak = true
	defer func() { e.noBreak = false }()
	x := e.x
	e.pdf.SetY(headerTop)
	title := fmt.Sprintf("%s County · Case %s", x.County.Name, x.Case.Number)
	if x.ThreadID != "" {
		title += " · Thread " + x.ThreadID
	}
	e.text(title, 12, true)
	e.text(fmt.Sprintf("Case file export, generated %s by %s", e.when(x.GeneratedAt), x.GeneratedBy), 8.5, false)
	y := e.pdf.GetY() + 1.5
	e.pdf.SetDrawColor(120, 120, 120)
	e.pdf.Line(margin, y, margin+e.width, y)
	e.pdf.SetY(bodyTop)
}

// footer draws "Page N of M".
func (e *export) footer() {
	e.noBreak = true
	defer func() { e.noBreak = false }()
	_, pageH := e.pdf.GetPageSize()
	face := e.faceFor(fontKey{s: scriptLatin})
	e.setFont(face, 8.5)
	e.pdf.SetXY(margin, pageH-margin/2-footerH+4)
	e.pdf.CellFormat(e.width, 5, fmt.Sprintf("Page %d of {nb}", e.pdf.PageNo()), "", 0, "C", false, 0, "")
}

// when writes a time in the county's zone, as the worker site does.
func (e *export) when(t time.Time) string {
	loc := e.x.Location
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("01/02/2006 3:04 PM MST")
}
