package casefile

import (
	"os"
	"strings"
	"testing"
)

// TestScriptOf: each of the 19 languages' characters is written in the
// font of its script; digits, punctuation and marks as their neighbours.
func TestScriptOf(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want script
		mark bool
	}{
		{'A', scriptLatin, false}, {'ñ', scriptLatin, false}, {'ự', scriptLatin, false}, {'Ж', scriptLatin, false},
		{'ї', scriptLatin, false}, {'7', scriptLatin, false}, {'(', scriptLatin, false}, {'\u0301', scriptLatin, true},
		{'Ձ', scriptArmenian, false}, {'م', scriptArabic, false}, {'ی', scriptArabic, false}, {'\uFEFB', scriptArabic, false},
		{'۱', scriptArabic, false}, {'आ', scriptDevanagari, false}, {'।', scriptDevanagari, false}, {'ਤ', scriptGurmukhi, false},
		{'ក', scriptKhmer, false}, {'ກ', scriptLao, false}, {'ก', scriptThai, false}, {'中', scriptCJK, false},
		{'面', scriptCJK, false}, {'は', scriptCJK, false}, {'カ', scriptCJK, false}, {'면', scriptCJK, false},
		{'。', scriptCJK, false}, {'！', scriptCJK, false},
	} {
		if s, mark := scriptOf(tc.r); s != tc.want || mark != tc.mark {
			t.Errorf("scriptOf(%q) = %v, %v; want %v, %v", tc.r, s, mark, tc.want, tc.mark)
		}
	}
}

// TestFontChoice: with the Debian fonts, each script is written in its
// own font; without a font dir, every script falls back to Helvetica and
// says so once, and the export is still written.
func TestFontChoice(t *testing.T) {
	f := NewFonts(nil)
	want := map[script]string{
		scriptLatin: "NotoSans-Regular.ttf", scriptArmenian: "NotoSansArmenian-Regular.ttf",
		scriptArabic: "NotoNaskhArabic-Regular.ttf", scriptDevanagari: "NotoSansDevanagari-Regular.ttf",
		scriptGurmukhi: "NotoSansGurmukhi-Regular.ttf", scriptKhmer: "NotoSansKhmer-Regular.ttf",
		scriptLao: "NotoSansLao-Regular.ttf", scriptThai: "NotoSansThai-Regular.ttf", scriptCJK: "DroidSansFallbackFull.ttf",
	}
	if missing := f.Missing(); len(missing) > 0 {
		t.Fatalf("fonts missing on this machine: %v (scripts/test-deps.sh installs fonts-noto-core and fonts-droid-fallback)", missing)
	}
	for s, name := range want {
		if ff := f.file(fontKey{s: s}); ff == nil || !hasSuffix(ff.path, "/"+name) {
			t.Errorf("%v is written with %v, want %s", s, ff, name)
		}
	}
	if ff := f.file(fontKey{s: scriptCJK, bold: true}); ff == nil || !hasSuffix(ff.path, "/DroidSansFallbackFull.ttf") {
		t.Errorf("bold CJK, which has no bold font, is written with %v", ff)
	}
}

func hasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// TestImageFonts: the container image (scripts/image-context.sh) holds
// the first font of every script, and Latin's bold.
func TestImageFonts(t *testing.T) {
	script, err := os.ReadFile("../scripts/image-context.sh")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{fontFiles[scriptLatin].bold[0]}
	for s := range numScripts {
		want = append(want, fontFiles[s].regular[0])
	}
	for _, name := range want {
		if !strings.Contains(string(script), name) {
			t.Errorf("scripts/image-context.sh does not put %s in the image", name)
		}
	}
}
