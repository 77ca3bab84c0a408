package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"github.com/county/emessage/internal/testrig"
)

// workerWalk is what the steps of TestBrowserWorker share: one browser
// (signed in as wanda from the first step on) and API clients that play the
// customer's part.
type workerWalk struct {
	b          *browser
	srv        *server
	ana, wanda *testrig.Client
	sentID     string // the e-Message sent in sendMessage
}

// use gives a step the browser, reporting to the step's t.
func (w *workerWalk) use(t *testing.T) *browser {
	w.b.t = t
	return w.b
}

// signInComesBack: sign in comes back to the page asked for.
func (w *workerWalk) signInComesBack(t *testing.T) {
	b := w.use(t)
	b.open("/worker/messages?status=received")
	b.waitURL("/worker/login?next=")
	b.check("login")
	b.fill("Username", "wanda")
	b.fill("Password", "wrong password")
	b.click("button", "Sign in")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#username-error"); !strings.Contains(got, "not correct") {
		t.Fatalf("error beside Username: %q", got)
	}
	if v := eval[string](b, `document.getElementById("username").value`); v != "wanda" {
		t.Fatalf("the username typed is not kept: %q", v)
	}
	b.check("login-error")
	b.signIn("wanda", "/worker/messages?status=received")
	if !eval[bool](b, `document.querySelector("input[name=status][value=received]").checked`) {
		t.Fatal("the Received filter is not applied after signing in")
	}
	cookie := eval[string](b, `document.cookie`)
	if strings.Contains(cookie, "emessage_worker") {
		t.Fatal("the session cookie can be read by scripts; it must be HttpOnly")
	}
}

// homeCounts: home counts link to the search.
func (w *workerWalk) homeCounts(t *testing.T) {
	b := w.use(t)
	// The customer writes to the county: one more Received record.
	w.ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "New address", "body": "I moved to 12 Oak St."}).Want(t, 201)
	home := w.wanda.Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)
	b.open("/worker/")
	b.do(chromedp.WaitVisible(chromedp.CSS("details.my-emessages")))
	if !eval[bool](b, `document.querySelector("details.my-emessages").open`) {
		t.Fatal("My e-Messages is not expanded although counts are above zero")
	}
	for label, key := range map[string]string{"Received": "received", "Read": "read", "Action Completed": "action_completed", "Response Overdue": "response_overdue"} {
		n := int(home[key].(float64))
		b.waitFor("link", fmt.Sprintf("%d %s", n, label))
	}
	b.check("home")
	b.click("link", fmt.Sprintf("%d Received", int(home["received"].(float64))))
	b.waitURL("/worker/messages?status=received")
	rows := eval[int](b, `document.querySelectorAll(".results-table tbody tr").length`)
	if rows != int(home["received"].(float64)) {
		t.Fatalf("the Received link lists %d records, the count says %v", rows, home["received"])
	}
	b.open("/worker/")
	b.click("link", fmt.Sprintf("%d Response Overdue", int(home["response_overdue"].(float64))))
	b.waitURL("/worker/messages?overdue=true")
	if !eval[bool](b, `document.getElementById("overdue").checked`) {
		t.Fatal("the overdue filter is not applied")
	}
}

