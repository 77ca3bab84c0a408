package main

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sqlstore"
)

// The end-to-end tests of the API: each starts the real server on port 0
// over a new database (SQLite, and PostgreSQL when configured: see
// internal/dbtest) loaded from the import fixture, and walks some of the
// rules R1-R11 and the rows of the API (SPEC sections 4 and 8), allowed and
// refused. None depends on another: each makes the records it looks at.

// apiWorld is the real server over a new database holding the fixture.
type apiWorld struct {
	t    *testing.T
	srv  *server
	db   string // the database's URL
	file string // the import file
}

// forEachAPIWorld runs fn on a new world on each configured database,
// holding a copy of the fixture imported once (mustFixtureCopy).
func forEachAPIWorld(t *testing.T, fn func(t *testing.T, w *apiWorld)) {
	t.Helper()
	dbtest.ForEach(t, func(t *testing.T, db string) {
		fn(t, newAPIWorld(t, db, mustFixtureCopy(t, db)))
	})
}

// newAPIWorld starts the server on db, which holds the fixture in file.
func newAPIWorld(t *testing.T, db, file string) *apiWorld {
	t.Helper()
	w := &apiWorld{t: t, db: db, file: file}
	w.srv = startServerDB(t, t.TempDir(), db)
	return w
}

// anon is a client signed in as nobody.
func (w *apiWorld) anon() *testrig.Client { return w.srv.anon() }

// as signs a user of the fixture in.
func (w *apiWorld) as(username string) *testrig.Client {
	w.t.Helper()
	return w.srv.login(username, fixturePassword)
}

// send is an e-Message to ana (case A0000001, person P1) with fields
// changed or added, sent by c.
func (w *apiWorld) send(c *testrig.Client, fields map[string]any) *testrig.Response {
	w.t.Helper()
	msg := map[string]any{"case_number": "A0000001", "person_id": "P1", "type": "message", "subject": "Hello", "body": "Your interview is on Monday."}
	for k, v := range fields {
		msg[k] = v
	}
	return c.Do("POST", "/api/v1/messages", msg)
}

func TestAPILogin(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		anon := w.anon()
		r := anon.Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": fixturePassword}).Want(t, 200)
		if r.Str("role") != "worker" || r.Str("name") != "Wanda Worker" || len(r.Str("token")) < 22 {
			t.Fatalf("login answer %s", r.Body)
		}
		if r := anon.Do("POST", "/api/v1/login", map[string]string{"username": "ana", "password": fixturePassword}).Want(t, 200); r.Str("role") != "ssp" {
			t.Fatalf("ssp role: %s", r.Body)
		}
		anon.Do("POST", "/api/v1/login", map[string]string{"username": "wanda", "password": "wrong"}).Want(t, 401, "invalid_credentials")
		anon.Do("POST", "/api/v1/login", map[string]string{"username": "nobody", "password": "wrong"}).Want(t, 401, "invalid_credentials")
		anon.Do("GET", "/api/v1/home", nil).Want(t, 401, "unauthorized")
		w.srv.client("forged").Do("GET", "/api/v1/home", nil).Want(t, 401, "unauthorized")
	})
}

func TestAPIMalformed(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		req, _ := http.NewRequest("POST", w.srv.base+"/api/v1/messages", strings.NewReader(`{"case_number": `))
		req.Header.Set("Content-Type", "application/json")
		wanda.Send(req).Want(t, 400, "malformed")
		wanda.Do("POST", "/api/v1/messages", map[string]any{"case_numbr": "A0000001"}).Want(t, 400, "malformed")
	})
}

// TestAPIRights: R1.
func TestAPIRights(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		nora, victor, ana, wanda := w.as("nora"), w.as("victor"), w.as("ana"), w.as("wanda")
		nora.Do("GET", "/api/v1/home", nil).Want(t, 403, "forbidden")
		nora.Do("GET", "/api/v1/messages", nil).Want(t, 403, "forbidden")
		victor.Do("GET", "/api/v1/home", nil).Want(t, 200)
		w.send(victor, nil).Want(t, 403, "forbidden")
		ana.Do("GET", "/api/v1/home", nil).Want(t, 403, "forbidden")
		wanda.Do("GET", "/api/v1/ssp/messages", nil).Want(t, 403, "forbidden")
	})
}

