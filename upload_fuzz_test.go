package emessage

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDetectUploadType: any bytes are refused or accepted as one of the
// three types, never with a panic, and what is accepted is what it claims
// to be: a PNG or JPEG decodes whole, a PDF starts with %PDF- and has
// nothing but padding after its last %%EOF. What CheckUpload keeps of them
// is a piece of the bytes that DetectUploadType takes as the type it names,
// and what it leaves out is counted and is neither markup nor a program.
func FuzzDetectUploadType(f *testing.F) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var p, j bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		f.Fatal(err)
	}
	if err := jpeg.Encode(&j, img, nil); err != nil {
		f.Fatal(err)
	}
	pdf := "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n" +
		"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n"
	for _, seed := range [][]byte{
		p.Bytes(), j.Bytes(), p.Bytes()[:20], j.Bytes()[:10], append(p.Bytes(), "%PDF-1.4"...), append(j.Bytes(), "PK\x03\x04"...),
		[]byte(pdf), []byte(pdf + "\x00\x00"), []byte(pdf + "<script>"), []byte("%PDF-1.7\n"), []byte("%%EOF %PDF-"),
		[]byte("MZ\x90\x00"), []byte("<html><script>"), nil,
		// Trimming: a phone's trailer, FF D9 inside a segment, stray bytes around a PDF, polyglots.
		append(bytes.Clone(j.Bytes()), "\x00\x00\x00\x18ftypmp42 MotionPhoto_Data SEFH"...),
		append(append([]byte("\xff\xd8\xff\xe1\x00\x08Ex\xff\xd9\x00\x00"), j.Bytes()[2:]...), "SEFT"...),
		append(bytes.Clone(j.Bytes()), j.Bytes()...), append(bytes.Clone(j.Bytes()), "<svg>\xff\xd9"...),
		append(bytes.Clone(j.Bytes()), "PK\x05\x06\x00\x00"...),
		[]byte("\x00junk\r\n" + pdf), []byte(pdf + "\x01\x02trailer"), []byte("MZ\x90\x00" + pdf), []byte("<p>" + pdf),
		[]byte(strings.Repeat(" ", 1020) + pdf), []byte(strings.TrimSuffix(pdf, "\n") + "\r\n\r\x7f"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		switch typ := DetectUploadType(data); typ {
		case "":
		case TypePDF:
			end := bytes.LastIndex(data, []byte("%%EOF"))
			if !bytes.HasPrefix(data, []byte("%PDF-")) || end < 0 || len(bytes.Trim(data[end+5:], "\x00\r\n\t ")) > 0 {
				t.Fatalf("accepted as a PDF: %q", data)
			}
		case TypePNG:
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("accepted as a PNG, but: %v", err)
			}
		case TypeJPEG:
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("accepted as a JPEG, but: %v", err)
			}
		default:
			t.Fatalf("unknown type %q", typ)
		}
		c, err := CheckUpload("f", data)
		if err != nil {
			return
		}
		start := bytes.Index(data, c.Data)
		switch {
		case DetectUploadType(c.Data) != c.Type:
			t.Fatalf("kept %q as %s, which DetectUploadType calls %q", c.Data, c.Type, DetectUploadType(c.Data))
		case start < 0 || c.Trimmed != len(data)-len(c.Data):
			t.Fatalf("kept %d bytes, not a piece of the %d given with %d trimmed", len(c.Data), len(data), c.Trimmed)
		case c.Trimmed > 0 && (foreignContent(data[:start]) || foreignContent(data[start+len(c.Data):])):
			t.Fatalf("left out markup or a program around %q", c.Data)
		}
	})
}

// FuzzCleanFileName: whatever a customer calls a file, the name kept is
// one non-empty path element of at most 200 characters with no control or
// invisible formatting characters, and cleaning it again changes nothing.
func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{
		"payslip.pdf", "", ".", "..", "../../etc/passwd", `C:\Users\ana\scan.jpg`, "a/b\\c",
		"evil\u202Egpj.exe", "tab\there\n.png", " . ", "\xff\xfe.pdf", strings.Repeat("é", 250) + ".pdf",
		strings.Repeat(".", 300), strings.Repeat("a", 199) + " .x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := CleanFileName(name)
		switch {
		case got == "":
			t.Fatalf("CleanFileName(%q) is empty", name)
		case strings.ContainsAny(got, `/\`):
			t.Fatalf("CleanFileName(%q) = %q holds a path separator", name, got)
		case !utf8.ValidString(got):
			t.Fatalf("CleanFileName(%q) = %q is not valid UTF-8", name, got)
		case utf8.RuneCountInString(got) > 200:
			t.Fatalf("CleanFileName(%q) has %d characters", name, utf8.RuneCountInString(got))
		case got == "." || got == "..":
			t.Fatalf("CleanFileName(%q) = %q", name, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("CleanFileName(%q) = %q holds %U", name, got, r)
			}
		}
		if again := CleanFileName(got); again != got {
			t.Fatalf("CleanFileName is not stable: %q, then %q", got, again)
		}
	})
}
