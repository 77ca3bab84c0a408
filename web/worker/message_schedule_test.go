package worker_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
)

// TestDetailSendLater: the Detail form's Send later field schedules the
// e-Message (a refused time is shown beside the field with what was
// typed kept); the record's page says when it goes out and offers Cancel
// sending, which cancels it; the search results say it too.
func TestDetailSendLater(t *testing.T) {
	h, rig := mustCountySiteRig(t)
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages/new?case_number=B1&person_id=P1", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), `name="send_at" type="datetime-local"`) {
		t.Fatalf("the form has no Send later field: %s", rec.Body)
	}
	form := url.Values{"do": {"save"}, "case_number": {"B1"}, "person_id": {"P1"}, "program": {"CF"}, "type": {"message"},
		"subject": {"Your interview"}, "body": {"See you Monday."}}

	form.Set("send_at", "2020-01-01T09:00")
	rec = testrig.Browse(h, "POST", "/worker/messages/new", form, c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if body := rec.Body.String(); !strings.Contains(body, "The send time has passed") || !strings.Contains(body, `value="2020-01-01T09:00"`) ||
		!strings.Contains(body, `value="Your interview"`) {
		t.Fatalf("a past send time: the error or what was typed is missing: %s", body)
	}

	at := time.Now().In(rig.Service.Location).Add(48 * time.Hour).Truncate(time.Minute)
	form.Set("send_at", at.Format("2006-01-02T15:04"))
	rec = testrig.Browse(h, "POST", "/worker/messages/new", form, c)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	detail := testrig.Browse(h, "GET", rec.Header().Get("Location"), nil, c)
	testrig.MustStatus(t, detail, http.StatusOK)
	body := detail.Body.String()
	want := "Scheduled for " + at.Format("Jan 2, 3:04 PM MST")
	if at.Year() != time.Now().In(rig.Service.Location).Year() {
		want = "Scheduled for " + at.Format("Jan 2, 2006, 3:04 PM MST")
	}
	if !strings.Contains(body, want) || !strings.Contains(body, "Cancel sending") {
		t.Fatalf("the record's page lacks %q or Cancel sending: %s", want, body)
	}
	id := strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/worker/messages/")
	list := testrig.Browse(h, "GET", "/worker/messages?scope=county", nil, c)
	if !strings.Contains(list.Body.String(), want) {
		t.Fatalf("the search results do not say when it goes out: %s", list.Body)
	}

	rec = testrig.Browse(h, "POST", "/worker/messages/"+id+"/cancel", url.Values{"back": {"/worker/messages"}}, c)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	body = testrig.Browse(h, "GET", rec.Header().Get("Location"), nil, c).Body.String()
	if !strings.Contains(body, "Sending was cancelled") || strings.Contains(body, "Cancel sending</button>") ||
		!strings.Contains(body, "cancelled before sending") {
		t.Fatalf("after Cancel sending: %s", body)
	}
	rec = testrig.Browse(h, "POST", "/worker/messages/"+id+"/cancel", url.Values{}, c)
	testrig.MustStatus(t, rec, http.StatusConflict)
}