// TestAPICounty: R2.
func TestAPICounty(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, bea := w.as("wanda"), w.as("bea")
		wanda.Do("GET", "/api/v1/cases/B0000001", nil).Want(t, 404, "not_found")
		bea.Do("GET", "/api/v1/cases/A0000001", nil).Want(t, 404, "not_found")
		w.send(bea, nil).Want(t, 404, "not_found")
		bea.Do("GET", "/api/v1/messages/LEGACY-1", nil).Want(t, 404, "not_found")
		bea.Do("GET", "/api/v1/messages?scope=county", nil).Want(t, 200)
		r := wanda.Do("GET", "/api/v1/cases/A0000001", nil).Want(t, 200)
		persons := r.JSON["persons"].([]any)
		if len(persons) != 2 || r.JSON["county"] != "01" || r.JSON["status"] != "active" || r.JSON["new_emessage"] != true {
			t.Fatalf("case: %s", r.Body)
		}
		if p := persons[1].(map[string]any); p["id"] != "P2" || p["ssp_linked"] != false {
			t.Fatalf("person: %v", p)
		}
		if pr := r.JSON["programs"].([]any)[0].(map[string]any); pr["worker"] != "wanda" {
			t.Fatalf("programs: %s", r.Body)
		}
	})
}

// TestAPIRecipient: R3.
func TestAPIRecipient(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		r := w.send(wanda, map[string]any{"person_id": "P2"}).Want(t, 422, "no_ssp_account")
		if !strings.Contains(r.Err().Message, "Self-Service Portal account") {
			t.Fatalf("message: %s", r.Body)
		}
		w.send(wanda, map[string]any{"case_number": "A0000002", "person_id": "P3"}).Want(t, 422, "case_discontinued")
		w.send(wanda, map[string]any{"person_id": "P9"}).Want(t, 422, "invalid")
		w.send(wanda, map[string]any{"case_number": "Z9"}).Want(t, 404, "not_found")
	})
}

// TestAPIOneWayCounty: R4.
func TestAPIOneWayCounty(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		bea, ben := w.as("bea"), w.as("ben")
		action := map[string]any{"case_number": "B0000001", "type": "action", "action_type": "upload_document"}
		w.send(bea, action).Want(t, 403, "two_way_disabled")
		r := w.send(bea, map[string]any{"case_number": "B0000001"}).Want(t, 201)
		id := r.Str("id")
		ben.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "B0000001", "subject": "Q", "body": "Hi"}).Want(t, 403, "two_way_disabled")
		ben.Do("POST", "/api/v1/ssp/messages/"+id+"/reply", map[string]any{"body": "Thanks"}).Want(t, 403, "two_way_disabled")
	})
}

// TestAPILimits: R5.
func TestAPILimits(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		r := w.send(wanda, map[string]any{"body": strings.Repeat("a", 4001)}).Want(t, 422, "invalid")
		if r.Err().Field != "body" || !strings.Contains(r.Err().Message, "4000") {
			t.Fatalf("4001 characters: %s", r.Body)
		}
		if r := w.send(wanda, map[string]any{"subject": strings.Repeat("s", 101)}).Want(t, 422); r.Err().Field != "subject" {
			t.Fatalf("subject: %s", r.Body)
		}
		w.send(wanda, map[string]any{"subject": ""}).Want(t, 422, "invalid")
		w.send(wanda, map[string]any{"body": "  "}).Want(t, 422, "invalid")
		r = w.send(wanda, map[string]any{"body": strings.Repeat("ñ", 4000)}).Want(t, 201)
		if r.Str("status") != "sent" || r.Str("status_label") != "Sent" || r.Str("direction") != "to_customer" {
			t.Fatalf("sent: %s", r.Body)
		}
	})
}

