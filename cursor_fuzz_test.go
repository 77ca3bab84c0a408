package emessage

import (
	"testing"
	"time"
)

// FuzzDecodeCursor: any string either decodes to a cursor that encodes and
// decodes back to itself, or is refused as an invalid cursor; and any
// cursor encodes to a string that decodes back to it.
func FuzzDecodeCursor(f *testing.F) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 891011000, time.UTC)
	for _, c := range []Cursor{{CreatedAt: now, ID: "01JQ0000000000000000000000"}, {ID: "x|y"}, {CreatedAt: time.UnixMicro(-1), ID: "é"}} {
		f.Add(EncodeCursor(c), c.CreatedAt.UnixMicro(), c.ID)
	}
	for _, s := range []string{"", "=", "fA", "MTIz", "MTIzfA", "fGFi", "LTF8eA", "KzF8eA", "OTIyMzM3MjAzNjg1NDc3NTgwOHx4"} {
		f.Add(s, int64(0), "id")
	}
	f.Fuzz(func(t *testing.T, s string, us int64, id string) {
		c, err := DecodeCursor(s)
		if err != nil {
			if c != nil || ErrorCode(err) != EInvalid || ErrorField(err) != "cursor" {
				t.Fatalf("DecodeCursor(%q) = %v, %v; want nil and an invalid cursor", s, c, err)
			}
		} else {
			back, err := DecodeCursor(EncodeCursor(*c))
			if err != nil || !back.CreatedAt.Equal(c.CreatedAt) || back.ID != c.ID {
				t.Fatalf("DecodeCursor(%q) = %+v, which reads back as %+v, %v", s, c, back, err)
			}
		}
		if id == "" {
			return // EncodeCursor is never given a cursor without an id
		}
		in := Cursor{CreatedAt: time.UnixMicro(us).UTC(), ID: id}
		out, err := DecodeCursor(EncodeCursor(in))
		if err != nil || !out.CreatedAt.Equal(in.CreatedAt) || out.ID != in.ID {
			t.Fatalf("cursor %+v reads back as %+v, %v", in, out, err)
		}
	})
}
