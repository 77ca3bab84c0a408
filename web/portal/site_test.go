package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
	"github.com/county/emessage/filestore"
	"github.com/county/emessage/sqlstore"
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
	clock *testClock
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func mustPortalSite(tb testing.TB, baseURL string) *portalHarness {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "e.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	both := []string{emessage.RightView, emessage.RightSend}
	_, err = st.Import(ctx, &emessage.ImportData{
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
			PDF: "cw2200.pdf", PDFData: demo.PDF("Request for Verification")}},
		Cases: []emessage.ImportCase{
			{Number: "B1", County: "19", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
			{Number: "B2", County: "19", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Lena Park", SSPAccount: "lena"}}},
			{Number: "C1", County: "37", Status: emessage.CaseActive, Programs: []emessage.ImportProgram{{Code: "CF", Worker: "bsd"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	files, err := filestore.New(filepath.Join(dir, "uploads"))
	if err != nil {
		tb.Fatal(err)
	}
	clock := &testClock{t: time.Now()}
	svc := emessage.NewService(st, files, plainPasswords{})
	svc.Now = clock.now
	return &portalHarness{h: NewHandler(Config{Service: svc, BaseURL: baseURL}), svc: svc, clock: clock}
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
	rec := browserDo(h, "POST", "/portal/login", url.Values{"username": {username}, "password": {"pw"}}, nil)
	MustStatus(tb, rec, http.StatusSeeOther)
	for _, c := range rec.Result().Cookies() {
		if c.Name == portalSite.cookie && c.Value != "" {
			return c
		}
	}
	tb.Fatalf("no session cookie: %v", rec.Header()["Set-Cookie"])
	return nil
}

// portalDo is browserDo with extra headers.
func portalDo(h http.Handler, method, target string, body []byte, header map[string]string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
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
			rec := browserDo(ps.h, "POST", "/portal/login", url.Values{"username": {"maria"}, "password": {"pw"}, "next": {"/portal/settings"}}, nil)
			MustStatus(t, rec, http.StatusSeeOther)
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
	es := &http.Cookie{Name: langCookie, Value: "es"}
	form := func(user, pw string) []byte { return []byte(url.Values{"username": {user}, "password": {pw}}.Encode()) }
	hdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

	rec := portalDo(ps.h, "POST", "/portal/login", form("maria", "wrong"), hdr, es)
	MustStatus(t, rec, http.StatusUnauthorized)
	if !strings.Contains(rec.Body.String(), "El nombre de usuario o la contraseña no son correctos.") || !strings.Contains(rec.Body.String(), `<html lang="es">`) {
		t.Fatalf("a wrong password in Spanish: %s", rec.Body)
	}
	// A worker is no portal customer: no session.
	rec = portalDo(ps.h, "POST", "/portal/login", form("jdoe", "pw"), hdr)
	MustStatus(t, rec, http.StatusUnauthorized)
	if len(rec.Result().Cookies()) != 0 || !strings.Contains(rec.Body.String(), "County workers sign in on the worker site.") {
		t.Fatalf("a worker signing in to the portal: cookies %v, page %s", rec.Result().Cookies(), rec.Body)
	}
	// Throttled: the service's 429 shows as a sentence in the page's language.
	for range emessage.FreeLoginsPerUser {
		portalDo(ps.h, "POST", "/portal/login", form("lena", "wrong"), hdr)
	}
	rec = portalDo(ps.h, "POST", "/portal/login", form("lena", "pw"), hdr, es)
	MustStatus(t, rec, http.StatusTooManyRequests)
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
				cookies = append(cookies, &http.Cookie{Name: langCookie, Value: tt.cookie})
			}
			rec := portalDo(ps.h, "GET", "/portal/login", nil, map[string]string{"Accept-Language": tt.accept}, cookies...)
			MustStatus(t, rec, http.StatusOK)
			if got := lang(rec); got != tt.want {
				t.Fatalf("lang %q, want %q", got, tt.want)
			}
		})
	}
	// ?lang= before sign-in is kept in a cookie.
	rec := portalDo(ps.h, "GET", "/portal/login?lang=es&next=%2Fportal%2Fsettings", nil, nil)
	if lang(rec) != "es" || !strings.Contains(rec.Header().Get("Set-Cookie"), "emessage_lang=es") {
		t.Fatalf("?lang=es: lang %q, Set-Cookie %q", lang(rec), rec.Header().Get("Set-Cookie"))
	}
	if !strings.Contains(rec.Body.String(), `href="/portal/login?lang=en&amp;next=%2Fportal%2Fsettings"`) {
		t.Fatalf("the switch back to English loses the way on: %s", rec.Body)
	}
	// Signed in, the account's language wins, and the switch saves to the account.
	c := mustPortalSignIn(t, ps.h, "maria")
	rec = portalDo(ps.h, "GET", "/portal/", nil, nil, c, &http.Cookie{Name: langCookie, Value: "en"})
	if lang(rec) != "es" {
		t.Fatalf("maria's inbox in %q, want her account's es", lang(rec))
	}
	rec = browserDo(ps.h, "POST", "/portal/language", url.Values{"lang": {"en"}, "next": {"/portal/settings"}}, c)
	MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/portal/settings" {
		t.Fatalf("after the switch: %q", got)
	}
	if rec := browserDo(ps.h, "GET", "/portal/settings", nil, c); lang(rec) != "en" {
		t.Fatalf("after switching to English: %q", lang(rec))
	}
	rec = browserDo(ps.h, "POST", "/portal/language", url.Values{"lang": {"en"}, "next": {"https://evil.example/"}}, c)
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
		rec := browserDo(ps.h, "GET", path, nil, cookie)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotFound {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if csp != pageCSP {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if m := inlineCode.FindString(rec.Body.String()); m != "" {
			t.Errorf("%s: inline code %q", path, m)
		}
		if !strings.Contains(rec.Body.String(), `<html lang="es">`) && path != "/portal/login" {
			t.Errorf("%s: not in maria's Spanish", path)
		}
	}
	rec := browserDo(ps.h, "GET", "/portal/messages/"+m.ID, nil, c)
	if !strings.Contains(rec.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("the subject is not escaped")
	}
	// Unknown addresses are the portal's own 404 page, in the customer's language.
	rec = browserDo(ps.h, "GET", "/portal/nothing", nil, c)
	MustStatus(t, rec, http.StatusNotFound)
	if !strings.Contains(rec.Body.String(), "Página no encontrada") {
		t.Fatalf("unknown address: %s", rec.Body)
	}
	// Without a session, every page goes to the sign-in page and comes back.
	rec = browserDo(ps.h, "GET", "/portal/messages/"+m.ID, nil, nil)
	MustStatus(t, rec, http.StatusSeeOther)
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
	} {
		var form url.Values
		if tt.method == "POST" {
			form = url.Values{"body": {"hello"}}
		}
		rec := browserDo(ps.h, tt.method, tt.path, form, lena)
		MustStatus(t, rec, http.StatusNotFound)
		if strings.Contains(rec.Body.String(), "Maria") || strings.Contains(rec.Body.String(), "Secret") || !strings.Contains(rec.Body.String(), "Page not found") {
			t.Errorf("%s %s: %s", tt.method, tt.path, rec.Body)
		}
	}
	d, err := ps.svc.Store.Message(context.Background(), view.ID)
	if err != nil || d.Status != emessage.StatusNewAction || d.ViewedAt != nil {
		t.Fatalf("another customer's tries changed the record: %+v %v", d, err)
	}
}

func TestPortalCrossSiteFormsRefused(t *testing.T) {
	ps := mustPortalSite(t, "https://emessage.county.gov")
	c := mustPortalSignIn(t, ps.h, "maria")
	for _, path := range []string{"/portal/login", "/portal/logout", "/portal/language", "/portal/messages/new",
		"/portal/settings", "/portal/messages/X/reply", "/portal/messages/X/uploads"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("body=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		ps.h.ServeHTTP(rec, req)
		MustStatus(t, rec, http.StatusForbidden)
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
	pdf := demo.PDF("Paystub")
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
			rec := portalDo(ps.h, "POST", "/portal/messages/"+up.ID+"/uploads", body, map[string]string{"Content-Type": ct}, c)
			MustStatus(t, rec, tt.status)
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
	rec := portalDo(ps.h, "POST", "/portal/messages/"+up.ID+"/uploads", body, map[string]string{"Content-Type": ct}, c)
	MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/portal/messages/"+up.ID+"?done=uploaded" {
		t.Fatalf("after the upload: %q", got)
	}
}

func TestPortalDocument(t *testing.T) {
	ps := mustPortalSite(t, "")
	view := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B2", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Read it."})
	c := mustPortalSignIn(t, ps.h, "lena")
	rec := browserDo(ps.h, "GET", "/portal/messages/"+view.ID+"/document", nil, c)
	MustStatus(t, rec, http.StatusOK)
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
	rec = browserDo(ps.h, "GET", "/portal/messages/"+view.ID+"/document?download=1", nil, c)
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
	rec := browserDo(ps.h, "GET", "/portal/messages/"+m.ID, nil, c)
	MustStatus(t, rec, http.StatusOK)
	page := rec.Body.String()
	if strings.Contains(page, "<textarea") || strings.Contains(page, "Enviar respuesta") || !strings.Contains(page, "Este condado no recibe respuestas por el portal.") {
		t.Fatalf("a one-way county's message: %s", page)
	}
	// An answer sent anyway is refused, in Spanish.
	rec = browserDo(ps.h, "POST", "/portal/messages/"+m.ID+"/reply", url.Values{"body": {"hola"}}, c)
	MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Este condado no recibe mensajes ni respuestas por el portal.") {
		t.Fatalf("an answer to a one-way county: %s", rec.Body)
	}
	// The New message form offers the two-way case only.
	rec = browserDo(ps.h, "GET", "/portal/messages/new", nil, c)
	if page := rec.Body.String(); !strings.Contains(page, "Sobre el caso B1, Condado de Los Angeles.") || strings.Contains(page, "C1") {
		t.Fatalf("the cases offered: %s", page)
	}
	rec = browserDo(ps.h, "POST", "/portal/messages/new", url.Values{"case_number": {"C1"}, "subject": {"Hola"}, "body": {"Hola"}}, c)
	MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Este condado no recibe mensajes") || !strings.Contains(rec.Body.String(), `value="Hola"`) {
		t.Fatalf("a message to a one-way county: %s", rec.Body)
	}
}

