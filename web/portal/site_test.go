package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web"
	"github.com/county/emessage/web/page"
)

// The portal in process, over a real SQLite store on a temp file: what the
// browser tests (cmd/emessage/browser_portal_test.go) do not see, the
// headers, cookies, languages and refusals.

// portalHarness is the whole handler over a store where maria (Spanish) is on
// case B1 of a two-way county and C1 of a one-way county, and lena
// (English) on B2; jdoe and bsd are their workers. The clock can be moved.
type portalHarness struct {
	h     http.Handler
	svc   *emessage.Service
	clock *testrig.Clock
}

func mustPortalSite(tb testing.TB, baseURL string) *portalHarness {
	tb.Helper()
	both := []string{emessage.RightView, emessage.RightSend}
	rig := testrig.New(tb, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}, {Code: "37", Name: "San Diego"}},
		Workers: []emessage.ImportWorker{
			{Username: "jdoe", Name: "Jane Doe", County: "19", Rights: both, PasswordHash: "plain:pw"},
			{Username: "bsd", Name: "Bo Diego", County: "37", Rights: both, PasswordHash: "plain:pw"},
		},
		Accounts: []emessage.ImportAccount{
			{Username: "maria", Language: "es", Email: "maria@example.org", ENotification: true, PasswordHash: "plain:pw"},
			{Username: "lena", Language: "en", PasswordHash: "plain:pw"},
		},
		Documents: []emessage.ImportDocument{{Code: "CW2200", Title: "Request for Verification", SSPSendable: true,
			PDF: "cw2200.pdf", PDFData: testrig.PDF("Request for Verification")}},
		Cases: []emessage.ImportCase{
			{Number: "B1", County: "19", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
			{Number: "B2", County: "19", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Lena Park", SSPAccount: "lena"}}},
			{Number: "C1", County: "37", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "bsd"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
		},
	})
	rig.Clock.Set(time.Now()) // the portal lives in the present, as in production
	h := web.NewHandler(web.Config{Service: rig.Service, BaseURL: baseURL})
	return &portalHarness{h: h, svc: rig.Service, clock: rig.Clock}
}

// send creates a record as a worker.
func (ps *portalHarness) send(tb testing.TB, worker string, in emessage.NewMessage) *emessage.Message {
	tb.Helper()
	_, a, err := ps.svc.Login(context.Background(), worker, "pw")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := ps.svc.SendMessage(context.Background(), a, in)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// mustPortalSignIn signs a customer in and returns the session cookie.
func mustPortalSignIn(tb testing.TB, h http.Handler, username string) *http.Cookie {
	tb.Helper()
	return testrig.MustSignIn(tb, h, "/portal/login", "emessage_portal", username)
}

func TestPortalSessionCookie(t *testing.T) {
	for _, tt := range []struct {
		name, base string
		secure     bool
	}{
		{"plain HTTP", "http://127.0.0.1:8080", false},
		{"public over HTTPS", "https://emessage.county.gov", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := mustPortalSite(t, tt.base)
			rec := testrig.Browse(ps.h, "POST", "/portal/login", url.Values{"username": {"maria"}, "password": {"pw"}, "next": {"/portal/settings"}}, nil)
			testrig.MustStatus(t, rec, http.StatusSeeOther)
			if got := rec.Header().Get("Location"); got != "/portal/settings" {
				t.Fatalf("after signing in: %q", got)
			}
			set := rec.Header()["Set-Cookie"]
			if len(set) != 1 {
				t.Fatalf("Set-Cookie %q, want one", set)
			}
			for _, want := range []string{"emessage_portal=", "HttpOnly", "SameSite=Lax", "Path=/portal"} {
				if !strings.Contains(set[0], want) {
					t.Errorf("cookie %q lacks %s", set[0], want)
				}
			}
			if strings.Contains(set[0], "Max-Age") || strings.Contains(set[0], "Expires") {
				t.Errorf("cookie %q outlives the browser session", set[0])
			}
			if got := strings.Contains(set[0], "Secure"); got != tt.secure {
				t.Errorf("cookie %q: Secure %v, want %v", set[0], got, tt.secure)
			}
		})
	}
}

