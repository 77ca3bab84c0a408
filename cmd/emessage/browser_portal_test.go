package main

import (
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// TestBrowserPortal walks the customer portal in a real browser the way a
// customer on a phone does: sign in, read a message (the worker sees the
// read receipt), answer it, upload to an action (a refused file first,
// with the answer typed kept), open a form, write to the county, change the
// settings, page through the inbox, and be refused another customer's
// message. Then the same walk in Spanish, where no English may show. Every
// page is checked with axe-core and photographed at 1280 and 375 px.
func TestBrowserPortal(t *testing.T) {
	requireChromium(t)
	srv := startPortalServer(t)
	w := &portalWalk{srv: srv, wanda: srv.login("wanda", fixturePassword), bea: srv.login("bea", fixturePassword),
		otto: srv.login("otto", fixturePassword)}
	w.setUp(t)
	w.b = newBrowser(t, srv.base)

	t.Run("sign in", w.signIn)
	t.Run("inbox", w.inbox)
	t.Run("read a message", w.readMessage)
	t.Run("answer it", w.answer)
	t.Run("upload to an action", w.upload)
	t.Run("open a form", w.openForm)
	t.Run("write to the county", w.newMessage)
	t.Run("another customer's message", w.otherCustomer)
	t.Run("settings and language", w.settings)
	t.Run("pages of the inbox", w.pages)
	t.Run("sign out", w.signOut)

	es := &portalWalk{srv: srv, wanda: w.wanda, bea: w.bea, otto: w.otto, carlMsg: w.carlMsg}
	es.setUpSpanish(t)
	es.b = newBrowser(t, srv.base)
	t.Run("in Spanish", es.spanish)
}

// portalWalk is what the steps share: the customer's browser, and API
// clients that play the workers' part.
type portalWalk struct {
	b                 *browser
	srv               *server
	wanda, bea, otto  *testrig.Client
	msg, upID, viewID string // records for the customer
	carlMsg           string // another customer's record
	oneWay            string // a record of a one-way county
}

func (w *portalWalk) use(t *testing.T) *browser {
	w.b.t = t
	return w.b
}

// send creates a record as a worker and returns its id.
func send(t *testing.T, c *testrig.Client, fields map[string]any) string {
	t.Helper()
	return c.Do("POST", "/api/v1/messages", fields).Want(t, 201).Str("id")
}

// setUp: wanda writes to ana a message, an Upload Document action and a
// View Document action; otto writes to carl.
func (w *portalWalk) setUp(t *testing.T) {
	ana := map[string]any{"case_number": "A0000001", "person_id": "P1"}
	with := func(m map[string]any) map[string]any {
		for k, v := range ana {
			m[k] = v
		}
		return m
	}
	w.msg = send(t, w.wanda, with(map[string]any{"type": "message", "subject": "Your interview", "body": "Your interview is on Monday at 10 am.\nPlease bring your ID."}))
	w.upID = send(t, w.wanda, with(map[string]any{"type": "action", "action_type": "upload_document", "subject": "Send your paystubs",
		"body": "Please upload your last two paystubs."}))
	w.viewID = send(t, w.wanda, with(map[string]any{"type": "action", "action_type": "view_document", "document_code": "CW2200",
		"subject": "Please read the verification request", "body": "Read the form and tell us if anything changed."}))
	w.carlMsg = send(t, w.otto, map[string]any{"case_number": "A0000003", "person_id": "P4", "type": "message",
		"subject": "Private for Carl", "body": "Only Carl may read this."})
}

func (w *portalWalk) signIn(t *testing.T) {
	b := w.use(t)
	b.open("/portal/")
	b.waitURL("/portal/login")
	b.waitFor("heading", "Sign in")
	b.portalCheck("portal-login")
	b.fill("Username", "ana")
	b.fill("Password", "wrong password")
	b.click("button", "Sign in")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#username-error"); got != "The username or password is not correct." {
		t.Fatalf("error beside Username: %q", got)
	}
	if v := eval[string](b, `document.getElementById("username").value`); v != "ana" {
		t.Fatalf("the username typed is not kept: %q", v)
	}
	b.portalCheck("portal-login-error")
	b.signIn("ana", "/portal/")
	if strings.Contains(eval[string](b, `document.cookie`), "emessage_portal") {
		t.Fatal("the session cookie can be read by scripts; it must be HttpOnly")
	}
}

