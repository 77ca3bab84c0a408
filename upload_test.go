package emessage_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{R: 200, A: 255})
	}
	return img
}

func TestDetectUploadType(t *testing.T) {
	pdf := testrig.PDF("Paystub")
	var pngBuf, jpgBuf bytes.Buffer
	png.Encode(&pngBuf, testImage())
	jpeg.Encode(&jpgBuf, testImage(), nil)
	pngData, jpgData := pngBuf.Bytes(), jpgBuf.Bytes()
	badCRC := bytes.Clone(pngData)
	badCRC[len(badCRC)-20] ^= 0xff // inside the last data chunk
	badXref := bytes.Replace(pdf, []byte("startxref\n"), []byte("startxref\n9"), 1)
	cat := func(a []byte, b string) []byte { return append(bytes.Clone(a), b...) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", pdf, emessage.TypePDF},
		{"pdf with trailing newlines", cat(pdf, "\r\n\n"), emessage.TypePDF},
		{"png", pngData, emessage.TypePNG},
		{"jpeg", jpgData, emessage.TypeJPEG},
		{"pdf with a zip after its end", cat(pdf, "PK\x05\x06\x00\x00\x00\x00"), ""},
		{"pdf with html after its end", cat(pdf, "<script>alert(1)</script>"), ""},
		{"pdf whose startxref points nowhere", badXref, ""},
		{"pdf header and end only", []byte("%PDF-1.4\n%%EOF\n"), ""},
		{"truncated pdf", pdf[:len(pdf)/2], ""},
		{"png with data after IEND", cat(pngData, "<html>"), ""},
		{"png with a broken chunk", badCRC, ""},
		{"truncated png", pngData[:len(pngData)-10], ""},
		{"jpeg with html after its end", cat(jpgData, "<html><script>alert(1)</script>"), ""},
		{"jpeg with html after its end, then FF D9", cat(jpgData, "<html><script>alert(1)</script>\xff\xd9"), ""},
		{"jpeg with a second jpeg after its end", cat(jpgData, string(jpgData)), ""},
		{"truncated jpeg", jpgData[:len(jpgData)/2], ""},
		{"exe named pdf", []byte("MZ\x90\x00"), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"fake png", []byte("\x89PNG\r\n\x1a\nnot really"), ""},
		{"fake jpeg", []byte("\xff\xd8\xff\xe0garbage\xff\xd9"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		if got := emessage.DetectUploadType(tt.data); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDecompressionBomb: a PNG that claims a huge picture is refused before
// it is decoded; its few bytes would otherwise become gigabytes.
func TestDecompressionBomb(t *testing.T) {
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		body := append([]byte(typ), data...)
		out = append(out, body...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, 100_000)
	ihdr = binary.BigEndian.AppendUint32(ihdr, 60_000)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit gray
	var zeros bytes.Buffer
	w := zlib.NewWriter(&zeros)
	w.Write(make([]byte, 1<<16))
	w.Close()
	bomb := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	bomb = append(bomb, chunk("IDAT", zeros.Bytes())...)
	bomb = append(bomb, chunk("IEND", nil)...)
	if got := emessage.DetectUploadType(bomb); got != "" {
		t.Fatalf("a 6-gigapixel PNG of %d bytes was taken as %q", len(bomb), got)
	}
}