func TestPortalSignInRefusals(t *testing.T) {
	ps := mustPortalSite(t, "")
	es := &http.Cookie{Name: "emessage_lang", Value: "es"}
	form := func(user, pw string) []byte { return []byte(url.Values{"username": {user}, "password": {pw}}.Encode()) }
	hdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

	rec := testrig.BrowseWith(ps.h, "POST", "/portal/login", form("maria", "wrong"), hdr, es)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if !strings.Contains(rec.Body.String(), "El nombre de usuario o la contraseña no son correctos.") || !strings.Contains(rec.Body.String(), `<html lang="es">`) {
		t.Fatalf("a wrong password in Spanish: %s", rec.Body)
	}
	// A worker is no portal customer: no session.
	rec = testrig.BrowseWith(ps.h, "POST", "/portal/login", form("jdoe", "pw"), hdr)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if len(rec.Result().Cookies()) != 0 || !strings.Contains(rec.Body.String(), "County workers sign in on the worker site.") {
		t.Fatalf("a worker signing in to the portal: cookies %v, page %s", rec.Result().Cookies(), rec.Body)
	}
	// Throttled: the service's 429 shows as a sentence in the page's language.
	for range emessage.FreeLoginsPerUser {
		testrig.BrowseWith(ps.h, "POST", "/portal/login", form("lena", "wrong"), hdr)
	}
	rec = testrig.BrowseWith(ps.h, "POST", "/portal/login", form("lena", "pw"), hdr, es)
	testrig.MustStatus(t, rec, http.StatusTooManyRequests)
	if !strings.Contains(rec.Body.String(), "Demasiados intentos fallidos.") || strings.Contains(rec.Body.String(), "Too many") {
		t.Fatalf("throttled sign-in: %s", rec.Body)
	}
}

func TestPortalLanguage(t *testing.T) {
	ps := mustPortalSite(t, "")
	lang := func(rec *httptest.ResponseRecorder) string {
		body := rec.Body.String()
		i := strings.Index(body, `<html lang="`)
		if i < 0 {
			return ""
		}
		return body[i+12 : i+14]
	}
	for _, tt := range []struct {
		name, accept string
		cookie       string
		want         string
	}{
		{"default", "", "", "en"},
		{"the browser's Spanish", "es-MX,es;q=0.9,en;q=0.8", "", "es"},
		{"the browser's English first", "en-US,en;q=0.9,es;q=0.8", "", "en"},
		{"a language refused", "fr, es;q=0", "", "en"},
		{"the cookie wins over the browser", "en-US", "es", "es"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var cookies []*http.Cookie
			if tt.cookie != "" {
				cookies = append(cookies, &http.Cookie{Name: "emessage_lang", Value: tt.cookie})
			}
			rec := testrig.BrowseWith(ps.h, "GET", "/portal/login", nil, map[string]string{"Accept-Language": tt.accept}, cookies...)
			testrig.MustStatus(t, rec, http.StatusOK)
			if got := lang(rec); got != tt.want {
				t.Fatalf("lang %q, want %q", got, tt.want)
			}
		})
	}
	// ?lang= before sign-in is kept in a cookie.
	rec := testrig.BrowseWith(ps.h, "GET", "/portal/login?lang=es&next=%2Fportal%2Fsettings", nil, nil)
	if lang(rec) != "es" || !strings.Contains(rec.Header().Get("Set-Cookie"), "emessage_lang=es") {
		t.Fatalf("?lang=es: lang %q, Set-Cookie %q", lang(rec), rec.Header().Get("Set-Cookie"))
	}
	if !strings.Contains(rec.Body.String(), `href="/portal/login?lang=en&amp;next=%2Fportal%2Fsettings"`) {
		t.Fatalf("the switch back to English loses the way on: %s", rec.Body)
	}
	// Signed in, the account's language wins, and the switch saves to the account.
	c := mustPortalSignIn(t, ps.h, "maria")
	rec = testrig.BrowseWith(ps.h, "GET", "/portal/", nil, nil, c, &http.Cookie{Name: "emessage_lang", Value: "en"})
	if lang(rec) != "es" {
		t.Fatalf("maria's inbox in %q, want her account's es", lang(rec))
	}
	rec = testrig.Browse(ps.h, "POST", "/portal/language", url.Values{"lang": {"en"}, "next": {"/portal/settings"}}, c)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/portal/settings" {
		t.Fatalf("after the switch: %q", got)
	}
	if rec := testrig.Browse(ps.h, "GET", "/portal/settings", nil, c); lang(rec) != "en" {
		t.Fatalf("after switching to English: %q", lang(rec))
	}
	rec = testrig.Browse(ps.h, "POST", "/portal/language", url.Values{"lang": {"en"}, "next": {"https://evil.example/"}}, c)
	if got := rec.Header().Get("Location"); got != "/portal/" {
		t.Fatalf("the switch went to %q", got)
	}
}

