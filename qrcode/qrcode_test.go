package qrcode

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"
)

// TestDataURL: the address holds a PNG image, square, of the size a QR code
// of that text has (a version holds 17+4v modules, and 4 of quiet zone a side).
func TestDataURL(t *testing.T) {
	u, err := DataURL("otpauth://totp/e-Messages:jdoe?secret=JBSWY3DPEHPK3PXP&issuer=e-Messages")
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(string(u), "data:image/png;base64,")
	if !ok {
		t.Fatalf("not a PNG data address: %.40s", u)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w != h || w%4 != 0 || (w/4-8-17)%4 != 0 {
		t.Fatalf("image %dx%d is not a QR code at 4 pixels a module", w, h)
	}
}
