package emessage

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// EncodeCursor turns a list position into an opaque string.
func EncodeCursor(c Cursor) string {
	raw := strconv.FormatInt(c.CreatedAt.UnixMicro(), 10) + "|" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor reads a string made by EncodeCursor.
func DecodeCursor(s string) (*Cursor, error) {
	bad := FieldError(EInvalid, "cursor", "The cursor is not valid; start the list again.")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	at, id, ok := strings.Cut(string(raw), "|")
	if !ok || id == "" {
		return nil, bad
	}
	us, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return nil, bad
	}
	return &Cursor{CreatedAt: time.UnixMicro(us).UTC(), ID: id}, nil
}