func TestPortalPagesHeadersAndNoInlineCode(t *testing.T) {
	ps := mustPortalSite(t, "")
	m := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionUploadDocument, Subject: `<script>alert(1)</script>`, Body: "Upload it."})
	c := mustPortalSignIn(t, ps.h, "maria")
	for _, path := range []string{"/portal/login", "/portal/", "/portal/messages/" + m.ID, "/portal/messages/new",
		"/portal/settings", "/portal/nothing", "/portal/messages/nothing"} {
		cookie := c
		if path == "/portal/login" {
			cookie = nil
		}
		rec := testrig.Browse(ps.h, "GET", path, nil, cookie)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotFound {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if csp != page.CSP {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if m := testrig.InlineCode.FindString(rec.Body.String()); m != "" {
			t.Errorf("%s: inline code %q", path, m)
		}
		if !strings.Contains(rec.Body.String(), `<html lang="es">`) && path != "/portal/login" {
			t.Errorf("%s: not in maria's Spanish", path)
		}
	}
	rec := testrig.Browse(ps.h, "GET", "/portal/messages/"+m.ID, nil, c)
	if !strings.Contains(rec.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("the subject is not escaped")
	}
	// Unknown addresses are the portal's own 404 page, in the customer's language.
	rec = testrig.Browse(ps.h, "GET", "/portal/nothing", nil, c)
	testrig.MustStatus(t, rec, http.StatusNotFound)
	if !strings.Contains(rec.Body.String(), "Página no encontrada") {
		t.Fatalf("unknown address: %s", rec.Body)
	}
	// Without a session, every page goes to the sign-in page and comes back.
	rec = testrig.Browse(ps.h, "GET", "/portal/messages/"+m.ID, nil, nil)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/portal/login?next=%2Fportal%2Fmessages%2F"+m.ID {
		t.Fatalf("Location %q", got)
	}
}

func TestPortalOtherCustomerNotFound(t *testing.T) {
	ps := mustPortalSite(t, "")
	up := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionUploadDocument, Subject: "Maria's paystubs", Body: "Secret body"})
	view := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Maria's form", Body: "Secret body"})
	lena := mustPortalSignIn(t, ps.h, "lena")
	for _, tt := range []struct{ method, path string }{
		{"GET", "/portal/messages/" + up.ID},
		{"GET", "/portal/messages/" + view.ID + "/document"},
		{"POST", "/portal/messages/" + up.ID + "/reply"},
		{"POST", "/portal/messages/" + up.ID + "/uploads"},
		{"POST", "/portal/messages/" + view.ID + "/document"},
	} {
		var form url.Values
		if tt.method == "POST" {
			form = url.Values{"body": {"hello"}}
		}
		rec := testrig.Browse(ps.h, tt.method, tt.path, form, lena)
		testrig.MustStatus(t, rec, http.StatusNotFound)
		if strings.Contains(rec.Body.String(), "Maria") || strings.Contains(rec.Body.String(), "Secret") || !strings.Contains(rec.Body.String(), "Page not found") {
			t.Errorf("%s %s: %s", tt.method, tt.path, rec.Body)
		}
	}
	d, err := ps.svc.Store.Message(context.Background(), view.ID)
	if err != nil || d.Status != emessage.StatusNewAction || d.ViewedAt != nil {
		t.Fatalf("another customer's tries changed the record: %+v %v", d, err)
	}
}