func (w *portalWalk) inbox(t *testing.T) {
	b := w.use(t)
	b.waitFor("heading", "Inbox")
	item := func(id string) string {
		return `document.querySelector('a[href="/portal/messages/` + id + `"]').closest("li")`
	}
	if !eval[bool](b, item(w.msg)+`.classList.contains("inbox__item--unread")`) {
		t.Fatal("an unopened message is not marked unread")
	}
	if got := eval[string](b, item(w.upID)+`.querySelector(".portal-status").textContent`); !strings.HasPrefix(got, "Action needed by ") {
		t.Fatalf("the upload action's status: %q", got)
	}
	if got := eval[string](b, item("LEGACY-1")+`.querySelector(".portal-status").textContent`); got != "Waiting for the county" {
		t.Fatalf("the customer's own message: %q", got)
	}
	order := eval[[]string](b, `[...document.querySelectorAll(".inbox__link")].map(a => a.getAttribute("href").split("/").pop())`)
	if len(order) < 4 || order[0] != w.viewID || order[len(order)-1] != "LEGACY-1" {
		t.Fatalf("the inbox is not newest first: %v", order)
	}
	b.portalCheck("portal-inbox")
}

func (w *portalWalk) readMessage(t *testing.T) {
	b := w.use(t)
	b.clickCSS(`a[href="/portal/messages/` + w.msg + `"]`)
	b.waitURL("/portal/messages/" + w.msg)
	b.waitFor("heading", "Your interview")
	if got := b.text(".portal-msg--current .message-body"); got != "Your interview is on Monday at 10 am.\nPlease bring your ID." {
		t.Fatalf("the message: %q", got)
	}
	b.portalCheck("portal-message")
	// The worker sees the read receipt.
	r := w.wanda.Do("GET", "/api/v1/messages/"+w.msg, nil).Want(t, 200)
	if r.JSON["viewed_by_customer_at"] == nil {
		t.Fatal("opening the message set no read receipt for the worker")
	}
	b.open("/portal/")
	if eval[bool](b, `document.querySelector('a[href="/portal/messages/`+w.msg+`"]').closest("li").classList.contains("inbox__item--unread")`) {
		t.Fatal("the message is still marked unread after reading it")
	}
}

func (w *portalWalk) answer(t *testing.T) {
	b := w.use(t)
	b.open("/portal/messages/" + w.msg)
	b.waitFor("textbox", "Your answer")
	if got := b.text("#body-count"); got != "0 of 4000 characters used" {
		t.Fatalf("the counter: %q", got)
	}
	b.fill("Your answer", "Monday works. Can I bring my daughter?")
	b.waitJS(`document.getElementById("body-count").textContent === "38 of 4000 characters used"`)
	b.click("button", "Send answer")
	b.waitURL("/portal/messages/" + w.msg + "?done=replied")
	if got := b.text(".usa-alert--success"); got != "Your answer was sent to the county." {
		t.Fatalf("after Send answer: %q", got)
	}
	if got := b.text(".portal-thread"); !strings.Contains(got, "Monday works. Can I bring my daughter?") {
		t.Fatalf("the answer is not in the thread: %q", got)
	}
	b.portalCheck("portal-message-answered")
	thread := w.wanda.Do("GET", "/api/v1/messages/"+w.msg, nil).Want(t, 200).JSON["thread"].([]any)
	last := thread[len(thread)-1].(map[string]any)
	if last["direction"] != "from_customer" || last["status"] != "received" || last["body"] != "Monday works. Can I bring my daughter?" {
		t.Fatalf("the worker does not see the answer: %v", last)
	}
}

