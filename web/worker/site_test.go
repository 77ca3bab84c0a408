package worker_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web"
)

// The worker site in process, over a real SQLite store on a temp file: what
// the browser tests (cmd/emessage/browser_worker_test.go) do not see, the
// headers, cookies and refusals.

// mustWorkerSite returns the whole handler over a store holding county 19
// (two-way) with worker jdoe and case B1, and county 37 with case C1.
func mustWorkerSite(tb testing.TB, baseURL string) http.Handler {
	tb.Helper()
	h, _ := mustWorkerSiteService(tb, baseURL)
	return h
}

// mustWorkerSiteService is mustWorkerSite with its service, for tests
// that set the service's clock or options.
func mustWorkerSiteService(tb testing.TB, baseURL string) (http.Handler, *emessage.Service) {
	tb.Helper()
	both := []string{emessage.RightView, emessage.RightSend}
	rig := testrig.New(tb, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}, {Code: "37", Name: "San Diego"}},
		Workers: []emessage.ImportWorker{
			{Username: "jdoe", Name: "Jane Doe", County: "19", Rights: both, PasswordHash: "plain:pw"},
			{Username: "bsd", Name: "Bo Diego", County: "37", Rights: both, PasswordHash: "plain:pw"},
		},
		Accounts: []emessage.ImportAccount{{Username: "maria", Language: "en", PasswordHash: "plain:pw"}},
		Cases: []emessage.ImportCase{
			{Number: "B1", County: "19", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
			{Number: "C1", County: "37", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "bsd"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Ana Diaz"}}},
		},
	})
	rig.Service.Now = time.Now // the site lives in the present, as in production
	return web.NewHandler(web.Config{Service: rig.Service, BaseURL: baseURL}), rig.Service
}

// mustSignIn signs a worker in and returns the session cookie.
func mustSignIn(tb testing.TB, h http.Handler, username string) *http.Cookie {
	tb.Helper()
	return testrig.MustSignIn(tb, h, "/worker/login", "emessage_worker", username)
}

func TestWorkerSessionCookie(t *testing.T) {
	for _, tt := range []struct {
		name, base string
		tls        bool
		secure     bool
	}{
		{"plain HTTP", "http://127.0.0.1:8080", false, false},
		{"public over HTTPS", "https://emessage.county.gov", false, true},
		{"a TLS request", "", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := mustWorkerSite(t, tt.base)
			req := httptest.NewRequest("POST", "/worker/login", strings.NewReader("username=jdoe&password=pw"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			testrig.MustStatus(t, rec, http.StatusSeeOther)
			set := rec.Header()["Set-Cookie"]
			if len(set) != 1 {
				t.Fatalf("Set-Cookie %q, want one", set)
			}
			c := set[0]
			for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/worker"} {
				if !strings.Contains(c, want) {
					t.Errorf("cookie %q lacks %s", c, want)
				}
			}
			if got := strings.Contains(c, "Secure"); got != tt.secure {
				t.Errorf("cookie %q: Secure %v, want %v", c, got, tt.secure)
			}
		})
	}
}

func TestWorkerSignInRenewsAndSignOutEnds(t *testing.T) {
	h := mustWorkerSite(t, "")
	old := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "POST", "/worker/login", url.Values{"username": {"jdoe"}, "password": {"pw"}}, old)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	fresh := rec.Result().Cookies()[0]
	if fresh.Value == old.Value {
		t.Fatal("signing in again kept the old session token")
	}
	if rec := testrig.Browse(h, "GET", "/worker/", nil, old); rec.Code != http.StatusSeeOther {
		t.Fatalf("the session before the new sign-in still works: %d", rec.Code)
	}
	testrig.MustStatus(t, testrig.Browse(h, "GET", "/worker/", nil, fresh), http.StatusOK)
	testrig.MustStatus(t, testrig.Browse(h, "POST", "/worker/logout", url.Values{}, fresh), http.StatusSeeOther)
	if rec := testrig.Browse(h, "GET", "/worker/", nil, fresh); rec.Code != http.StatusSeeOther {
		t.Fatalf("the session still works after signing out: %d", rec.Code)
	}
	// A customer's sign-in is no worker session.
	rec = testrig.Browse(h, "POST", "/worker/login", url.Values{"username": {"maria"}, "password": {"pw"}}, nil)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if len(rec.Result().Cookies()) != 0 || !strings.Contains(rec.Body.String(), "for county workers") {
		t.Fatalf("a customer signing in on the worker site: cookies %v, page %s", rec.Result().Cookies(), rec.Body)
	}
}