func TestPortalEmailNeedsRecentSignIn(t *testing.T) {
	ps := mustPortalSite(t, "")
	c := mustPortalSignIn(t, ps.h, "maria")
	ps.clock.add(10 * time.Minute)
	change := url.Values{"email": {"new@example.org"}, "e_notification": {"on"}, "language": {"es"}}
	rec := browserDo(ps.h, "POST", "/portal/settings", change, c)
	MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "Escriba su contraseña para cambiar su correo electrónico.") || !strings.Contains(rec.Body.String(), `value="new@example.org"`) {
		t.Fatalf("a new email without the password: %s", rec.Body)
	}
	change.Set("password", "wrong")
	rec = browserDo(ps.h, "POST", "/portal/settings", change, c)
	MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "La contraseña no es correcta.") || strings.Contains(rec.Body.String(), `value="wrong"`) {
		t.Fatalf("a wrong password: %s", rec.Body)
	}
	change.Set("password", "pw")
	MustStatus(t, browserDo(ps.h, "POST", "/portal/settings", change, c), http.StatusSeeOther)
	// The rest of the settings need no password.
	rec = browserDo(ps.h, "POST", "/portal/settings", url.Values{"email": {"new@example.org"}, "e_notification": {"off"}, "language": {"en"}}, c)
	MustStatus(t, rec, http.StatusSeeOther)
}

