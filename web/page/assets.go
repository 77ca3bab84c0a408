package page

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The stylesheets, scripts, fonts and icons of the pages are embedded in the
// binary (static/, built by `make assets` from the npm packages and
// committed). They are served under /static/VERSION/..., VERSION being a
// hash of all of them, so that browsers may keep them for a year and still
// fetch new ones the moment a file changes.

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files.
type Assets struct {
	version string
	files   map[string]*asset // by path under static/
}

type asset struct {
	body, gzipped []byte // gzipped is nil where compression does not pay
	contentType   string
	etag          string
}

// LoadAssets reads every static file, hashes them into the version, and
// compresses the text ones once.
func LoadAssets() (*Assets, error) {
	a := &Assets{files: map[string]*asset{}}
	var names []string
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := sha256.New()
	for _, p := range names {
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		all.Write([]byte(name))
		all.Write(sum[:])
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		f := &asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		if compressible(ct) {
			f.gzipped = gzipBytes(body)
		}
		a.files[name] = f
	}
	a.version = hex.EncodeToString(all.Sum(nil))[:12]
	return a, nil
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "javascript") ||
		strings.HasPrefix(contentType, "image/svg")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

// URL returns the address of a static file, e.g. URL("css/site.css") is
// /static/1a2b3c4d5e6f/css/site.css. An unknown file is a programming error
// that the template tests catch.
func (a *Assets) URL(name string) (string, error) {
	if _, ok := a.files[name]; !ok {
		return "", &fsPathError{name}
	}
	return "/static/" + a.version + "/" + name, nil
}

type fsPathError struct{ name string }

func (e *fsPathError) Error() string { return "no static file " + strconv.Quote(e.name) }

// ServeHTTP serves GET /static/{version}/{path...}. The current version
// is cached for a year; another version (a page rendered by an older or
// newer process) gets the current file, to be checked again next time.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("path")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if r.PathValue("version") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; font-src 'self'; img-src 'self' data:; style-src 'self'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if f.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gzipped != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = f.gzipped
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// acceptsGzip reports whether the client takes gzip (and has not refused it with q=0).
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
