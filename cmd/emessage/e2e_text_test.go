package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPICleanText: text that cannot be stored (NUL, bytes that are not
// UTF-8) or that says one thing twice is refused at the edge with the
// error shape, on each database (PostgreSQL answered 500 to NUL before);
// a subject of invisible characters only is empty.
func TestAPICleanText(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		post := func(body string) int {
			req, _ := http.NewRequest("POST", w.srv.base+"/api/v1/messages", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			return wanda.Send(req).Status
		}
		base := `"case_number":"A0000001","person_id":"P1","type":"message"`
		for name, tt := range map[string]struct {
			body string
			want int
		}{
			"NUL":       {`{` + base + `,"subject":"Hi","body":"a\u0000b"}`, 400},
			"not UTF-8": {"{" + base + ",\"subject\":\"H\xffi\",\"body\":\"b\"}", 400},
			"twice":     {`{` + base + `,"subject":"Hi","subject":"Bye","body":"b"}`, 400},
			"invisible": {`{` + base + `,"subject":"\u200b\u202e","body":"b"}`, 422},
			"as it was": {`{` + base + `,"subject":"Hi","body":"b"}`, 201},
		} {
			if got := post(tt.body); got != tt.want {
				t.Errorf("%s: %d, want %d", name, got, tt.want)
			}
		}
		wanda.Do("GET", "/api/v1/messages?q=a%00b", nil).Want(t, 400, "malformed")
		wanda.Do("GET", "/api/v1/messages?case_number=%FF", nil).Want(t, 400, "malformed")
	})
}
