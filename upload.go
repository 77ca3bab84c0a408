package emessage

import (
	"bytes"
	"image/jpeg"
	"image/png"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The upload types an SSP user may send (R9).
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
)

// UploadFile is a file as the customer sent it.
type UploadFile struct {
	Name string
	Data []byte
}

// DetectUploadType decides a file's type by its content, never its name: a PDF
// must start and end as a PDF, an image must decode its header. It returns ""
// for anything else.
func DetectUploadType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := data[max(0, len(data)-1024):]
		if bytes.Contains(tail, []byte("%%EOF")) {
			return TypePDF
		}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if _, err := png.DecodeConfig(bytes.NewReader(data)); err == nil {
			return TypePNG
		}
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		if _, err := jpeg.DecodeConfig(bytes.NewReader(data)); err == nil {
			return TypeJPEG
		}
	}
	return ""
}

// CleanFileName keeps a customer's file name for display only: the last
// element of a path, without control or invisible formatting characters
// (such as right-to-left overrides), at most 200 characters; "document" when
// nothing is left. It is never used as a path.
func CleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if r := []rune(name); len(r) > 200 {
		name = strings.TrimRight(string(r[:200]), " .")
	}
	if name == "" {
		name = "document"
	}
	return name
}