func (w *portalWalk) upload(t *testing.T) {
	b := w.use(t)
	b.open("/portal/messages/" + w.upID)
	b.waitFor("heading", "Send your paystubs")
	if got := b.text("#file-hint"); !strings.Contains(got, "PDF, JPEG or PNG") || !strings.Contains(got, "10 MB") || !strings.Contains(got, "5 files") {
		t.Fatalf("the types and limits are not said before choosing: %q", got)
	}
	if got := eval[string](b, `document.getElementById("file").accept`); !strings.Contains(got, "application/pdf") || !eval[bool](b, `document.getElementById("file").multiple`) {
		t.Fatalf("the file field: accept %q", got)
	}
	b.portalCheck("portal-upload")
	// A text file named .pdf is refused, with the answer typed kept.
	b.fill("Your answer", "Here are my paystubs.")
	b.setFiles("file", writeFile(t, "notes.pdf", []byte("just some notes, not a PDF")))
	b.click("button", "Upload document")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#file-error"); !strings.Contains(got, "notes.pdf is not a PDF, JPEG or PNG file.") || !strings.Contains(got, "Nothing was sent.") {
		t.Fatalf("the refusal: %q", got)
	}
	if got := eval[string](b, `document.getElementById("body").value`); got != "Here are my paystubs." {
		t.Fatalf("the answer typed is lost after the refusal: %q", got)
	}
	if got := eval[string](b, `document.querySelector(".error-summary a").getAttribute("href")`); got != "#file" {
		t.Fatalf("the summary links to %q", got)
	}
	b.portalCheck("portal-upload-refused")
	if st := w.wanda.Do("GET", "/api/v1/messages/"+w.upID, nil).Want(t, 200).Str("status"); st != "new_action" {
		t.Fatalf("a refused upload moved the action to %s", st)
	}
	// A real PDF completes the action; the answer stays in its box.
	b.setFiles("file", writeFile(t, "paystub.pdf", testrig.PDF("paystub")))
	b.click("button", "Upload document")
	b.waitFor("status", "")
	if got := b.text(".usa-alert--success"); got != "Thank you. Your documents were sent to the county." {
		t.Fatalf("after the upload: %q", got)
	}
	if got := b.text(".portal-uploads"); !strings.Contains(got, "paystub.pdf") {
		t.Fatalf("the documents sent: %q", got)
	}
	if got := eval[string](b, `document.getElementById("body").value`); got != "Here are my paystubs." {
		t.Fatalf("the answer typed is lost after the upload: %q", got)
	}
	b.portalCheck("portal-upload-done")
	r := w.wanda.Do("GET", "/api/v1/messages/"+w.upID, nil).Want(t, 200)
	if st := r.Str("status"); st != "action_completed" {
		t.Fatalf("the worker sees the action %s, want action_completed", st)
	}
	if ups := r.JSON["uploads"].([]any); len(ups) != 1 || ups[0].(map[string]any)["filename"] != "paystub.pdf" {
		t.Fatalf("the worker sees the uploads %v", ups)
	}
}

func (w *portalWalk) openForm(t *testing.T) {
	b := w.use(t)
	b.open("/portal/messages/" + w.viewID)
	b.waitFor("link", "View document")
	b.portalCheck("portal-view-document")
	got := eval[string](b, `fetch(document.querySelector(".portal-document a.usa-button").href).then(r => r.status + " " + r.headers.get("Content-Type") + " " + r.headers.get("Content-Disposition"))`)
	if got != "200 application/pdf inline; filename=CW2200.pdf; filename*=UTF-8''CW2200.pdf" {
		t.Fatalf("opening the form: %q", got)
	}
	if st := w.wanda.Do("GET", "/api/v1/messages/"+w.viewID, nil).Want(t, 200).Str("status"); st != "action_completed" {
		t.Fatalf("the worker sees the view action %s, want action_completed", st)
	}
	b.open("/portal/messages/" + w.viewID)
	if got := b.text(".portal-msg__done"); got != "Done. Thank you." {
		t.Fatalf("after opening the form: %q", got)
	}
	dl := eval[string](b, `fetch(document.querySelector('.portal-document a[href$="download=1"]').href).then(r => r.headers.get("Content-Disposition"))`)
	if !strings.HasPrefix(dl, "attachment;") {
		t.Fatalf("Download the form: %q", dl)
	}
}

func (w *portalWalk) newMessage(t *testing.T) {
	b := w.use(t)
	b.click("link", "New message")
	b.waitURL("/portal/messages/new")
	if got := b.text(".portal-case"); got != "About case A0000001, Alameda County." {
		t.Fatalf("the one case to write about: %q (the discontinued case is not offered)", got)
	}
	b.portalCheck("portal-new")
	b.fill("Subject", "New address")
	b.click("button", "Send message")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#body-error"); got != "Write your message before you send it." {
		t.Fatalf("an empty message: %q", got)
	}
	if got := eval[string](b, `document.getElementById("subject").value`); got != "New address" {
		t.Fatalf("the subject typed is lost: %q", got)
	}
	b.portalCheck("portal-new-error")
	b.fill("Message", "I moved to 12 Oak St.")
	b.click("button", "Send message")
	b.waitURL("/portal/messages/")
	b.waitFor("status", "")
	if got := b.text(".usa-alert--success"); got != "Your message was sent to the county." {
		t.Fatalf("after Send message: %q", got)
	}
	id := eval[string](b, `location.pathname.split("/")[3]`)
	r := w.wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
	if r.Str("status") != "read" || r.Str("subject") != "New address" || r.Str("direction") != "from_customer" {
		t.Fatalf("the worker sees %s", r.Body)
	}
	if got := b.text(".portal-status"); got != "Waiting for the county" {
		t.Fatalf("the new message's status: %q", got)
	}
	b.portalCheck("portal-new-sent")
}

