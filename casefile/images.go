package casefile

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // decodes the PNGs fpdf cannot embed as they are
	"io"

	"codeberg.org/go-pdf/fpdf"

	"github.com/county/emessage"
)

// Uploaded images (JPEG, PNG) are appended after the records, each on a
// page of its own, scaled to the page; at most
// emessage.MaxExportImageBytes of them. Uploaded PDFs are listed and not
// appended: fpdf cannot import a PDF's pages (docs/EXPORT.md).

// maxPixels bounds an image decoded to be embedded again (a PNG fpdf
// cannot embed as it is: interlaced, 16 bits): 40 million pixels, 160 MB
// decoded at most.
const maxPixels = 40_000_000

// appended is an upload to append, with its record.
type appended struct {
	n      int
	m      *emessage.Message
	upload emessage.Upload
}

// plan decides what becomes of an upload of record n and says it.
func (e *export) plan(n int, m *emessage.Message, u emessage.Upload) string {
	switch u.ContentType {
	case "image/jpeg", "image/png":
		if e.imageBytes+u.Size > emessage.MaxExportImageBytes {
			return fmt.Sprintf("image not appended: an export appends at most %d MB of images", emessage.MaxExportImageBytes>>20)
		}
		e.imageBytes += u.Size
		e.appendix = append(e.appendix, appended{n: n, m: m, upload: u})
		return fmt.Sprintf("image appended at the end of this file (image %d)", len(e.appendix))
	case "application/pdf":
		return "PDF attached in the portal record, not embedded"
	}
	return "not embedded"
}

// images appends the planned images, one a page.
func (e *export) images() {
	for i, a := range e.appendix {
		if e.ctx.Err() != nil {
			return
		}
		e.newPage()
		e.text(fmt.Sprintf("Image %d: %s, uploaded to record %d (%s)", i+1, a.upload.Filename, a.n, a.m.Subject), sizeLabel, true)
		e.gap(2)
		if err := e.image(a.upload); err != nil {
			e.log.WarnContext(e.ctx, "casefile: an image is not appended", "upload", a.upload.PublicID, "err", err)
			e.text("This image could not be appended: download it from the record in e-Messages.", sizeBody, false)
		}
	}
}

// image draws an upload below the caption, as large as the page allows.
func (e *export) image(u emessage.Upload) error {
	rc, err := e.x.OpenUpload(e.ctx, u)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(rc, emessage.MaxUploadSize+1))
	rc.Close()
	if err != nil {
		return err
	}
	kind := "JPG"
	if u.ContentType == "image/png" {
		kind = "PNG"
	}
	name := u.PublicID
	info := e.register(name, kind, data)
	if info == nil {
		// fpdf takes baseline JPEGs and 8-bit PNGs as they are; anything
		// else is decoded and embedded again as a JPEG.
		if data, err = reencode(data); err != nil {
			return err
		}
		name, kind = name+"-jpeg", "JPG"
		if info = e.register(name, kind, data); info == nil {
			return fmt.Errorf("fpdf refused the image")
		}
	}
	iw, ih := info.Width(), info.Height()
	if iw <= 0 || ih <= 0 {
		return fmt.Errorf("empty image")
	}
	top := e.pdf.GetY()
	boxW, boxH := e.width, e.bottom-top
	scale := min(boxW/iw, boxH/ih)
	w, h := iw*scale, ih*scale
	e.pdf.ImageOptions(name, margin+(boxW-w)/2, top, w, h, false, fpdf.ImageOptions{ImageType: kind}, 0, "")
	return nil
}

// register adds an image to the document, nil when fpdf refuses it (its
// error is cleared: the export goes on without it).
func (e *export) register(name, kind string, data []byte) *fpdf.ImageInfoType {
	info := e.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if e.pdf.Err() {
		e.pdf.ClearError()
		return nil
	}
	return info
}

// reencode decodes an image and encodes it as a JPEG.
func reencode(data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("image of %dx%d pixels is too large to embed", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
