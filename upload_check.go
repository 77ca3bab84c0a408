package emessage

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"strconv"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// maxPixels refuses images that would decode to more memory than any phone
// photo needs (a decompression bomb fits in a few kilobytes).
const maxPixels = 50_000_000

// decodeSlots bounds how many images decode at once, each up to maxPixels.
var decodeSlots = make(chan struct{}, 2)

// trailingSpace reports whether rest holds only padding.
func trailingSpace(rest []byte) bool {
	return len(bytes.Trim(rest, "\x00\r\n\t ")) == 0
}

var (
	pdfVersion   = regexp.MustCompile(`^%PDF-[12]\.\d`)
	pdfObjStart  = regexp.MustCompile(`^\s*\d+\s+\d+\s+obj\b`)
	pdfStartxref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
)

// checkPDF checks a PDF's frame: its version header, objects, and a
// cross-reference that startxref points at, with nothing after the last %%EOF.
func checkPDF(data []byte) bool {
	if !pdfVersion.Match(data) {
		return false
	}
	end := bytes.LastIndex(data, []byte("%%EOF"))
	if end < 0 || !trailingSpace(data[end+5:]) {
		return false
	}
	tail := data[max(0, end-64) : end+5]
	m := pdfStartxref.FindSubmatch(tail)
	if m == nil {
		return false
	}
	off, err := strconv.Atoi(string(m[1]))
	if err != nil || off <= 0 || off >= len(data) {
		return false
	}
	at := bytes.TrimLeft(data[off:min(len(data), off+64)], "\x00\r\n\t ")
	if !bytes.HasPrefix(at, []byte("xref")) && !pdfObjStart.Match(at) {
		return false
	}
	return bytes.Contains(data, []byte("endobj"))
}

// checkPNG walks every chunk, checking its CRC, from IHDR to IEND with
// nothing after, then decodes the image.
func checkPNG(data []byte) bool {
	rest := data[len(pngSignature):]
	first := true
	for {
		if len(rest) < 12 {
			return false
		}
		n := binary.BigEndian.Uint32(rest)
		if n > uint32(len(rest)-12) {
			return false
		}
		typ := rest[4:8]
		if binary.BigEndian.Uint32(rest[8+n:]) != crc32.ChecksumIEEE(rest[4:8+n]) {
			return false
		}
		if first != bytes.Equal(typ, []byte("IHDR")) {
			return false
		}
		first = false
		rest = rest[12+n:]
		if bytes.Equal(typ, []byte("IEND")) {
			break
		}
	}
	if len(rest) != 0 {
		return false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width*cfg.Height > maxPixels {
		return false
	}
	return decodes(data, png.Decode)
}

// checkJPEG decodes a JPEG whole and refuses anything after its end marker,
// found by walking its segments (jpegEnd): a file that merely ends in FF D9
// may hide anything between the picture's end and its own.
func checkJPEG(data []byte) bool {
	end := jpegEnd(data)
	if end == 0 || !trailingSpace(data[end:]) {
		return false
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width*cfg.Height > maxPixels {
		return false
	}
	return decodes(data, jpeg.Decode)
}

func decodes(data []byte, decode func(r io.Reader) (image.Image, error)) bool {
	decodeSlots <- struct{}{}
	defer func() { <-decodeSlots }()
	_, err := decode(bytes.NewReader(data))
	return err == nil
}
