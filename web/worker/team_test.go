package worker_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web"
)

// teamSite is the worker site over a county where jdoe (CalFresh) and
// mgarcia (Medi-Cal) share case B1 and root supervises both.
func teamSite(t *testing.T) (http.Handler, *testrig.Rig) {
	t.Helper()
	both := []string{emessage.RightView, emessage.RightSend}
	rig := testrig.New(t, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}},
		Workers: []emessage.ImportWorker{
			{Username: "jdoe", Name: "Jane Doe", County: "19", Rights: both, PasswordHash: "plain:pw", Supervisor: "root"},
			{Username: "mgarcia", Name: "Miguel Garcia", County: "19", Rights: both, PasswordHash: "plain:pw", Supervisor: "root"},
			{Username: "root", Name: "Rita Root", County: "19", Rights: []string{emessage.RightView, emessage.RightSupervise}, PasswordHash: "plain:pw"},
		},
		Accounts: []emessage.ImportAccount{{Username: "maria", Language: "en", PasswordHash: "plain:pw"}},
		Cases: []emessage.ImportCase{{Number: "B1", County: "19", Status: emessage.CaseActive,
			Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}, {Code: "MC", Worker: "mgarcia"}},
			Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}}},
	})
	return web.NewHandler(web.Config{Service: rig.Service}), rig
}

// TestWorkerOutOfOffice: the Out of office page offers the county's
// workers who may stand in, keeps what was typed beside a refusal, saves a
// period; the stand-in's search then marks the away worker's records.
func TestWorkerOutOfOffice(t *testing.T) {
	h, rig := teamSite(t)
	jdoe := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/away", nil, jdoe)
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, `<option value="mgarcia">Miguel Garcia (mgarcia)</option>`) ||
		strings.Contains(body, `value="jdoe"`) || strings.Contains(body, `value="root"`) || !strings.Contains(body, `href="/worker/away" aria-current="page"`) {
		t.Fatalf("the stand-ins offered: %s", body)
	}
	today := rig.Clock.Now().Format(time.DateOnly)
	yesterday := rig.Clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	rec = testrig.Browse(h, "POST", "/worker/away", url.Values{"from": {today}, "to": {yesterday}, "stand_in": {"mgarcia"}}, jdoe)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if body := rec.Body.String(); !strings.Contains(body, `href="#to"`) || !strings.Contains(body, `value="`+today+`"`) ||
		!strings.Contains(body, `<option value="mgarcia" selected>`) {
		t.Fatalf("a reversed period: %s", body)
	}
	rec = testrig.Browse(h, "POST", "/worker/away", url.Values{"from": {today}, "to": {today}, "stand_in": {"mgarcia"}}, jdoe)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	rec = testrig.Browse(h, "GET", rec.Header().Get("Location"), nil, jdoe)
	if body := rec.Body.String(); !strings.Contains(body, "Your out of office is saved.") || !strings.Contains(body, "mgarcia stands in for you.") {
		t.Fatalf("after saving: %s", body)
	}

	maria := rig.MustLogin(t, "maria", "pw")
	if _, err := rig.Service.CustomerSend(context.Background(), maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "CF",
		Subject: "About CalFresh", Body: "A question"}); err != nil {
		t.Fatal(err)
	}
	mgarcia := mustSignIn(t, h, "mgarcia")
	rec = testrig.Browse(h, "GET", "/worker/messages", nil, mgarcia)
	if body := rec.Body.String(); !strings.Contains(body, "About CalFresh") || !strings.Contains(body, `<span class="usa-tag">for Jane Doe</span>`) {
		t.Fatalf("the stand-in's search: %s", body)
	}
	testrig.MustStatus(t, testrig.Browse(h, "POST", "/worker/away/end", url.Values{}, jdoe), http.StatusSeeOther)
	if body := testrig.Browse(h, "GET", "/worker/messages", nil, mgarcia).Body.String(); strings.Contains(body, "About CalFresh") {
		t.Fatal("the stand-in still sees jdoe's records after the out of office ended")
	}
}

// TestWorkerTeamPage: a supervisor's team page lists each worker with
// their counts linked to the search of their caseload; others get 403 and
// no link to it.
func TestWorkerTeamPage(t *testing.T) {
	h, rig := teamSite(t)
	jdoe := rig.MustLogin(t, "jdoe", "pw")
	today := rig.Clock.Now().Format(time.DateOnly)
	if _, err := rig.Service.SetAway(context.Background(), jdoe, today, today, "mgarcia"); err != nil {
		t.Fatal(err)
	}
	root := mustSignIn(t, h, "root")
	rec := testrig.Browse(h, "GET", "/worker/team", nil, root)
	testrig.MustStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	for _, want := range []string{"Jane Doe", "Miguel Garcia", "Away today; mgarcia stands in",
		`href="/worker/messages?status=received&amp;worker=jdoe"`, `href="/worker/team" aria-current="page"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the team page lacks %s", want)
		}
	}
	rec = testrig.Browse(h, "GET", "/worker/messages?status=received&worker=jdoe", nil, root)
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, "The caseload of jdoe.") || !strings.Contains(body, `name="worker" value="jdoe"`) {
		t.Fatalf("a team member's caseload: %s", body)
	}
	mgarcia := mustSignIn(t, h, "mgarcia")
	testrig.MustStatus(t, testrig.Browse(h, "GET", "/worker/team", nil, mgarcia), http.StatusForbidden)
	testrig.MustStatus(t, testrig.Browse(h, "GET", "/worker/messages?worker=jdoe", nil, mgarcia), http.StatusForbidden)
	if strings.Contains(testrig.Browse(h, "GET", "/worker/", nil, mgarcia).Body.String(), "/worker/team") {
		t.Error("a worker who supervises no one is offered the team page")
	}
}

// TestWorkerHomeSection: My e-Messages shows to a worker with
// emessage.view in a two-way county who holds a program (SPEC section 11);
// root, who holds none, sees the page without it.
func TestWorkerHomeSection(t *testing.T) {
	h, _ := teamSite(t)
	for user, want := range map[string]bool{"jdoe": true, "root": false} {
		body := testrig.Browse(h, "GET", "/worker/", nil, mustSignIn(t, h, user)).Body.String()
		if got := strings.Contains(body, "My e-Messages"); got != want {
			t.Errorf("%s: My e-Messages shown %v, want %v", user, got, want)
		}
	}
}