// sendMessage: send an e-Message.
func (w *workerWalk) sendMessage(t *testing.T) {
	b := w.use(t)
	// Steps 1-3: Case Info > e-Tools > E-Messages.
	b.open("/worker/")
	b.hover("link", "Case Info")
	b.waitFor("link", "e-Tools")
	b.screenshot("home-case-info-menu")
	b.click("link", "e-Tools")
	b.waitURL("/worker/e-tools")
	b.check("etools")
	b.click("link", "E-Messages")
	b.waitURL("/worker/messages")
	// Step 4: search, then Add e-Message.
	b.tick("radio", "All of my county")
	b.click("button", "Search")
	b.waitURL("/worker/messages?scope=county")
	b.check("search")
	b.click("button", "Add e-Message")
	b.waitURL("/worker/messages/new")
	b.waitFor("textbox", "Case Number")
	if eval[bool](b, `!document.querySelector("[data-persons-group]").hidden`) {
		t.Fatal("the Person Name list shows before a Case Number is entered")
	}
	b.check("detail-new")
	// Step 5a: the case with Select.
	b.fill("e-Message Subject", `<script>alert("x")</script> Interview`)
	b.click("button", "Select")
	b.waitFor("heading", "Select a Case")
	b.check("select-case")
	b.clickCSS(`button[name=choose][value="A0000001"]`)
	b.waitFor("combobox", "Person Name")
	if v := eval[string](b, `document.getElementById("case_number").value + "|" + document.getElementById("subject").value`); v != `A0000001|<script>alert("x")</script> Interview` {
		t.Fatalf("after Select the form holds %q", v)
	}
	persons := eval[[]string](b, `[...document.getElementById("person_id").options].map(o => o.textContent.trim())`)
	if strings.Join(persons, ",") != "- Select -,Ana Alvarez,Pablo Alvarez (no SSP account)" {
		t.Fatalf("Person Name lists %q, want the case's persons only", persons)
	}
	// Steps 5b-f.
	b.choose("Person Name", "Ana Alvarez")
	b.choose("e-Message Type", "Message")
	if eval[bool](b, `!document.querySelector(".js-action-only").hidden`) {
		t.Fatal("Action Type shows for a Message")
	}
	b.fill("e-Message Body", "Your interview is on Monday at 10 am.\nPlease bring your ID.")
	b.click("button", "Save")
	b.waitURL("/worker/messages/")
	b.waitFor("status", "")
	if got := b.text(".usa-alert--success"); !strings.Contains(got, "Status: Sent") {
		t.Fatalf("after Save: %q", got)
	}
	w.sentID = eval[string](b, `location.pathname.split("/")[3]`)
	if got := b.text(".summary-list"); !strings.Contains(got, `<script>alert("x")</script> Interview`) {
		t.Fatalf("the subject does not show as text: %q", got)
	}
	if n := eval[int](b, `document.scripts.length`); n != 1 {
		t.Fatalf("the page has %d scripts; the subject's <script> must not be one", n)
	}
	b.check("detail-sent")
	// Step 6: Close; step 7: the status, or View.
	b.click("button", "Close")
	b.waitURL("/worker/messages?scope=county")
	row := fmt.Sprintf(`document.getElementById("subject-%s").closest("tr")`, w.sentID)
	if got := eval[string](b, row+`.querySelector(".status").textContent`); got != "Sent" {
		t.Fatalf("status on the search page: %q", got)
	}
	b.clickCSS(fmt.Sprintf(`button[form="view-%s"]`, w.sentID))
	b.waitURL("/worker/messages/" + w.sentID + "/view")
	if got := b.text(".portal-view"); !strings.Contains(got, "Please bring your ID.") || !strings.Contains(got, `<script>alert("x")</script>`) {
		t.Fatalf("the customer's view: %q", got)
	}
	b.check("view-sent")
	list := w.wanda.Do("GET", "/api/v1/messages?case_number=A0000001&scope=county", nil).Want(t, 200)
	for _, m := range list.JSON["messages"].([]any) {
		if m := m.(map[string]any); m["id"] == w.sentID && m["viewed_by_customer_at"] != nil {
			t.Fatal("View set the customer's read receipt")
		}
	}
}

// viewChangesNothing: View leaves a received message received.
func (w *workerWalk) viewChangesNothing(t *testing.T) {
	b := w.use(t)
	q := w.ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "Office hours", "body": "When are you open?"}).Want(t, 201)
	id := q.Str("id")
	b.open("/worker/messages?status=received")
	b.clickCSS(fmt.Sprintf(`button[form="view-%s"]`, id))
	b.waitURL("/worker/messages/" + id + "/view")
	b.check("view-received")
	list := w.wanda.Do("GET", "/api/v1/messages?status=received", nil).Want(t, 200)
	found := false
	for _, m := range list.JSON["messages"].([]any) {
		found = found || m.(map[string]any)["id"] == id
	}
	if !found {
		t.Fatal("View moved the customer's message out of Received")
	}
}