// TestPortalRefusalLogged: the portal's refusals are security events in
// the log, as the API's are: another customer's record (404, the same page
// as a record that does not exist) and a form the county does not take
// (403, shown beside the form), each with who asked, what and from where.
func TestPortalRefusalLogged(t *testing.T) {
	ps := mustPortalSite(t, "")
	var logs bytes.Buffer
	h := web.NewHandler(web.Config{Service: ps.svc, Logger: testrig.Logger(&logs)})
	theirs := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
		Subject: "Maria's letter", Body: "Secret body"})
	lena := mustPortalSignIn(t, h, "lena")
	testrig.MustStatus(t, testrig.Browse(h, "GET", "/portal/messages/"+theirs.ID, nil, lena), http.StatusNotFound)
	maria := mustPortalSignIn(t, h, "maria")
	rec := testrig.Browse(h, "POST", "/portal/messages/new", url.Values{"case_number": {"C1"}, "subject": {"Hi"}, "body": {"Hello"}}, maria)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	lines := strings.Split(logs.String(), "\n")
	for _, want := range [][]string{
		{"event=security", "code=not_found", "status=404", `route="GET /portal/messages/{id}"`, "actor=lena", "role=ssp", "client=192.0.2.1"},
		{"event=security", "code=two_way_disabled", "status=403", `route="POST /portal/messages/new"`, "actor=maria", "role=ssp"},
	} {
		if !slices.ContainsFunc(lines, func(l string) bool {
			return !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(l, w) })
		}) {
			t.Errorf("no log line holds %v:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), theirs.ID) {
		t.Errorf("the log holds a record id:\n%s", logs.String())
	}
}

func TestPortalCrossSiteFormsRefused(t *testing.T) {
	ps := mustPortalSite(t, "https://emessage.county.gov")
	c := mustPortalSignIn(t, ps.h, "maria")
	for _, path := range []string{"/portal/login", "/portal/logout", "/portal/language", "/portal/messages/new",
		"/portal/settings", "/portal/messages/X/reply", "/portal/messages/X/uploads", "/portal/messages/X/document"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("body=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		ps.h.ServeHTTP(rec, req)
		testrig.MustStatus(t, rec, http.StatusForbidden)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(rec.Body.String(), "otro sitio web") {
			t.Errorf("%s: a cross-site form gets %s %q", path, ct, rec.Body.String())
		}
	}
}

// multipartForm builds the message page's form as a browser sends it.
func multipartForm(tb testing.TB, body string, files map[string][]byte, empty bool) ([]byte, string) {
	tb.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if empty {
		fw, _ := w.CreateFormFile("file", "")
		fw.Write(nil)
	}
	for name, data := range files {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(data)
	}
	w.WriteField("body", body)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func TestPortalUploadKeepsTheAnswer(t *testing.T) {
	ps := mustPortalSite(t, "")
	up := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B2", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionUploadDocument, Subject: "Paystubs", Body: "Upload them."})
	c := mustPortalSignIn(t, ps.h, "lena")
	pdf := testrig.PDF("Paystub")
	tests := []struct {
		name   string
		files  map[string][]byte
		empty  bool
		status int
		want   string
	}{
		{"no file chosen", nil, true, http.StatusUnprocessableEntity, "Choose at least one file to upload."},
		{"a file too large", map[string][]byte{"big.pdf": make([]byte, emessage.MaxUploadSize+1)}, false, http.StatusRequestEntityTooLarge,
			"big.pdf is larger than 10 MB."},
		{"not a PDF", map[string][]byte{"notes.pdf": []byte("notes")}, false, http.StatusUnsupportedMediaType,
			"notes.pdf is not a PDF, JPEG or PNG file."},
		{"six files", map[string][]byte{"1.pdf": pdf, "2.pdf": pdf, "3.pdf": pdf, "4.pdf": pdf, "5.pdf": pdf, "6.pdf": pdf}, false,
			http.StatusUnprocessableEntity, "You can send at most 5 more files here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartForm(t, "My answer, kept", tt.files, tt.empty)
			rec := testrig.BrowseWith(ps.h, "POST", "/portal/messages/"+up.ID+"/uploads", body, map[string]string{"Content-Type": ct}, c)
			testrig.MustStatus(t, rec, tt.status)
			page := rec.Body.String()
			if !strings.Contains(page, tt.want) || !strings.Contains(page, ">My answer, kept</textarea>") {
				t.Fatalf("refusal %q and the answer kept expected: %s", tt.want, page)
			}
		})
	}
	if ups, _ := ps.svc.Store.Uploads(context.Background(), up.ID); len(ups) != 0 {
		t.Fatalf("refused uploads stored %d files", len(ups))
	}
	body, ct := multipartForm(t, "", map[string][]byte{"paystub.pdf": pdf}, true)
	rec := testrig.BrowseWith(ps.h, "POST", "/portal/messages/"+up.ID+"/uploads", body, map[string]string{"Content-Type": ct}, c)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/portal/messages/"+up.ID+"?done=uploaded" {
		t.Fatalf("after the upload: %q", got)
	}
}

