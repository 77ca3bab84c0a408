// Package qrcode draws a QR code as a PNG image in a data: address, for
// a page to show without a request of its own (the worker's authenticator
// set-up: the app's camera reads the otpauth:// address from it).
package qrcode

import (
	"encoding/base64"
	"html/template"

	"rsc.io/qr"
)

// DataURL returns text as a QR code (error correction M, 4 pixels a module)
// in a PNG data: address. html/template lets the result through as an image
// source: it is made here from our own bytes, never from what a user typed.
func DataURL(text string) (template.URL, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	code.Scale = 4
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(code.PNG())), nil
}