// respond: respond to an e-Message.
func (w *workerWalk) respond(t *testing.T) {
	b := w.use(t)
	b.open("/worker/messages")
	b.fill("Text in subject", "New address")
	b.click("button", "Search")
	b.waitURL("/worker/messages?q=New+address")
	b.click("link", "New address")
	b.waitURL("/worker/messages/")
	if got := b.text(".summary-list .status"); got != "Read" {
		t.Fatalf("opening a received e-Message: status %q, want Read", got)
	}
	// Whose turn, and who has seen it (SPEC 22).
	if txt := b.text(".summary-list"); !strings.Contains(txt, "Waiting on the county (due ") || !regexp.MustCompile(`Seen by\s+Wanda Worker, `).MatchString(txt) {
		t.Fatalf("the Detail page's summary: %s", txt)
	}
	b.check("detail-received")
	b.click("button", "Edit")
	b.waitURL("/worker/messages/")
	b.waitFor("textbox", "e-Message Body")
	b.check("detail-edit-answer")
	b.fill("e-Message Body", "Thank you, we changed your address.")
	b.click("button", "Save")
	b.waitFor("status", "")
	if got := b.text(".summary-list .status"); got != "Replied" {
		t.Fatalf("after the answer: status %q", got)
	}
	if got := b.text(".thread"); !strings.Contains(got, "Thank you, we changed your address.") {
		t.Fatalf("the answer is not in the thread: %q", got)
	}
	b.check("detail-replied")
	b.click("button", "Close")
	b.waitURL("/worker/messages?q=New+address")
	if got := b.text(".results-table tbody .status"); got != "Replied" && got != "Sent" {
		t.Fatalf("search after answering: %q", got)
	}
}

