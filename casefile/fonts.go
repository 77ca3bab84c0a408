package casefile

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// DefaultFontDirs are where Debian and Ubuntu install the fonts an export
// uses (serve --font-dir): the packages of fontFiles.
var DefaultFontDirs = []string{"/usr/share/fonts/truetype", "/usr/share/fonts"}

// fontFiles names, for each script, the TrueType files that may write it,
// best first, regular then bold, and the Debian package of the first. fpdf
// embeds TrueType (glyf) outlines only: the CFF fonts of fonts-noto-cjk
// cannot be used, so CJK is written with Droid Sans Fallback.
var fontFiles = [numScripts]struct {
	regular, bold []string
	pkg           string
}{
	scriptLatin:      {[]string{"NotoSans-Regular.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf"}, []string{"NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"}, "fonts-noto-core"},
	scriptArmenian:   {[]string{"NotoSansArmenian-Regular.ttf", "DejaVuSans.ttf"}, []string{"NotoSansArmenian-Bold.ttf", "DejaVuSans-Bold.ttf"}, "fonts-noto-core"},
	scriptArabic:     {[]string{"NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSans.ttf"}, []string{"NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf", "DejaVuSans-Bold.ttf"}, "fonts-noto-core"},
	scriptDevanagari: {[]string{"NotoSansDevanagari-Regular.ttf"}, []string{"NotoSansDevanagari-Bold.ttf"}, "fonts-noto-core"},
	scriptGurmukhi:   {[]string{"NotoSansGurmukhi-Regular.ttf"}, []string{"NotoSansGurmukhi-Bold.ttf"}, "fonts-noto-core"},
	scriptKhmer:      {[]string{"NotoSansKhmer-Regular.ttf"}, []string{"NotoSansKhmer-Bold.ttf"}, "fonts-noto-core"},
	scriptLao:        {[]string{"NotoSansLao-Regular.ttf"}, []string{"NotoSansLao-Bold.ttf"}, "fonts-noto-core"},
	scriptThai:       {[]string{"NotoSansThai-Regular.ttf"}, []string{"NotoSansThai-Bold.ttf"}, "fonts-noto-core"},
	scriptCJK:        {[]string{"DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"}, nil, "fonts-droid-fallback"},
}

// Fonts finds and keeps the fonts of each script, read from the font
// directories the first time an export needs them. A script without a
// font is written in the Latin font (its characters show as empty
// boxes), and the log says so once.
type Fonts struct {
	dirs []string
	log  *slog.Logger

	mu     sync.Mutex
	files  map[fontKey]*fontFile // nil: looked for, none found
	warned map[script]bool
}

// fontKey names a face: a script's regular or bold font.
type fontKey struct {
	s    script
	bold bool
}

// fontFile is a font's file and bytes.
type fontFile struct {
	path string
	data []byte
}

// NewFonts returns the fonts of dirs (DefaultFontDirs when none), logging
// to log what is missing.
func NewFonts(log *slog.Logger, dirs ...string) *Fonts {
	if len(dirs) == 0 {
		dirs = DefaultFontDirs
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Fonts{dirs: dirs, log: log, files: map[fontKey]*fontFile{}, warned: map[script]bool{}}
}

// Missing names the scripts that have no font in the directories, for
// serve to say at start (and not again when an export needs them).
func (f *Fonts) Missing() []string {
	var out []string
	for s := range numScripts {
		if f.file(fontKey{s: s}) == nil {
			out = append(out, s.String()+" ("+fontFiles[s].regular[0]+", "+fontFiles[s].pkg+")")
			f.mu.Lock()
			f.warned[s] = true
			f.mu.Unlock()
		}
	}
	return out
}

// file returns the font of a face, nil when there is none; a bold face
// without a file of its own is the regular one.
func (f *Fonts) file(k fontKey) *fontFile {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ff, ok := f.files[k]; ok {
		return ff
	}
	names := fontFiles[k.s].regular
	if k.bold {
		names = fontFiles[k.s].bold
	}
	ff := f.find(names)
	if ff == nil && k.bold {
		ff = f.files[fontKey{s: k.s}]
		if _, tried := f.files[fontKey{s: k.s}]; !tried {
			ff = f.find(fontFiles[k.s].regular)
			f.files[fontKey{s: k.s}] = ff
		}
	}
	f.files[k] = ff
	return ff
}

// find reads the first of names found in a font directory (or a folder
// of it, two levels down) that is a TrueType font.
func (f *Fonts) find(names []string) *fontFile {
	for _, name := range names {
		for _, dir := range f.dirs {
			for _, pattern := range []string{name, "*/" + name, "*/*/" + name} {
				matches, _ := filepath.Glob(filepath.Join(dir, pattern))
				for _, path := range matches {
					data, err := os.ReadFile(path)
					if err != nil {
						f.log.Warn("casefile: cannot read a font", "path", path, "err", err)
						continue
					}
					if !trueType(data) {
						f.log.Warn("casefile: not a TrueType (glyf) font, left out", "path", path)
						continue
					}
					return &fontFile{path: path, data: data}
				}
			}
		}
	}
	return nil
}

// warnMissing logs once that a script has no font.
func (f *Fonts) warnMissing(s script) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.warned[s] {
		return
	}
	f.warned[s] = true
	f.log.Warn("casefile: no font for a script: its text is written in the Latin font, as empty boxes",
		"script", s.String(), "font", fontFiles[s].regular[0], "package", fontFiles[s].pkg,
		"dirs", strings.Join(f.dirs, ":"))
}

// trueType reports whether data is a TrueType font with glyf outlines,
// the only kind fpdf embeds (not CFF "OTTO", not a collection).
func trueType(data []byte) bool {
	if len(data) < 12 || !bytes.Equal(data[:4], []byte{0, 1, 0, 0}) && string(data[:4]) != "true" {
		return false
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		off := 12 + 16*i
		if off+16 > len(data) {
			return false
		}
		if string(data[off:off+4]) == "glyf" {
			return true
		}
	}
	return false
}
