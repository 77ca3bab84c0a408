package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// once makes a create request keyed by its Idempotency-Key header answer
// once (SPEC section 19): the same key from the same caller gets the first
// answer again, and nothing more is created, queued or audited. The key is
// claimed before the handler runs and keeps the handler's answer unless it
// is a failure of ours, after which the same request may be made again.
// A request without the header runs as it is.
func (h *Handler) once(limit int64, fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return fn(w, r)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			if answer.TooLarge(err) {
				return emessage.Errorf(emessage.ETooLarge, "The request body is larger than %d KiB.", limit>>10)
			}
			return emessage.Errorf(emessage.EMalformed, "The request body could not be read.")
		}
		a := actor(r)
		prior, err := h.svc.ClaimOnce(r.Context(), a, key, fingerprint(r, body))
		if err != nil {
			return err
		}
		if prior != nil {
			w.Header().Set("Idempotent-Replayed", "true")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(prior.Status)
			w.Write(prior.Body)
			return nil
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r = r.WithContext(emessage.WithOnceClaim(r.Context(), a, key))
		rec := &recorder{ResponseWriter: w}
		if err := fn(rec, r); err != nil {
			answer.Error(h.log, rec, r, err)
		}
		if rec.status >= 500 || rec.status == 0 {
			if err := h.svc.ReleaseOnce(r.Context(), a, key); err != nil {
				h.log.ErrorContext(r.Context(), "could not release an Idempotency-Key", "err", err)
			}
			return nil
		}
		if err := h.svc.FinishOnce(r.Context(), a, key, emessage.OnceAnswer{Status: rec.status, Body: rec.body.Bytes()}); err != nil {
			h.log.ErrorContext(r.Context(), "could not keep the answer of an Idempotency-Key", "err", err)
		}
		return nil
	}
}

// fingerprint tells one request from another under the same key: its
// method, address and body.
func fingerprint(r *http.Request, body []byte) string {
	sum := sha256.New()
	io.WriteString(sum, r.Method+" "+r.URL.Path+"\n"+r.Header.Get("Content-Type")+"\n")
	sum.Write(body)
	return hex.EncodeToString(sum.Sum(nil))
}

// recorder passes an answer on and keeps its status and body.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