// requestAction: request an action.
func (w *workerWalk) requestAction(t *testing.T) {
	b := w.use(t)
	b.open("/worker/messages")
	b.click("button", "Add e-Message")
	b.waitURL("/worker/messages/new")
	b.do(chromedp.Evaluate[chromedp.Void](`window.__samePage = true`))
	b.fill("Case Number", "A0000001")
	b.waitFor("combobox", "Person Name")
	if !eval[bool](b, `window.__samePage === true`) {
		t.Fatal("the Person Name list came with a reload; the script should fill it in place")
	}
	b.choose("Person Name", "Ana Alvarez")
	b.choose("e-Message Type", "Action")
	b.waitFor("combobox", "Action Type")
	b.choose("Action Type", "View Document")
	b.waitFor("combobox", "View Documents")
	docs := eval[[]string](b, `[...document.getElementById("document_code").options].map(o => o.value)`)
	if strings.Join(docs, ",") != ",CW2200" {
		t.Fatalf("View Documents lists %q; only sendable forms belong there", docs)
	}
	b.choose("View Documents", "CW2200 – Request for Verification")
	b.fill("e-Message Subject", "Please read the verification request")
	// The counter counts Unicode characters, as the server does.
	body := strings.Repeat("é", 3000) + strings.Repeat("😀", 1000)
	b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const a = document.getElementById("body"); a.value = %q; a.dispatchEvent(new Event("input")); })()`, body)))
	if got := b.text("#body-count"); got != "4000 of 4000 characters used" {
		t.Fatalf("counter at 4000 characters: %q", got)
	}
	b.do(chromedp.SendKeys(chromedp.ID("body"), "!"))
	b.waitJS(`document.getElementById("body-count").textContent === "1 character over the limit of 4000"`)
	b.check("detail-new-action-over")
	b.click("button", "Save")
	b.waitFor("alert", "There is a problem")
	if got := b.text("#body-error"); !strings.Contains(got, "at most 4000 characters; it has 4001") {
		t.Fatalf("error beside the body: %q", got)
	}
	if href := eval[string](b, `document.querySelector(".error-summary a").getAttribute("href")`); href != "#body" {
		t.Fatalf("the summary links to %q, want #body", href)
	}
	kept := eval[[]string](b, `["case_number","person_id","type","action_type","document_code","subject","body"].map(id => document.getElementById(id).value)`)
	want := []string{"A0000001", "P1", "action", "view_document", "CW2200", "Please read the verification request", body + "!"}
	for i := range want {
		if kept[i] != want[i] {
			t.Fatalf("field %d after the error: %.40q..., want %.40q (everything typed is kept)", i, kept[i], want[i])
		}
	}
	if n := utf8.RuneCountInString(kept[6]); n != 4001 {
		t.Fatalf("body kept with %d characters", n)
	}
	if got := eval[string](b, `document.getElementById("body").getAttribute("aria-describedby")`); !strings.Contains(got, "body-error") {
		t.Fatalf("the body is not described by its error: %q", got)
	}
	b.check("detail-new-action-error")
	b.fill("e-Message Body", "Please read the form and tell us if anything changed.")
	b.click("button", "Save")
	b.waitFor("status", "")
	if got := b.text(".summary-list .status"); got != "New Action" {
		t.Fatalf("after Save: status %q, want New Action", got)
	}
	_ = eval[string](b, `location.pathname.split("/")[3]`)
	b.check("detail-new-action")
}

// closeAction: close an action.
func (w *workerWalk) closeAction(t *testing.T) {
	b := w.use(t)
	// The customer answers an Upload Document action.
	r := w.wanda.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1", "type": "action",
		"action_type": "upload_document", "subject": "Send your paystubs", "body": "Upload your last two paystubs."}).Want(t, 201)
	upID := r.Str("id")
	w.ana.Upload("/api/v1/ssp/messages/"+upID+"/uploads", map[string][]byte{"paystub.pdf": testrig.PDF("paystub")}).Want(t, 201)

	b.open("/worker/cases/A0000001")
	b.waitFor("link", "Review the e-Messages of case A0000001")
	if got := b.text(".new-emessage-banner"); !strings.Contains(got, "A new e-Message is available for this case") {
		t.Fatalf("banner: %q", got)
	}
	b.check("case-summary")
	b.click("link", "Review the e-Messages of case A0000001")
	b.waitURL("/worker/messages?case_number=A0000001")
	b.click("link", "Send your paystubs")
	b.waitURL("/worker/messages/" + upID)
	b.waitFor("link", "paystub.pdf")
	dl := eval[string](b, `fetch(document.querySelector(".uploads a").href).then(r => r.status + " " + r.headers.get("Content-Type") + " " + r.headers.get("Content-Disposition"))`)
	if !strings.HasPrefix(dl, "200 application/pdf attachment;") {
		t.Fatalf("downloading the upload: %q", dl)
	}
	b.check("detail-action-completed")
	b.click("button", "Edit")
	b.waitFor("combobox", "Status")
	b.check("detail-edit-close")
	b.choose("Status", "Action Closed")
	b.click("button", "Save")
	b.waitFor("status", "")
	if got := b.text(".summary-list .status"); got != "Action Closed" {
		t.Fatalf("after closing: %q", got)
	}
	b.check("detail-action-closed")
	// An incomplete answer calls for a new action request, prefilled.
	b.click("button", "Request a new action")
	b.waitURL("/worker/messages/new")
	b.waitFor("combobox", "Person Name")
	got := eval[[]string](b, `["case_number","person_id","type"].map(id => document.getElementById(id).value)`)
	if strings.Join(got, ",") != "A0000001,P1,action" {
		t.Fatalf("the new action request starts with %q", got)
	}
}

// pagesOfResults: pages of results.
func (w *workerWalk) pagesOfResults(t *testing.T) {
	b := w.use(t)
	b.open("/worker/messages?scope=county&limit=2")
	first := eval[[]string](b, `[...document.querySelectorAll(".results-table tbody tr a[id^=subject-]")].map(a => a.id)`)
	b.click("link", "Next page")
	b.waitJS(`location.search.includes("cursor=") && document.querySelector(".pager__here")?.textContent === "Page 2"`)
	second := eval[[]string](b, `[...document.querySelectorAll(".results-table tbody tr a[id^=subject-]")].map(a => a.id)`)
	if len(first) != 2 || len(second) == 0 || first[0] == second[0] {
		t.Fatalf("page 1 %v, page 2 %v", first, second)
	}
	b.click("link", "Next page")
	b.waitJS(`document.querySelector(".pager__here")?.textContent === "Page 3"`)
	b.click("link", "Previous page")
	b.waitJS(`document.querySelector(".pager__here")?.textContent === "Page 2"`)
	b.click("link", "Previous page")
	b.waitJS(`document.querySelector(".pager__here")?.textContent === "Page 1"`)
	if again := eval[[]string](b, `[...document.querySelectorAll(".results-table tbody tr a[id^=subject-]")].map(a => a.id)`); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Fatalf("back on page 1: %v, want %v", again, first)
	}
}

// withoutJavaScript: without JavaScript.
func (w *workerWalk) withoutJavaScript(t *testing.T) {
	b := w.use(t)
	nb := b.tab(t) // a tab of its own: scripts stay off there only
	nb.disableScripts(true)
	nb.open("/worker/messages/new")
	nb.fill("Case Number", "A0000001")
	nb.fill("e-Message Subject", "Typed before the persons")
	nb.click("button", "Show persons")
	nb.waitFor("combobox", "Person Name")
	if got := eval[string](nb, `document.getElementById("subject").value`); got != "Typed before the persons" {
		t.Fatalf("the reload lost the subject: %q", got)
	}
	nb.disableScripts(false) // for the checks, which run scripts
	nb.check("detail-new-nojs")
}

// oneWayAndRights: one-way county and missing rights.
func (w *workerWalk) oneWayAndRights(t *testing.T) {
	b := w.use(t)
	b.open("/worker/")
	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	b.waitFor("status", "")
	b.open("/worker/messages/new")
	b.waitURL("/worker/login")
	b.signIn("bea", "/worker/messages/new")
	types := eval[[]string](b, `[...document.getElementById("type").options].map(o => o.value)`)
	if strings.Join(types, ",") != ",message" {
		t.Fatalf("a one-way county offers types %q; Action must be hidden", types)
	}
	if eval[bool](b, `document.getElementById("action_type") !== null`) {
		t.Fatal("a one-way county shows Action Type")
	}
	b.check("detail-new-one-way")
	// The customer's view speaks the customer's language (R8).
	bea := w.srv.login("bea", fixturePassword)
	es := bea.Do("POST", "/api/v1/messages", map[string]any{"case_number": "B0000001", "person_id": "P1", "type": "message",
		"subject": "Su cita", "body": "Su cita es el lunes."}).Want(t, 201).Str("id")
	b.open("/worker/messages/" + es + "/view")
	if got := b.text(".portal-view"); !strings.Contains(got, "Portal de Autoservicio") || !strings.Contains(got, "Del Condado de Butte") {
		t.Fatalf("the Spanish customer's view: %q", got)
	}
	if got := eval[string](b, `document.querySelector(".portal-view").lang`); got != "es" {
		t.Fatalf("the Spanish view is marked lang=%q", got)
	}
	b.check("view-spanish-one-way")

	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	b.signIn("victor", "/worker/")
	b.open("/worker/messages?scope=county&status=received")
	if eval[bool](b, `[...document.querySelectorAll("button")].some(x => x.textContent.trim() === "Add e-Message")`) {
		t.Fatal("a view-only worker gets Add e-Message")
	}
	b.clickCSS(".results-table tbody tr a[id^=subject-]")
	b.waitURL("/worker/messages/")
	b.waitFor("button", "View")
	if eval[bool](b, `[...document.querySelectorAll("button")].some(x => x.textContent.trim() === "Edit")`) {
		t.Fatal("a view-only worker gets Edit")
	}
	b.check("detail-view-only")

	b.click("button", "Sign out")
	b.waitURL("/worker/login?signed_out=1")
	b.signIn("nora", "/worker/")
	if eval[bool](b, `document.querySelector("details.my-emessages") !== null`) {
		t.Fatal("My e-Messages shows to a worker without emessage.view")
	}
	b.check("home-no-rights")
	b.open("/worker/messages")
	b.waitFor("heading", "You do not have access to this page")
	if got := b.text("main"); !strings.Contains(got, "emessage.view") {
		t.Fatalf("the 403 page does not explain: %q", got)
	}
	b.check("forbidden")
}