// TestAPIDocuments: R6.
func TestAPIDocuments(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		r := wanda.Do("GET", "/api/v1/documents", nil).Want(t, 200)
		if !bytes.Contains(r.Body, []byte("CW2200")) || bytes.Contains(r.Body, []byte("SAR7")) {
			t.Fatalf("documents: %s", r.Body)
		}
		view := map[string]any{"type": "action", "action_type": "view_document"}
		w.send(wanda, view).Want(t, 422, "invalid")
		view["document_code"] = "SAR7"
		w.send(wanda, view).Want(t, 422, "document_not_sendable")
		view["document_code"] = "CW2200"
		r = w.send(wanda, view).Want(t, 201)
		if r.Str("status") != "new_action" || r.JSON["document"].(map[string]any)["code"] != "CW2200" || r.Str("due_date") == "" {
			t.Fatalf("view action: %s", r.Body)
		}
		view["due_date"] = time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
		if r := w.send(wanda, view).Want(t, 422); r.Err().Field != "due_date" {
			t.Fatalf("past due date: %s", r.Body)
		}
	})
}

// TestAPINotifications: R7 and R8, one email per record to a customer who
// opted in and has an address, in their language, without case details.
func TestAPINotifications(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, bea, otto := w.as("wanda"), w.as("bea"), w.as("otto")
		// One record to ben (Spanish), three to ana, one to carl (no email).
		const want = 4
		w.send(bea, map[string]any{"case_number": "B0000001"}).Want(t, 201)
		w.send(wanda, map[string]any{"body": strings.Repeat("ñ", 4000)}).Want(t, 201)
		w.send(wanda, map[string]any{"type": "action", "action_type": "view_document", "document_code": "CW2200"}).Want(t, 201)
		w.send(wanda, map[string]any{"subject": "Secret subject", "body": "Secret body"}).Want(t, 201)
		w.send(otto, map[string]any{"case_number": "A0000003", "person_id": "P4"}).Want(t, 201)
		waitFor(t, "four emails", func() bool { return len(mails(t, w.srv.mailDir)) >= want })
		all := mails(t, w.srv.mailDir)
		if len(all) != want {
			t.Fatalf("%d emails, want %d", len(all), want)
		}
		var anaMails, benMails int
		for _, m := range all {
			if strings.Contains(m, "Secret") || strings.Contains(m, "A0000001") {
				t.Fatalf("email holds case details:\n%s", m)
			}
			if strings.Contains(m, "To: ana@example.org") || strings.Contains(m, "To: <ana@example.org>") {
				anaMails++
				if !strings.Contains(m, "https://portal.example.gov/portal/") || !strings.Contains(m, "Message-ID:") {
					t.Fatalf("email without portal link or Message-ID:\n%s", m)
				}
			}
			if strings.Contains(m, "ben@example.org") {
				benMails++
				if !strings.Contains(m, "mensaje") {
					t.Fatalf("Spanish customer got:\n%s", m)
				}
			}
		}
		if benMails != 1 {
			t.Fatalf("ben got %d emails, want 1", benMails)
		}
		if anaMails != 3 {
			t.Fatalf("ana got %d emails, want 3", anaMails)
		}
		for _, m := range all {
			if strings.Contains(m, "carl") {
				t.Fatalf("carl has no email but got one:\n%s", m)
			}
		}
	})
}

// askAndAnswer is ana's "My paystub" question on A0000001, read and
// answered by wanda; it returns the question's id.
func (w *apiWorld) askAndAnswer(ana, wanda *testrig.Client) string {
	w.t.Helper()
	id := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "My paystub", "body": "Where do I send it?"}).Want(w.t, 201).Str("id")
	wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(w.t, 200)
	wanda.Do("POST", "/api/v1/messages/"+id+"/reply", map[string]any{"body": "Upload it here."}).Want(w.t, 200)
	return id
}