func TestCatalogsMatch(t *testing.T) {
	verbs := func(s string) string {
		var out []string
		for i := 0; i+1 < len(s); i++ {
			if s[i] == '%' {
				out = append(out, s[i:i+2])
				i++
			}
		}
		return strings.Join(out, ",")
	}
	en := catalog["en"]
	for _, lang := range emessage.Languages {
		words := catalog[lang]
		for k, v := range en {
			w, ok := words[k]
			if !ok {
				t.Errorf("%s: no %q", lang, k)
				continue
			}
			if verbs(w) != verbs(v) {
				t.Errorf("%s %q: %q takes %s, English %s", lang, k, w, verbs(w), verbs(v))
			}
		}
		for k := range words {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %q is not in English", lang, k)
			}
		}
	}
}

func TestPortalProblemsAreTranslated(t *testing.T) {
	// Every refusal the portal can meet has Spanish words of its own.
	for _, err := range []error{
		emessage.Errorf(emessage.EInvalidCredentials, "x"), emessage.Errorf(emessage.ETooManyRequests, "x"),
		emessage.FieldError(emessage.ETooLarge, "file", "x"), emessage.FieldError(emessage.EUnsupportedType, "file", "x"),
		emessage.FieldError(emessage.ETooManyFiles, "file", "x"), emessage.Errorf(emessage.ETwoWayDisabled, "x"),
		emessage.FieldError(emessage.ECaseDiscontinued, "case_number", "x"), emessage.FieldError(emessage.EInvalid, "body", "x"),
		emessage.FieldError(emessage.EInvalid, "subject", "x"), emessage.FieldError(emessage.EInvalid, "case_number", "x"),
		emessage.FieldError(emessage.EInvalid, "email", "x"), emessage.FieldError(emessage.EInvalid, "file", "x"),
		emessage.FieldError(emessage.EReauth, "password", "x"), emessage.Errorf(emessage.EInvalidTransition, "x"),
		emessage.Errorf(emessage.EMalformed, "x"), context.Canceled,
	} {
		_, es := portalProblem("es", err, typed{})
		_, en := portalProblem("en", err, typed{})
		if es == "" || es == en || strings.Contains(es, "x") && len(es) < 3 {
			t.Errorf("%v: es %q, en %q", err, es, en)
		}
	}
	_, got := portalProblem("en", emessage.FieldError(emessage.EInvalid, "body", "x"), typed{Body: strings.Repeat("a", 4001)})
	if got != "Your message can be at most 4000 characters; it has 4001." {
		t.Fatalf("a body too long: %q", got)
	}
}

func TestAcceptLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"": "en", "es": "es", "ES-us": "es", "fr-FR, es;q=0.5": "es", "es;q=0, en": "en", "es;q=0.000": "en", "de": "en",
	} {
		if got := acceptLanguage(header); got != want {
			t.Errorf("%q: %q, want %q", header, got, want)
		}
	}
}
