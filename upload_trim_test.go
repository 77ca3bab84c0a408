package emessage_test

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// jpegWithEXIF is a JPEG whose APP1 segment holds the bytes FF D9, as an
// EXIF thumbnail's end does: a search for the first FF D9 would cut there.
func jpegWithEXIF(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), nil); err != nil {
		tb.Fatal(err)
	}
	app1 := []byte("Exif\x00\x00 thumbnail \xff\xd8\xff\xdb tiny \xff\xd9 end")
	seg := append([]byte{0xff, 0xe1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	out := append([]byte{}, buf.Bytes()[:2]...)
	out = append(out, seg...)
	return append(out, buf.Bytes()[2:]...)
}

// motionTrailer is what a phone's camera writes after a photo's end: a
// Motion Photo's MP4 and a Samsung SEF block.
const motionTrailer = "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x10\x00moov video bytes \x01\x02\x03" +
	"MotionPhoto_Data\x00\x00SEFH\x01\x00\x00\x00Image_UTC_Data1699999999999SEFT"

func TestCheckUpload(t *testing.T) {
	photo := jpegWithEXIF(t)
	pdf := testrig.PDF("Paystub")
	cat := func(parts ...string) []byte { return []byte(strings.Join(parts, "")) }
	zipped := "PK\x03\x04\x14\x00\x00\x00 payload.exe PK\x01\x02 central PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00"
	tests := []struct {
		name    string
		data    []byte
		want    []byte // what is stored; nil when refused
		wantErr string
	}{
		{"a plain jpeg, whole", photo, photo, ""},
		{"a jpeg with FF D9 in its EXIF and a motion photo after its end", cat(string(photo), motionTrailer), photo, ""},
		{"a jpeg followed by a second picture (MPO, gain map)", cat(string(photo), string(photo)), photo, ""},
		{"a jpeg with padding after its end, whole", cat(string(photo), "\x00\x00\r\n"), cat(string(photo), "\x00\x00\r\n"), ""},
		{"a pdf with bytes before its header", cat("\x00\x00MacBinary junk\r\n", string(pdf)), pdf, ""},
		{"a pdf with bytes after its last %%EOF", cat(string(pdf), "\x00\x01\x02 scanner trailer"), pdf, ""},
		{"a pdf ending in CRLF and then junk", cat(strings.TrimSuffix(string(pdf), "\n"), "\r\n\x7f\x7f"), cat(strings.TrimSuffix(string(pdf), "\n"), "\r\n"), ""},

		{"a jpeg with html after its end", cat(string(photo), "\x00\x00<HTML><body>hi"), nil, "web page"},
		{"a jpeg with html after its end, ending in FF D9", cat(string(photo), "<html><script>alert(1)</script>\xff\xd9"), nil, "web page"},
		{"a jpeg with a script deep in its trailer", cat(string(photo), motionTrailer, " <script>alert(1)</script>"), nil, "web page"},
		{"a jpeg with a zip after its end", cat(string(photo), zipped), nil, "archive"},
		{"a jpeg with a zip whose end record is in the trailer", cat(string(photo), motionTrailer, zipped[10:]), nil, "archive"},
		{"a jpeg with a program after its end", cat(string(photo), "\x7fELF\x02\x01\x01"), nil, "program"},
		{"a jpeg with a pdf after its end", cat(string(photo), string(pdf)), nil, "program"},
		{"an exe with a pdf inside its first 1024 bytes", cat("MZ\x90\x00\x03\x00", string(pdf)), nil, "program"},
		{"a web page with a pdf inside", cat("<!DOCTYPE html><script>x</script>", string(pdf)), nil, "web page"},
		{"a pdf with an svg after its end", cat(string(pdf), "\n<svg onload=alert(1)>"), nil, "web page"},
		{"a pdf header after 1024 bytes", cat(strings.Repeat("x", 1025), string(pdf)), nil, "not a PDF"},
		{"a jpeg cut short, trailer or not", cat(string(photo[:len(photo)/2]), motionTrailer), nil, "not a PDF"},
		{"a jpeg whose segments break", cat("\xff\xd8\xff\xe0\x00\x02\x00garbage", motionTrailer), nil, "not a PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := emessage.CheckUpload("pay.jpg", tt.data)
			if tt.want == nil {
				if err == nil || emessage.ErrorCode(err) != emessage.EUnsupportedType || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %d bytes of %q, %v; want refused with %q", len(got.Data), got.Type, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Data, tt.want) || got.Trimmed != len(tt.data)-len(tt.want) {
				t.Fatalf("kept %d bytes (%d trimmed), want %d (%d trimmed)", len(got.Data), got.Trimmed, len(tt.want), len(tt.data)-len(tt.want))
			}
			if got.Type != emessage.DetectUploadType(tt.want) {
				t.Fatalf("type %q", got.Type)
			}
		})
	}
}

func TestUploadName(t *testing.T) {
	tests := []struct{ name, typ, want string }{
		{"pay-stub.html", emessage.TypePNG, "pay-stub.png"},
		{"notice.svg", emessage.TypePDF, "notice.pdf"},
		{"scan.JPEG", emessage.TypeJPEG, "scan.JPEG"},
		{"photo.jpg", emessage.TypeJPEG, "photo.jpg"},
		{"IMG_0001", emessage.TypeJPEG, "IMG_0001.jpg"},
		{"report v2.1 final", emessage.TypePDF, "report v2.1 final.pdf"},
		{"../../etc/passwd", emessage.TypePDF, "passwd.pdf"},
		{"evil\u202Egpj.exe", emessage.TypePNG, "evilgpj.png"},
		{"", emessage.TypePDF, "document.pdf"},
		{strings.Repeat("a", 250) + ".exe", emessage.TypePDF, strings.Repeat("a", 196) + ".pdf"},
	}
	for _, tt := range tests {
		if got := emessage.UploadName(tt.name, tt.typ); got != tt.want {
			t.Errorf("UploadName(%q, %s) = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}