func TestPortalDocument(t *testing.T) {
	ps := mustPortalSite(t, "")
	view := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B2", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Read it."})
	c := mustPortalSignIn(t, ps.h, "lena")
	rec := testrig.Browse(ps.h, "GET", "/portal/messages/"+view.ID+"/document", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	for k, want := range map[string]string{
		"Content-Type": "application/pdf", "Content-Disposition": "inline; filename=CW2200.pdf; filename*=UTF-8''CW2200.pdf",
		"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatal("not the PDF")
	}
	rec = testrig.Browse(ps.h, "GET", "/portal/messages/"+view.ID+"/document?download=1", nil, c)
	if got := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
		t.Fatalf("download: %q", got)
	}
	if m, _ := ps.svc.Store.Message(context.Background(), view.ID); m.Status != emessage.StatusActionCompleted {
		t.Fatalf("opening the form left the action %s", m.Status)
	}
}

func TestPortalOneWayCounty(t *testing.T) {
	ps := mustPortalSite(t, "")
	m := ps.send(t, "bsd", emessage.NewMessage{CaseNumber: "C1", PersonID: "P1", Type: emessage.TypeMessage, Subject: "Aviso", Body: "Hola"})
	c := mustPortalSignIn(t, ps.h, "maria")
	rec := testrig.Browse(ps.h, "GET", "/portal/messages/"+m.ID, nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	page := rec.Body.String()
	if strings.Contains(page, "<textarea") || strings.Contains(page, "Enviar respuesta") || !strings.Contains(page, "Este condado no recibe respuestas por el portal.") {
		t.Fatalf("a one-way county's message: %s", page)
	}
	// An answer sent anyway is refused, in Spanish.
	rec = testrig.Browse(ps.h, "POST", "/portal/messages/"+m.ID+"/reply", url.Values{"body": {"hola"}}, c)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Este condado no recibe mensajes ni respuestas por el portal.") {
		t.Fatalf("an answer to a one-way county: %s", rec.Body)
	}
	// The New message form offers the two-way case only.
	rec = testrig.Browse(ps.h, "GET", "/portal/messages/new", nil, c)
	if page := rec.Body.String(); !strings.Contains(page, "Sobre el caso B1, Condado de Los Angeles.") || strings.Contains(page, "C1") {
		t.Fatalf("the cases offered: %s", page)
	}
	rec = testrig.Browse(ps.h, "POST", "/portal/messages/new", url.Values{"case_number": {"C1"}, "subject": {"Hola"}, "body": {"Hola"}}, c)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Este condado no recibe mensajes") || !strings.Contains(rec.Body.String(), `value="Hola"`) {
		t.Fatalf("a message to a one-way county: %s", rec.Body)
	}
}

