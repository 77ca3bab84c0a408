package api

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"time"
)

// openapiJSON is the OpenAPI 3.1 description of this API. It is written by
// hand; the end-to-end tests check every exchange they make against the
// served copy, so it cannot drift from the code (docs/API.md).
//
//go:embed openapi.json
var openapiJSON []byte

// openapiETag names this build's document for caches.
var openapiETag = func() string {
	sum := sha256.Sum256(openapiJSON)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}()

// openapiGet serves the OpenAPI document to anyone. Caches keep it and ask
// again each time with If-None-Match, answered 304 until a new build.
func (h *Handler) openapiGet(w http.ResponseWriter, r *http.Request) error {
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("ETag", openapiETag)
	hd.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "openapi.json", time.Time{}, bytes.NewReader(openapiJSON))
	return nil
}
