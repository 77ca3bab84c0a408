package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"time"
)

// onceLease is the service's emessage.OnceLease: how long a claimed
// Idempotency-Key whose server died holds off a retry (409
// request_in_progress) before the retry takes over or learns the request
// was carried out (409 conflict).
const onceLease = 2 * time.Minute

// createReq is one logical create request (SPEC section 19): every try
// sends the same bytes under the same Idempotency-Key, until an answer
// says what became of it.
type createReq struct {
	Kind        string // message, action (worker's), question, answer (customer's), reply (worker's), upload
	Key         string // the Idempotency-Key, also the marker in the record's body or the upload's name
	Target      string // the record answered (answer, reply) or uploaded to (upload)
	Method      string
	Path        string
	ContentType string
	Body        []byte
	customer    bool // sent by the customer, not the worker
	firstCase   bool // a worker's record on their first case, the one their customer client reads

	tries   int       // tries sent
	cut     bool      // a try got no answer: it may have been carried out
	lastCut time.Time // when the last such try was given up
	retryAt time.Time // when to try again after request_in_progress
}

// markerRe finds a logical request's key in a record's body.
var markerRe = regexp.MustCompile(`\[ref (ct-[0-9]+-[0-9]+)\]`)

// marker is what a record's body carries to name its logical request.
func marker(key string) string { return "[ref " + key + "]" }

// uploadName is the file name that names an upload's logical request.
func uploadName(key string) string { return key + ".pdf" }

// samplePDF is the document every upload sends: a small, whole PDF.
const samplePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n" +
	"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n"

// jsonCreate is a create request with a JSON body.
func jsonCreate(kind, key, path string, body map[string]any) *createReq {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return &createReq{Kind: kind, Key: key, Method: "POST", Path: path, ContentType: "application/json", Body: b}
}

// uploadCreate is a customer's upload of one document to the action target.
// The multipart body, boundary included, is built once, so that every try
// is the same request.
func uploadCreate(key, target string) *createReq {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, uploadName(key)))
	h.Set("Content-Type", "application/pdf")
	part, err := mw.CreatePart(h)
	if err == nil {
		_, err = part.Write([]byte(samplePDF))
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		panic(err) // writes to a bytes.Buffer do not fail
	}
	return &createReq{Kind: "upload", Key: key, Target: target, Method: "POST",
		Path: "/api/v1/ssp/messages/" + target + "/uploads", ContentType: mw.FormDataContentType(),
		Body: buf.Bytes(), customer: true}
}

// verdict is what an answer to a try of a create request means.
type verdict int

const (
	vCreated    verdict = iota // 2xx: carried out (Replayed: the first answer, again)
	vCarriedOut                // 409 conflict after a cut-off try: carried out, its answer lost
	vWait                      // 409 request_in_progress after a cut-off try: the claim's lease still runs
	vAgain                     // 503: the database was busy; nothing was made
	vRefused                   // anything else: never expected
)

// conflictRe finds the e-Message a 409 conflict names.
var conflictRe = regexp.MustCompile(`\(e-Message ([^ )]+)\)`)

// judge reads an answer to a try of r. id is what the request made or
// acted on: the new record (message, action, question, answer), or r's
// Target (reply, upload). named is the e-Message a 409 conflict names (for
// a reply, the answer it made).
func judge(r *createReq, a *answer) (v verdict, id, named string) {
	var e struct {
		Error struct{ Code, Message string }
	}
	switch {
	case a.Status == http.StatusServiceUnavailable:
		return vAgain, "", ""
	case a.Status == http.StatusConflict && r.cut && json.Unmarshal(a.Body, &e) == nil:
		switch e.Error.Code {
		case "request_in_progress":
			return vWait, "", ""
		case "conflict":
			m := conflictRe.FindStringSubmatch(e.Error.Message)
			if m == nil {
				return vRefused, "", ""
			}
			id = m[1]
			if r.Kind == "reply" || r.Kind == "upload" {
				id = r.Target // the 409 names the answer, or the action uploaded to
			}
			return vCarriedOut, id, m[1]
		}
		return vRefused, "", ""
	case r.Kind == "reply":
		if a.Status != http.StatusOK {
			return vRefused, "", ""
		}
		var m struct{ ID string }
		if json.Unmarshal(a.Body, &m) != nil || m.ID != r.Target {
			return vRefused, "", ""
		}
		return vCreated, r.Target, ""
	case r.Kind == "upload":
		var u struct{ Message struct{ ID string } }
		if a.Status != http.StatusCreated || json.Unmarshal(a.Body, &u) != nil || u.Message.ID != r.Target {
			return vRefused, "", ""
		}
		return vCreated, r.Target, ""
	}
	var m struct{ ID string }
	if a.Status != http.StatusCreated || json.Unmarshal(a.Body, &m) != nil || m.ID == "" {
		return vRefused, "", ""
	}
	return vCreated, m.ID, ""
}

// nextTry is when a request answered request_in_progress may be tried
// again: once the lease of the claim its cut-off try made has run out
// (the claim is no later than the cut), and never sooner than a second on.
func (r *createReq) nextTry(now time.Time) time.Time {
	t := r.lastCut.Add(onceLease + 500*time.Millisecond)
	if min := now.Add(time.Second); t.Before(min) {
		t = min
	}
	return t
}