// TestPortalWhatIsItAbout: the New message form asks what the message is
// about, with the case's programs in the customer's words and "I'm not
// sure"; the answer decides the record's program, and a program that is
// not the case's is refused beside the question with what was typed kept.
func TestPortalWhatIsItAbout(t *testing.T) {
	ps := mustPortalSite(t, "")
	c := mustPortalSignIn(t, ps.h, "maria")
	rec := testrig.Browse(ps.h, "GET", "/portal/messages/new", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	form := rec.Body.String()
	for _, want := range []string{"¿De qué trata su mensaje?", `value="CF"`, "CalFresh (alimentos)", `value="not_sure" checked`, "No estoy seguro"} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	send := func(program string) *httptest.ResponseRecorder {
		return testrig.Browse(ps.h, "POST", "/portal/messages/new",
			url.Values{"case_number": {"B1"}, "program": {program}, "subject": {"Pregunta"}, "body": {"Hola"}}, c)
	}
	for _, program := range []string{"CF", "not_sure"} {
		rec := send(program)
		testrig.MustStatus(t, rec, http.StatusSeeOther)
		id := strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("Location"), "/portal/messages/"), "?done=sent")
		m, err := ps.svc.Store.Message(context.Background(), id)
		if err != nil || m.Program != "CF" {
			t.Errorf("%s: record %+v, %v; want program CF", program, m, err)
		}
	}
	rec = send("MC")
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if page := rec.Body.String(); !strings.Contains(page, "Elija de qué trata su mensaje") || !strings.Contains(page, `value="Pregunta"`) ||
		!strings.Contains(page, `href="#program"`) {
		t.Fatalf("a program not of the case: %s", page)
	}
}

func TestPortalEmailNeedsRecentSignIn(t *testing.T) {
	ps := mustPortalSite(t, "")
	c := mustPortalSignIn(t, ps.h, "maria")
	ps.clock.Add(10 * time.Minute)
	change := url.Values{"email": {"new@example.org"}, "e_notification": {"on"}, "language": {"es"}}
	rec := testrig.Browse(ps.h, "POST", "/portal/settings", change, c)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Escriba su contraseña para cambiar su correo electrónico.") || !strings.Contains(rec.Body.String(), `value="new@example.org"`) {
		t.Fatalf("a new email without the password: %s", rec.Body)
	}
	change.Set("password", "wrong")
	rec = testrig.Browse(ps.h, "POST", "/portal/settings", change, c)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "La contraseña no es correcta.") || strings.Contains(rec.Body.String(), `value="wrong"`) {
		t.Fatalf("a wrong password: %s", rec.Body)
	}
	change.Set("password", "pw")
	testrig.MustStatus(t, testrig.Browse(ps.h, "POST", "/portal/settings", change, c), http.StatusSeeOther)
	// The rest of the settings need no password.
	rec = testrig.Browse(ps.h, "POST", "/portal/settings", url.Values{"email": {"new@example.org"}, "e_notification": {"off"}, "language": {"en"}}, c)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
}

// TestPortalAnswerOnce: the message page's answer sent twice with its
// one-time token makes one record; the second shows the message with a
// notice in the customer's language.
func TestPortalAnswerOnce(t *testing.T) {
	ps := mustPortalSite(t, "")
	m := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage, Subject: "Hola", Body: "Hola"})
	c := mustPortalSignIn(t, ps.h, "maria")
	page := testrig.Browse(ps.h, "GET", "/portal/messages/"+m.ID, nil, c).Body.String()
	token := regexp.MustCompile(`name="once" value="([^"]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("the answer form holds no one-time token: %s", page)
	}
	form := url.Values{"body": {"Mi respuesta"}, "once": {token[1]}}
	testrig.MustStatus(t, testrig.Browse(ps.h, "POST", "/portal/messages/"+m.ID+"/reply", form, c), http.StatusSeeOther)
	again := testrig.Browse(ps.h, "POST", "/portal/messages/"+m.ID+"/reply", form, c)
	testrig.MustStatus(t, again, http.StatusSeeOther)
	if loc := again.Header().Get("Location"); loc != "/portal/messages/"+m.ID+"?done=again" {
		t.Fatalf("the second answer went to %s", loc)
	}
	if body := testrig.Browse(ps.h, "GET", again.Header().Get("Location"), nil, c).Body.String(); !strings.Contains(body, "Usted ya envió esto.") {
		t.Fatalf("no notice: %s", body)
	}
	d, err := ps.svc.Store.Thread(context.Background(), m.ThreadID)
	if err != nil || len(d) != 2 {
		t.Fatalf("thread of %d records, %v; want the message and one answer", len(d), err)
	}
}
