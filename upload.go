package emessage

import (
	"bytes"
	"fmt"
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

// typeExtensions are the extensions a file of each upload type is named
// with, the first being the one given.
var typeExtensions = map[string][]string{
	TypePDF:  {".pdf"},
	TypeJPEG: {".jpg", ".jpeg"},
	TypePNG:  {".png"},
}

// UploadName is the name an upload of contentType is kept, shown and
// downloaded under: the customer's name cleaned (CleanFileName) and ending
// in its type's extension, whatever it was called (a PNG sent as
// pay-stub.html is pay-stub.png), so that no program opens it as something
// else. A name already ending so keeps its own spelling (scan.JPEG).
func UploadName(name, contentType string) string {
	name = CleanFileName(name)
	exts := typeExtensions[contentType]
	if len(exts) == 0 {
		return name
	}
	base := name
	if i := strings.LastIndexByte(name, '.'); i > 0 && isExtension(name[i+1:]) {
		for _, e := range exts {
			if strings.EqualFold(name[i:], e) {
				return name
			}
		}
		base = name[:i]
	}
	if r := []rune(base); len(r) > 200-len(exts[0]) {
		base = string(r[:200-len(exts[0])])
	}
	return CleanFileName(base + exts[0])
}

// isExtension reports whether s, what follows a name's last dot, reads as
// a file extension (1 to 8 letters or digits) rather than part of the name.
func isExtension(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
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

// FileSize writes a byte count for people ("2.4 MB", "312 KB", "80
// bytes"), as the worker pages and the case file list uploads.
func FileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
