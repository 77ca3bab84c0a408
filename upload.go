package emessage

import (
	"bytes"
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

// DetectUploadType decides a file's type by its whole content, never its
// name (R9): a PDF must be built as a PDF from its header to its last %%EOF,
// a PNG or JPEG must decode completely, and none may carry anything after
// its end (the mark of a polyglot, a file that is two types at once). It
// returns "" for anything else.
func DetectUploadType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		if checkPDF(data) {
			return TypePDF
		}
	case bytes.HasPrefix(data, pngSignature):
		if checkPNG(data) {
			return TypePNG
		}
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		if checkJPEG(data) {
			return TypeJPEG
		}
	}
	return ""
}

// TooManyFiles is the refusal of a sixth document on one request (R9).
func TooManyFiles() *Error {
	return FieldError(ETooManyFiles, "file", "You can upload at most %d files to one request.", MaxUploadsPerItem)
}

// TooLarge is the refusal of a document over MaxUploadSize (R9).
func TooLarge(name string) *Error {
	return FieldError(ETooLarge, "file", "%s is larger than 10 MB.", CleanFileName(name))
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