func TestWorkerSignInReturnPath(t *testing.T) {
	h := mustWorkerSite(t, "")
	rec := testrig.Browse(h, "GET", "/worker/messages?status=received", nil, nil)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/worker/login?next=%2Fworker%2Fmessages%3Fstatus%3Dreceived" {
		t.Fatalf("Location %q", got)
	}
	for next, want := range map[string]string{
		"/worker/messages?status=received": "/worker/messages?status=received",
		"/worker/cases/B1":                 "/worker/cases/B1",
		"":                                 "/worker/",
		"//evil.example/worker/":           "/worker/",
		"https://evil.example/worker/":     "/worker/",
		"/\\evil.example":                  "/worker/",
		"/worker/../api/v1/home":           "/worker/",
		"/portal/":                         "/worker/",
		"/worker/login":                    "/worker/",
		"javascript:alert(1)":              "/worker/",
		"/workerx":                         "/worker/",
	} {
		rec := testrig.Browse(h, "POST", "/worker/login", url.Values{"username": {"jdoe"}, "password": {"pw"}, "next": {next}}, nil)
		if got := rec.Header().Get("Location"); got != want {
			t.Errorf("next %q: went to %q, want %q", next, got, want)
		}
	}
}

func TestWorkerCrossOriginFormsRefused(t *testing.T) {
	h := mustWorkerSite(t, "https://emessage.county.gov")
	c := mustSignIn(t, h, "jdoe")
	for _, path := range []string{"/worker/login", "/worker/logout", "/worker/messages/new", "/worker/messages/X/edit"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("do=save"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		testrig.MustStatus(t, rec, http.StatusForbidden)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(rec.Body.String(), "another web site") {
			t.Errorf("%s: a cross-site form gets %s %q", path, ct, rec.Body.String())
		}
	}
}

// inlineCode finds inline scripts, inline styles and event handler attributes.

func TestWorkerPagesHeadersAndNoInlineCode(t *testing.T) {
	h := mustWorkerSite(t, "")
	c := mustSignIn(t, h, "jdoe")
	for _, path := range []string{"/worker/login", "/worker/", "/worker/e-tools", "/worker/cases", "/worker/cases/B1",
		"/worker/messages", "/worker/messages/new?case_number=B1", "/worker/nothing", "/worker/cases/C1",
		"/worker/security", "/worker/security/setup", "/worker/security/recovery-codes", "/worker/security/turn-off"} {
		cookie := c
		if path == "/worker/login" {
			cookie = nil
		}
		rec := testrig.Browse(h, "GET", path, nil, cookie)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotFound {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if m := testrig.InlineCode.FindString(rec.Body.String()); m != "" {
			t.Errorf("%s: inline code %q", path, m)
		}
	}
	// Another county's case is not found (R2), as a page.
	rec := testrig.Browse(h, "GET", "/worker/cases/C1", nil, c)
	testrig.MustStatus(t, rec, http.StatusNotFound)
	if !strings.Contains(rec.Body.String(), "Page not found") && !strings.Contains(rec.Body.String(), "was not found") {
		t.Fatalf("another county's case: %s", rec.Body)
	}
}

func TestWorkerSearchErrors(t *testing.T) {
	h := mustWorkerSite(t, "")
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages?from=2026-13-45&q=kept", nil, c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	body := rec.Body.String()
	for _, want := range []string{`role="alert"`, `href="#from"`, `id="from-error"`, `aria-describedby="from-error"`, `value="kept"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the search page with a bad date lacks %s", want)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	h := mustWorkerSite(t, "")
	login := testrig.Browse(h, "GET", "/worker/login", nil, nil).Body.String()
	css := regexp.MustCompile(`/static/[0-9a-f]{12}/css/uswds\.css`).FindString(login)
	if css == "" {
		t.Fatalf("the page links no versioned stylesheet: %s", login)
	}
	req := httptest.NewRequest("GET", css, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	testrig.MustStatus(t, rec, http.StatusOK)
	for k, want := range map[string]string{
		"Cache-Control": "public, max-age=31536000, immutable", "Content-Type": "text/css; charset=utf-8", "Content-Encoding": "gzip",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	etag := rec.Header().Get("ETag")
	req = httptest.NewRequest("GET", css, nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	testrig.MustStatus(t, rec, http.StatusNotModified)
	if rec := testrig.Do(h, "GET", "/static/000000000000/css/uswds.css", nil, nil); rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("another version: %d %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if rec := testrig.Do(h, "GET", strings.Replace(css, "uswds.css", "nothing.css", 1), nil, nil); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown file: %d", rec.Code)
	}
}

func TestWorkerCasePersonsJSON(t *testing.T) {
	h := mustWorkerSite(t, "")
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/cases/B1/persons", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), `"persons":[{"id":"P1","name":"Maria Lopez","ssp_linked":true,"language":"en"}]`) ||
		!strings.Contains(rec.Body.String(), `"programs":[{"code":"CF","label":"CF – CalFresh (Jane Doe)","selected":true}]`) {
		t.Fatalf("persons and programs: %s", rec.Body)
	}
	testrig.MustStatus(t, testrig.Browse(h, "GET", "/worker/cases/C1/persons", nil, c), http.StatusNotFound)
	rec = testrig.Browse(h, "GET", "/worker/cases/B1/persons", nil, nil)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	testrig.MustErrorBody(t, rec)
}

// TestWorkerProgramOnDetailAndSearch: the Detail form offers the case's
// programs with their workers, the worker's own chosen; a program that is
// not the case's is refused beside the Program list with what was typed
// kept; the search filters by program and names each record's.
func TestWorkerProgramOnDetailAndSearch(t *testing.T) {
	h := mustWorkerSite(t, "")
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages/new?case_number=B1", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), `<option value="CF" selected>CF – CalFresh (Jane Doe)</option>`) {
		t.Fatalf("the Program list: %s", rec.Body)
	}
	form := url.Values{"do": {"save"}, "case_number": {"B1"}, "person_id": {"P1"}, "program": {"MC"},
		"type": {"message"}, "subject": {"About Medi-Cal"}, "body": {"Kept"}}
	rec = testrig.Browse(h, "POST", "/worker/messages/new", form, c)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if body := rec.Body.String(); !strings.Contains(body, `href="#program"`) || !strings.Contains(body, "MC is not a program of case B1.") ||
		!strings.Contains(body, `value="About Medi-Cal"`) {
		t.Fatalf("a program not of the case: %s", body)
	}
	form.Set("program", "CF")
	testrig.MustStatus(t, testrig.Browse(h, "POST", "/worker/messages/new", form, c), http.StatusSeeOther)
	rec = testrig.Browse(h, "GET", "/worker/messages?scope=county&program=CF", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, `<option value="CF" selected>CalFresh</option>`) ||
		!strings.Contains(body, `<abbr title="CalFresh">CF</abbr>`) || !strings.Contains(body, "About Medi-Cal") {
		t.Fatalf("search by program: %s", body)
	}
	rec = testrig.Browse(h, "GET", "/worker/messages?scope=county&program=MC", nil, c)
	if strings.Contains(rec.Body.String(), "About Medi-Cal") {
		t.Fatalf("a CalFresh record found under Medi-Cal")
	}
}

// TestWorkerSaveOnce: the Detail form saved twice with its one-time token
// (Back then Save, a reload, a second tab) sends one e-Message; the second
// Save shows the first one with a notice. A form without a token (an old
// page) is saved as it is.
func TestWorkerSaveOnce(t *testing.T) {
	h, svc := mustWorkerSiteService(t, "")
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages/new?case_number=B1", nil, c)
	token := regexp.MustCompile(`name="once" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if token == nil {
		t.Fatalf("the Detail form holds no one-time token: %s", rec.Body)
	}
	form := url.Values{"do": {"save"}, "case_number": {"B1"}, "person_id": {"P1"}, "type": {"message"},
		"subject": {"Once only"}, "body": {"Hello"}, "once": {token[1]}}
	first := testrig.Browse(h, "POST", "/worker/messages/new", form, c)
	testrig.MustStatus(t, first, http.StatusSeeOther)
	again := testrig.Browse(h, "POST", "/worker/messages/new", form, c)
	testrig.MustStatus(t, again, http.StatusSeeOther)
	loc := again.Header().Get("Location")
	if !strings.HasPrefix(loc, strings.TrimSuffix(first.Header().Get("Location"), "&done=sent")) || !strings.HasSuffix(loc, "&done=again") {
		t.Fatalf("the second Save went to %s, the first to %s", loc, first.Header().Get("Location"))
	}
	if body := testrig.Browse(h, "GET", loc, nil, c).Body.String(); !strings.Contains(body, "it was not sent again") {
		t.Fatalf("no notice: %s", body)
	}
	_, jdoe, _ := svc.Login(context.Background(), "jdoe", "pw")
	pg, err := svc.SearchMessages(context.Background(), jdoe, emessage.SearchFilter{Text: "Once only"})
	if err != nil || len(pg.Messages) != 1 {
		t.Fatalf("%d records made, %v; want 1", len(pg.Messages), err)
	}
	delete(form, "once")
	testrig.MustStatus(t, testrig.Browse(h, "POST", "/worker/messages/new", form, c), http.StatusSeeOther)
	if pg, _ := svc.SearchMessages(context.Background(), jdoe, emessage.SearchFilter{Text: "Once only"}); len(pg.Messages) != 2 {
		t.Fatalf("a form without a token: %d records", len(pg.Messages))
	}
}