func TestAPIReplyAndReadReceipt(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		ana, wanda := w.as("ana"), w.as("wanda")
		r := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "My paystub", "body": "Where do I send it?"}).Want(t, 201)
		id := r.Str("id")
		if r.Str("status") != "received" || r.Str("direction") != "from_customer" {
			t.Fatalf("customer message: %s", r.Body)
		}
		ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000002", "subject": "x", "body": "y"}).Want(t, 422, "case_discontinued")
		ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "B0000001", "subject": "x", "body": "y"}).Want(t, 422)
		if h := wanda.Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any); h["received"].(float64) < 2 {
			t.Fatalf("home: %v", h)
		}
		d := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		if d.Str("status") != "read" || len(d.JSON["history"].([]any)) != 2 {
			t.Fatalf("first access: %s", d.Body)
		}
		wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		r = wanda.Do("POST", "/api/v1/messages/"+id+"/reply", map[string]any{"body": "Upload it here."}).Want(t, 200)
		if r.Str("status") != "replied" {
			t.Fatalf("reply: %s", r.Body)
		}
		wanda.Do("POST", "/api/v1/messages/"+id+"/reply", map[string]any{"body": "Again"}).Want(t, 409, "invalid_transition")
		d = wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		hist := d.JSON["history"].([]any)
		if len(hist) != 3 || hist[2].(map[string]any)["status"] != "replied" || hist[2].(map[string]any)["by"] != "wanda" {
			t.Fatalf("history: %s", d.Body)
		}
		thread := d.JSON["thread"].([]any)
		if len(thread) != 2 {
			t.Fatalf("thread: %s", d.Body)
		}
		answer := thread[1].(map[string]any)
		if answer["in_reply_to"] != id || answer["status"] != "sent" || answer["body"] != "Upload it here." {
			t.Fatalf("answer: %v", answer)
		}
		answerID := answer["id"].(string)
		if answer["viewed_by_customer_at"] != nil {
			t.Fatal("read receipt before the customer read it")
		}
		c := ana.Do("GET", "/api/v1/ssp/messages/"+answerID, nil).Want(t, 200)
		if len(c.JSON["thread"].([]any)) != 2 {
			t.Fatalf("customer thread: %s", c.Body)
		}
		d = wanda.Do("GET", "/api/v1/messages/"+answerID, nil).Want(t, 200)
		if d.Str("viewed_by_customer_at") == "" {
			t.Fatalf("no read receipt: %s", d.Body)
		}
		r = ana.Do("POST", "/api/v1/ssp/messages/"+answerID+"/reply", map[string]any{"body": "Thank you"}).Want(t, 201)
		if r.Str("status") != "received" || r.Str("thread_id") != d.Str("thread_id") || r.Str("in_reply_to") != answerID {
			t.Fatalf("customer answer: %s", r.Body)
		}
		ana.Do("POST", "/api/v1/ssp/messages/"+answerID+"/reply", map[string]any{"body": strings.Repeat("x", 4001)}).Want(t, 422, "invalid")
		wanda.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "action_closed"}).Want(t, 409, "invalid_transition")
	})
}

// TestAPICustomerScoping: R9.
func TestAPICustomerScoping(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		otto, ana, carl := w.as("otto"), w.as("ana"), w.as("carl")
		r := w.send(otto, map[string]any{"case_number": "A0000003", "person_id": "P4", "subject": "For carl"}).Want(t, 201)
		carlsID := r.Str("id")
		list := ana.Do("GET", "/api/v1/ssp/messages?limit=200", nil).Want(t, 200)
		if bytes.Contains(list.Body, []byte(carlsID)) || bytes.Contains(list.Body, []byte("For carl")) {
			t.Fatal("ana sees carl's message")
		}
		ana.Do("GET", "/api/v1/ssp/messages/"+carlsID, nil).Want(t, 404, "not_found")
		ana.Do("POST", "/api/v1/ssp/messages/"+carlsID+"/reply", map[string]any{"body": "x"}).Want(t, 404, "not_found")
		ana.Do("GET", "/api/v1/ssp/messages/"+carlsID+"/document", nil).Want(t, 404, "not_found")
		ana.Upload("/api/v1/ssp/messages/"+carlsID+"/uploads", map[string][]byte{"a.pdf": testrig.PDF("x")}).Want(t, 404, "not_found")
		carl.Do("GET", "/api/v1/ssp/messages/"+carlsID, nil).Want(t, 200)
		ana.Do("GET", "/api/v1/ssp/messages/does-not-exist", nil).Want(t, 404, "not_found")
	})
}

