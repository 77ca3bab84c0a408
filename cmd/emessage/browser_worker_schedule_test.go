package main

import (
	"strings"
	"testing"
	"time"
)

// sendLater: the Detail form's Send later field schedules an e-Message;
// its page says when it goes out, the customer does not see it, and
// Cancel sending cancels it for good.
func (w *workerWalk) sendLater(t *testing.T) {
	b := w.use(t)
	b.open("/worker/messages/new?case_number=A0000001&person_id=P1&type=message")
	b.waitFor("combobox", "Person Name")
	b.fill("e-Message Subject", "Your renewal")
	b.fill("e-Message Body", "Your renewal is due next month.")
	at := countyNow(t).Add(72 * time.Hour).Truncate(time.Minute)
	if !eval[bool](b, `(document.getElementById("send_at").value = "`+at.Format("2006-01-02T15:04")+`") !== ""`) {
		t.Fatal("the Send later field takes no date and time")
	}
	b.check("detail-new-send-later")
	b.click("button", "Save")
	b.waitURL("/worker/messages/")
	b.waitFor("button", "Cancel sending")
	when := at.Format("Jan 2, 3:04 PM MST")
	if at.Year() != countyNow(t).Year() {
		when = at.Format("Jan 2, 2006, 3:04 PM MST")
	}
	if got := b.text(".summary-list"); !strings.Contains(got, "Scheduled for "+when) {
		t.Fatalf("the scheduled record's page says %q, want Scheduled for %s", got, when)
	}
	b.check("detail-scheduled")
	id := eval[string](b, `location.pathname.split("/")[3]`)
	w.ana.Do("GET", "/api/v1/ssp/messages/"+id, nil).Want(t, 404)

	b.click("button", "Cancel sending")
	b.waitJS(`location.search.includes("done=cancelled")`)
	if got := b.text(".usa-alert--success"); !strings.Contains(got, "Sending was cancelled") {
		t.Fatalf("after Cancel sending: %q", got)
	}
	if eval[bool](b, `[...document.querySelectorAll("button")].some(x => x.textContent.includes("Cancel sending"))`) {
		t.Fatal("a cancelled record still offers Cancel sending")
	}
	b.check("detail-cancelled")
	w.ana.Do("GET", "/api/v1/ssp/messages/"+id, nil).Want(t, 404)
}
