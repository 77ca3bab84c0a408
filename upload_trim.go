package emessage

import (
	"bytes"
	"encoding/binary"
)

// CheckedUpload is an accepted upload as it is stored: its type, and its
// bytes without what a phone or a scanner added around the document.
type CheckedUpload struct {
	Type string
	Data []byte
	// Trimmed counts the bytes taken off: before a PDF's header, after a
	// JPEG's end marker or a PDF's last %%EOF.
	Trimmed int
}

// pdfHeaderWindow is how far into a file a PDF's header may start, as PDF
// readers allow (bytes a mail or transfer program put before it).
const pdfHeaderWindow = 1024

// CheckUpload decides what a customer's file is (R9) and what of it to
// keep. A file DetectUploadType takes is kept whole. Otherwise two kinds of
// phone and scanner files are taken by their clean part: a JPEG with data
// after its end marker (Motion Photos, Samsung trailers), found by walking
// the JPEG's segments, and a PDF with stray bytes before its header (within
// its first 1024 bytes) or after its last %%EOF. The part left out must not
// look like something that could run or be opened as another type (markup,
// an archive, a program): such a file is refused as a polyglot. name is only
// for the error.
func CheckUpload(name string, data []byte) (CheckedUpload, error) {
	if t := DetectUploadType(data); t != "" {
		return CheckedUpload{Type: t, Data: data}, nil
	}
	start, end, typ := cleanPart(data)
	if typ != "" {
		if foreignContent(data[:start]) || foreignContent(data[end:]) {
			return CheckedUpload{}, FieldError(EUnsupportedType, "file",
				"%s holds a web page, an archive or a program besides the document, so it was refused.", CleanFileName(name))
		}
		if DetectUploadType(data[start:end]) == typ {
			return CheckedUpload{Type: typ, Data: data[start:end], Trimmed: len(data) - (end - start)}, nil
		}
	}
	return CheckedUpload{}, FieldError(EUnsupportedType, "file", "%s is not a PDF, JPEG or PNG file.", CleanFileName(name))
}

// cleanPart finds the document inside data: data[start:end] is a JPEG up to
// its end marker or a PDF from its header to its last %%EOF and line end.
// typ is "" when data is neither.
func cleanPart(data []byte) (start, end int, typ string) {
	if bytes.HasPrefix(data, []byte("\xff\xd8\xff")) {
		if end := jpegEnd(data); end > 0 {
			return 0, end, TypeJPEG
		}
		return 0, 0, ""
	}
	start = bytes.Index(data[:min(len(data), pdfHeaderWindow+len("%PDF-"))], []byte("%PDF-"))
	if start < 0 || start >= pdfHeaderWindow {
		return 0, 0, ""
	}
	eof := bytes.LastIndex(data, []byte("%%EOF"))
	if eof < start {
		return 0, 0, ""
	}
	end = eof + len("%%EOF")
	switch {
	case bytes.HasPrefix(data[end:], []byte("\r\n")):
		end += 2
	case bytes.HasPrefix(data[end:], []byte("\n")), bytes.HasPrefix(data[end:], []byte("\r")):
		end++
	}
	return start, end, TypePDF
}

// jpegEnd walks a JPEG's segments from its start marker and returns the
// offset just after its end marker (EOI), or 0 when the structure breaks
// first. Segment lengths are followed, not searched for FFD9: the bytes
// FF D9 may stand inside an APPn segment (EXIF, a thumbnail).
func jpegEnd(data []byte) int {
	i := 2 // after SOI
	for {
		if i >= len(data) || data[i] != 0xff {
			return 0
		}
		for i < len(data) && data[i] == 0xff { // fill bytes
			i++
		}
		if i >= len(data) {
			return 0
		}
		m := data[i]
		i++
		switch {
		case m == 0xd9: // EOI
			return i
		case m == 0x01 || m >= 0xd0 && m <= 0xd7: // TEM, RSTn: no length
			continue
		case m == 0x00 || m == 0xd8: // not a marker, or a second SOI
			return 0
		}
		if i+2 > len(data) {
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return 0
		}
		i += n
		if m == 0xda { // start of scan: entropy-coded data up to the next marker
			i = scanEnd(data, i)
		}
	}
}

// scanEnd returns the offset of the marker that ends entropy-coded data
// starting at i: an FF not followed by 00 (a stuffed byte), a restart
// marker or another FF (fill).
func scanEnd(data []byte, i int) int {
	for {
		j := bytes.IndexByte(data[i:], 0xff)
		if j < 0 {
			return len(data)
		}
		i += j
		if i+1 >= len(data) {
			return len(data)
		}
		switch n := data[i+1]; {
		case n == 0x00 || n >= 0xd0 && n <= 0xd7:
			i += 2
		case n == 0xff:
			i++
		default:
			return i
		}
	}
}

// foreignMagic starts files that run or open as something else: programs
// (Windows, Linux, macOS, Java, scripts), archives and PDF. Markup starts
// with "<".
var foreignMagic = [][]byte{
	[]byte("MZ"), []byte("\x7fELF"), []byte("\xfe\xed\xfa\xce"), []byte("\xfe\xed\xfa\xcf"), []byte("\xce\xfa\xed\xfe"),
	[]byte("\xcf\xfa\xed\xfe"), []byte("\xca\xfe\xba\xbe"), []byte("#!"), []byte("PK\x03\x04"), []byte("PK\x05\x06"),
	[]byte("Rar!\x1a\x07"), []byte("7z\xbc\xaf\x27\x1c"), []byte("\x1f\x8b"), []byte("%PDF-"), []byte("<"),
}

// foreignMarkup is markup a browser or viewer would act on, found anywhere
// (case-insensitive). Each is long enough not to turn up by chance in
// megabytes of video.
var foreignMarkup = [][]byte{
	[]byte("<html"), []byte("<head"), []byte("<body"), []byte("<script"), []byte("<svg"), []byte("<iframe"),
	[]byte("<object"), []byte("<embed"), []byte("<?xml"), []byte("<!doctype"), []byte("<meta"), []byte("<?php"),
	[]byte("<a href"), []byte("<img src"), []byte("javascript:"),
}

// zipEndWindow is where a ZIP reader looks for the end of central directory
// record: the last 22 bytes and a comment of up to 65535 bytes.
const zipEndWindow = 22 + 65535

// foreignContent reports whether part, a piece of an upload left out of
// what is stored, looks like markup, an archive or a program: a polyglot's
// other half, refused rather than quietly dropped.
func foreignContent(part []byte) bool {
	head := bytes.TrimLeft(part, "\x00\r\n\t ")
	for _, m := range foreignMagic {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	if bytes.Contains(part[max(0, len(part)-zipEndWindow):], []byte("PK\x05\x06")) {
		return true
	}
	lower := asciiLower(part)
	for _, m := range foreignMarkup {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

// asciiLower is b with A-Z lowered and every other byte as it is (binary
// data is not UTF-8, so bytes.ToLower would change its length).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