func TestAPIUploads(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, ana, bea := w.as("wanda"), w.as("ana"), w.as("bea")
		r := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document", "subject": "Send your paystubs"}).Want(t, 201)
		id := r.Str("id")
		path := "/api/v1/ssp/messages/" + id + "/uploads"
		ana.Upload(path, map[string][]byte{"paystub.pdf": []byte("MZ\x90\x00 this is a program")}).Want(t, 415, "unsupported_type")
		ana.Upload(path, map[string][]byte{"big.pdf": append(testrig.PDF("big"), make([]byte, 10<<20)...)}).Want(t, 413, "too_large")
		six := map[string][]byte{}
		for i := range 6 {
			six[fmt.Sprintf("p%d.pdf", i)] = testrig.PDF("p")
		}
		ana.Upload(path, six).Want(t, 422, "too_many_files")
		ana.Upload(path, map[string][]byte{"ok.pdf": testrig.PDF("ok"), "bad.pdf": []byte("<html>")}).Want(t, 415)
		if d := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200); len(d.JSON["uploads"].([]any)) != 0 || d.Str("status") != "new_action" {
			t.Fatalf("a refused upload stored something: %s", d.Body)
		}
		pdf := testrig.PDF("Paystub November")
		ana.Upload(path, map[string][]byte{"../../etc/paystub.pdf": pdf}).Want(t, 201)
		d := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		ups := d.JSON["uploads"].([]any)
		if d.Str("status") != "action_completed" || len(ups) != 1 {
			t.Fatalf("after upload: %s", d.Body)
		}
		up := ups[0].(map[string]any)
		if up["content_type"] != "application/pdf" || up["filename"] != "paystub.pdf" || up["size"].(float64) != float64(len(pdf)) {
			t.Fatalf("upload record: %v", up)
		}
		if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`).MatchString(up["id"].(string)) {
			t.Fatalf("upload id %q is not opaque", up["id"])
		}
		f := wanda.Do("GET", "/api/v1/messages/"+id+"/uploads/"+up["id"].(string), nil).Want(t, 200)
		if !bytes.Equal(f.Body, pdf) || f.Header.Get("Content-Disposition") != "attachment; filename=paystub.pdf; filename*=UTF-8''paystub.pdf" ||
			f.Header.Get("Content-Type") != "application/pdf" || f.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download differs or is not an attachment: %v", f.Header)
		}
		bea.Do("GET", "/api/v1/messages/"+id+"/uploads/"+up["id"].(string), nil).Want(t, 404)
		wanda.Do("GET", "/api/v1/messages/"+id+"/uploads/999999", nil).Want(t, 404)
		wanda.Do("GET", "/api/v1/messages/"+id+"/uploads/1", nil).Want(t, 404) // its row number
		four := map[string][]byte{}
		for i := range 4 {
			four[fmt.Sprintf("q%d.png", i)] = testrig.PDF("q")
		}
		for _, u := range ana.Upload(path, four).Want(t, 201).JSON["uploads"].([]any) {
			if name := u.(map[string]any)["filename"].(string); !strings.HasSuffix(name, ".pdf") {
				t.Errorf("a PDF named .png is kept as %q", name)
			}
		}
		ana.Upload(path, map[string][]byte{"sixth.pdf": pdf}).Want(t, 422, "too_many_files")
		wanda.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "action_closed"}).Want(t, 200)
		ana.Upload(path, map[string][]byte{"late.pdf": pdf}).Want(t, 409, "invalid_transition")
	})
}

// viewDocument is a View Document action for ana that she opened, so
// that it is action_completed; it returns its id.
func (w *apiWorld) viewDocument(wanda, ana *testrig.Client) string {
	w.t.Helper()
	id := w.send(wanda, map[string]any{"type": "action", "action_type": "view_document", "document_code": "CW2200"}).Want(w.t, 201).Str("id")
	ana.Do("GET", "/api/v1/ssp/messages/"+id+"/document", nil).Want(w.t, 200)
	return id
}

func TestAPIViewDocument(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, ana := w.as("wanda"), w.as("ana")
		r := w.send(wanda, map[string]any{"type": "action", "action_type": "view_document", "document_code": "CW2200"}).Want(t, 201)
		id := r.Str("id")
		doc := ana.Do("GET", "/api/v1/ssp/messages/"+id+"/document", nil).Want(t, 200)
		if !bytes.HasPrefix(doc.Body, []byte("%PDF-")) || doc.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("form: %v", doc.Header)
		}
		if d := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200); d.Str("status") != "action_completed" {
			t.Fatalf("view did not complete the action: %s", d.Body)
		}
	})
}

func TestAPIConcurrentCloses(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, victor := w.as("wanda"), w.as("victor")
		id := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document"}).Want(t, 201).Str("id")
		var wg sync.WaitGroup
		codes := make([]int, 16)
		for i := range codes {
			wg.Go(func() {
				codes[i] = wanda.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "action_closed"}).Status
			})
		}
		wg.Wait()
		count := map[int]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[200] != 1 || count[409] != 15 {
			t.Fatalf("status codes %v, want one 200 and fifteen 409", count)
		}
		d := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		closed := 0
		for _, h := range d.JSON["history"].([]any) {
			if h.(map[string]any)["status"] == "action_closed" {
				closed++
			}
		}
		if closed != 1 || d.Str("status") != "action_closed" {
			t.Fatalf("history after concurrent closes: %s", d.Body)
		}
		wanda.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "read"}).Want(t, 409, "invalid_transition")
		wanda.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "bogus"}).Want(t, 422)
		victor.Do("PATCH", "/api/v1/messages/"+id, map[string]any{"status": "action_closed"}).Want(t, 403)
	})
}

// TestAPICaseloadAndSearch: R10, and the search's filters and pages.
func TestAPICaseloadAndSearch(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, otto, ana := w.as("wanda"), w.as("otto"), w.as("ana")
		// Besides the fixture's LEGACY-1: a record on otto's case, ana's
		// question answered, a completed action, a few more for the pages.
		w.send(otto, map[string]any{"case_number": "A0000003", "person_id": "P4"}).Want(t, 201)
		w.askAndAnswer(ana, wanda)
		w.viewDocument(wanda, ana)
		for range 3 {
			w.send(wanda, nil).Want(t, 201)
		}

		mine := wanda.Do("GET", "/api/v1/messages?limit=200", nil).Want(t, 200)
		if bytes.Contains(mine.Body, []byte("A0000003")) {
			t.Fatal("wanda's caseload shows otto's case")
		}
		county := wanda.Do("GET", "/api/v1/messages?scope=county&limit=200", nil).Want(t, 200)
		if !bytes.Contains(county.Body, []byte("A0000003")) {
			t.Fatal("county scope misses otto's case")
		}
		h := otto.Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)
		if h["received"].(float64) != 0 {
			t.Fatalf("otto's counts include wanda's caseload: %v", h)
		}
		over := wanda.Do("GET", "/api/v1/messages?overdue=true", nil).Want(t, 200)
		if !bytes.Contains(over.Body, []byte("LEGACY-1")) {
			t.Fatalf("overdue search misses the 20-day-old message: %s", over.Body)
		}
		home := wanda.Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)
		if home["response_overdue"].(float64) < 1 || home["action_completed"].(float64) < 1 {
			t.Fatalf("home: %v", home)
		}
		byStatus := wanda.Do("GET", "/api/v1/messages?status=read&status=replied&type=message&q=PAYSTUB", nil).Want(t, 200)
		msgs := byStatus.JSON["messages"].([]any)
		if len(msgs) != 1 || msgs[0].(map[string]any)["subject"] != "My paystub" {
			t.Fatalf("filtered search: %s", byStatus.Body)
		}
		today := time.Now().Format(time.DateOnly)
		if r := wanda.Do("GET", "/api/v1/messages?from="+today+"&case_number=A0000001&person_id=P1", nil).Want(t, 200); bytes.Contains(r.Body, []byte("LEGACY-1")) {
			t.Fatal("date filter ignored")
		}
		wanda.Do("GET", "/api/v1/messages?from=yesterday", nil).Want(t, 422)
		wanda.Do("GET", "/api/v1/messages?limit=500", nil).Want(t, 422)
		wanda.Do("GET", "/api/v1/messages?status=closed", nil).Want(t, 422)
		// Pages of two: newest first, no record twice, none missed.
		seen := map[string]bool{}
		var last string
		cursor := ""
		for pages := 0; ; pages++ {
			r := wanda.Do("GET", "/api/v1/messages?scope=county&limit=2&cursor="+cursor, nil).Want(t, 200)
			for _, m := range r.JSON["messages"].([]any) {
				mm := m.(map[string]any)
				if seen[mm["id"].(string)] {
					t.Fatalf("record %s twice", mm["id"])
				}
				seen[mm["id"].(string)] = true
				if last != "" && mm["created_at"].(string) > last {
					t.Fatal("not newest first")
				}
				last = mm["created_at"].(string)
			}
			next, _ := r.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != len(county.JSON["messages"].([]any)) {
			t.Fatalf("pages hold %d records, the list %d", len(seen), len(county.JSON["messages"].([]any)))
		}
	})
}

func TestAPIAccountSettings(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		ben, wanda := w.as("ben"), w.as("wanda")
		r := ben.Do("GET", "/api/v1/ssp/account", nil).Want(t, 200)
		if r.Str("language") != "es" || r.Str("email") != "ben@example.org" {
			t.Fatalf("account: %s", r.Body)
		}
		ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": "fr"}).Want(t, 422)
		ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"email": "not an email"}).Want(t, 422)
		r = ben.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": "en", "e_notification": false}).Want(t, 200)
		if r.Str("language") != "en" || r.JSON["e_notification"] != false {
			t.Fatalf("patched: %s", r.Body)
		}
		wanda.Do("GET", "/api/v1/ssp/account", nil).Want(t, 403)
	})
}

func TestHealthAndMetrics(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		anon := w.anon()
		anon.Do("GET", "/healthz", nil).Want(t, 200)
		m := anon.Do("GET", "/metrics", nil).Want(t, 200)
		if !bytes.Contains(m.Body, []byte("go_goroutines")) {
			t.Fatal("metrics without Go runtime figures")
		}
		// On SQLite, the writer's group commits: writes over commits.
		if strings.HasPrefix(w.db, "sqlite:") != bytes.Contains(m.Body, []byte("emessage_store_commits_total")) {
			t.Fatalf("metrics of the group commit on %s: %v", w.db, bytes.Contains(m.Body, []byte("emessage_store_commits_total")))
		}
	})
}

func TestAPISignInThrottling(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		anon := w.anon()
		for range 5 {
			anon.Do("POST", "/api/v1/login", map[string]string{"username": "victor", "password": "wrong"}).Want(t, 401, "invalid_credentials")
		}
		r := anon.Do("POST", "/api/v1/login", map[string]string{"username": "victor", "password": fixturePassword}).Want(t, 429, "too_many_requests")
		if !strings.Contains(r.Err().Message, "wait") {
			t.Fatalf("429 without the wait: %s", r.Body)
		}
		// Another user from the same address is not held up.
		anon.Do("POST", "/api/v1/login", map[string]string{"username": "otto", "password": fixturePassword}).Want(t, 200)
		// After the back-off, the real user gets in.
		waitFor(t, "the back-off to pass", func() bool {
			return anon.Do("POST", "/api/v1/login", map[string]string{"username": "victor", "password": fixturePassword}).Status == 200
		})
	})
}

func TestAPILogout(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		c := w.as("wanda")
		c.Do("GET", "/api/v1/home", nil).Want(t, 200)
		if r := c.Do("POST", "/api/v1/logout", nil); r.Status != 200 && r.Status != 204 {
			t.Fatalf("logout: %d", r.Status)
		}
		c.Do("GET", "/api/v1/home", nil).Want(t, 401)
	})
}

// TestAPIAuditTrail: R11, in the store and through the API.
func TestAPIAuditTrail(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda, ana, bea, nora := w.as("wanda"), w.as("ana"), w.as("bea"), w.as("nora")
		// An upload action: ana uploads, wanda opens it, downloads the file and closes it.
		actionID := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document"}).Want(t, 201).Str("id")
		ana.Upload("/api/v1/ssp/messages/"+actionID+"/uploads", map[string][]byte{"paystub.pdf": testrig.PDF("Paystub")}).Want(t, 201)
		d := wanda.Do("GET", "/api/v1/messages/"+actionID, nil).Want(t, 200)
		uploadID := d.JSON["uploads"].([]any)[0].(map[string]any)["id"].(string)
		wanda.Do("GET", "/api/v1/messages/"+actionID+"/uploads/"+uploadID, nil).Want(t, 200)
		wanda.Do("PATCH", "/api/v1/messages/"+actionID, map[string]any{"status": "action_closed"}).Want(t, 200)

		store, err := sqlstore.Open(t.Context(), w.db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		trail, err := store.AuditTrail(t.Context(), "message", actionID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		for _, e := range trail {
			seen[e.Action] = e.Actor
			if e.At.IsZero() {
				t.Fatalf("audit entry without time: %+v", e)
			}
		}
		for action, who := range map[string]string{"message.create": "wanda", "message.view": "wanda", "upload.create": "ana", "message.status": "wanda"} {
			if seen[action] != who {
				t.Errorf("audit of %s: %q by %q, want %q (trail %+v)", actionID, action, seen[action], who, trail)
			}
		}
		dl, err := store.AuditTrail(t.Context(), "upload", uploadID)
		if err != nil || len(dl) != 1 || dl[0].Action != "upload.download" || dl[0].Actor != "wanda" {
			t.Fatalf("download audit: %+v %v", dl, err)
		}
		// The same trail through the API: the record's, with its uploads' downloads, and the case's.
		r := wanda.Do("GET", "/api/v1/messages/"+actionID+"/audit", nil).Want(t, 200)
		var actions []string
		for _, e := range r.JSON["audit"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		if got := strings.Join(actions, " "); !strings.Contains(got, "message.create") || !strings.Contains(got, "upload.download") {
			t.Fatalf("message audit through the API: %s", got)
		}
		if r := wanda.Do("GET", "/api/v1/cases/A0000001/audit", nil).Want(t, 200); len(r.JSON["audit"].([]any)) < len(actions) {
			t.Fatalf("case audit holds less than one of its records': %s", r.Body)
		}
		bea.Do("GET", "/api/v1/messages/"+actionID+"/audit", nil).Want(t, 404)
		bea.Do("GET", "/api/v1/cases/A0000001/audit", nil).Want(t, 404)
		nora.Do("GET", "/api/v1/cases/A0000001/audit", nil).Want(t, 403)
		ana.Do("GET", "/api/v1/messages/"+actionID+"/audit", nil).Want(t, 403)
	})
}

func TestImportTwiceChangesNothing(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		w := newAPIWorld(t, db, mustImportFixture(t, t.TempDir(), db)) // imported, not copied
		wanda, ana := w.as("wanda"), w.as("ana")
		w.send(wanda, nil).Want(t, 201)
		w.askAndAnswer(ana, wanda)
		before := wanda.Do("GET", "/api/v1/messages?scope=county&limit=200", nil).Want(t, 200).Body
		mustImport(t, w.db, w.file)
		after := wanda.Do("GET", "/api/v1/messages?scope=county&limit=200", nil).Want(t, 200).Body
		if !bytes.Equal(before, after) {
			t.Fatal("second import changed the messages")
		}
		w.as("ana")
	})
}