func (w *portalWalk) otherCustomer(t *testing.T) {
	b := w.use(t)
	b.open("/portal/messages/" + w.carlMsg)
	b.waitFor("heading", "Page not found")
	if got := b.text("main"); strings.Contains(got, "Private for Carl") || strings.Contains(got, "Only Carl") {
		t.Fatalf("another customer's message shows: %q", got)
	}
	if st := eval[int](b, `fetch(location.href).then(r => r.status)`); st != 404 {
		t.Fatalf("another customer's message: status %d, want 404", st)
	}
	if st := eval[int](b, `fetch(location.href + "/document").then(r => r.status)`); st != 404 {
		t.Fatalf("another customer's form: status %d, want 404", st)
	}
	b.portalCheck("portal-not-found")
}

func (w *portalWalk) settings(t *testing.T) {
	b := w.use(t)
	b.click("link", "Settings")
	b.waitURL("/portal/settings")
	if got := eval[string](b, `document.getElementById("email").value`); got != "ana@example.org" {
		t.Fatalf("the email: %q", got)
	}
	b.portalCheck("portal-settings")
	b.fill("Email address", "")
	b.click("button", "Save settings")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#email-error"); got != "Enter an email address to get e-Notifications, or turn them off." {
		t.Fatalf("e-Notification without an email: %q", got)
	}
	b.portalCheck("portal-settings-error")
	b.fill("Email address", "ana.alvarez@example.org")
	b.fill("Password", fixturePassword) // a new address may need it (the service says when)
	b.tick("radio", "Off: no emails")
	b.click("button", "Save settings")
	b.waitURL("/portal/settings?done=saved")
	if got := b.text(".usa-alert--success"); got != "Your settings were saved." {
		t.Fatalf("after saving: %q", got)
	}
	ana := w.srv.login("ana", fixturePassword)
	acct := ana.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200)
	if acct.Str("email") != "ana.alvarez@example.org" || acct.JSON["e_notification"] != false || acct.Str("language") != "en" {
		t.Fatalf("the account after saving: %s", acct.Body)
	}
	// The header's Language link leads to the languages of Settings, each
	// named in itself; the one chosen is saved to the account.
	if got := eval[string](b, `document.querySelector(".portal-lang").getAttribute("href")`); got != "/portal/settings#language" {
		t.Fatalf("the Language link leads to %q", got)
	}
	b.tick("radio", "Español")
	b.click("button", "Save settings")
	b.waitURL("/portal/settings?done=saved")
	b.waitFor("heading", "Configuración")
	if got := eval[string](b, `document.documentElement.lang`); got != "es" {
		t.Fatalf("<html lang=%q> after choosing Español", got)
	}
	if got := ana.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200).Str("language"); got != "es" {
		t.Fatalf("the account's language after the switch: %q", got)
	}
	b.tick("radio", "English")
	b.click("button", "Guardar configuración")
	b.waitFor("heading", "Settings")
}

func (w *portalWalk) pages(t *testing.T) {
	b := w.use(t)
	b.open("/portal/?limit=2")
	first := eval[[]string](b, `[...document.querySelectorAll(".inbox__link")].map(a => a.getAttribute("href"))`)
	b.click("link", "Next page")
	b.waitJS(`location.search.includes("cursor=") && document.querySelector(".pager__here")?.textContent === "Page 2"`)
	second := eval[[]string](b, `[...document.querySelectorAll(".inbox__link")].map(a => a.getAttribute("href"))`)
	if len(first) != 2 || len(second) == 0 || first[0] == second[0] {
		t.Fatalf("page 1 %v, page 2 %v", first, second)
	}
	b.portalCheck("portal-inbox-page-2")
	b.click("link", "Previous page")
	b.waitJS(`document.querySelector(".pager__here")?.textContent === "Page 1"`)
}

func (w *portalWalk) signOut(t *testing.T) {
	b := w.use(t)
	b.click("button", "Sign out")
	b.waitURL("/portal/login?signed_out=1")
	b.waitFor("status", "")
	b.open("/portal/messages/" + w.msg)
	b.waitURL("/portal/login?next=")
}
