package main

import (
	"net/url"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// fuzzServer starts the real server on the import fixture, once per fuzzing
// process, and returns it with wanda's (worker) and ana's (customer) tokens.
func fuzzServer(f *testing.F) (srv *server, worker, customer string) {
	f.Helper()
	dir := f.TempDir()
	mustImportFixture(f, dir, dirDB(dir))
	srv = startServer(f, dir)
	return srv, srv.login("wanda", fixturePassword).Token(), srv.login("ana", fixturePassword).Token()
}

// noServerError fails on a 5xx answer, or an error answer without our shape.
func noServerError(t *testing.T, what string, r *testrig.Response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%s: %d %s", what, r.Status, r.Body)
	}
	if r.Status >= 400 && (r.Err().Code == "" || r.Err().Message == "") {
		t.Fatalf("%s: %d without the error shape: %s", what, r.Status, r.Body)
	}
}

// FuzzAPISearch: a worker's search through the real server, with any value
// of every filter, answers 200 or a 4xx error; never a 500; always as the
// OpenAPI document describes.
func FuzzAPISearch(f *testing.F) {
	f.Add("A0000001", "P1", "received,read", "action", "2026-01-01", "2026-12-31", "county", "true", "rent", "20", "")
	f.Add("", "", "bogus", "", "", "", "", "", "", "", "")
	f.Add(" A0000001 ", "", ",,", "message", "2026-02-30", "31/12/2026", "mine", "1", "%_\\'\"", "0", "MTIzfA")
	f.Add("", "", "", "", "0000-01-01", "9999-12-31", "everyone", "maybe", "\x00", "201", "LTF8eA")
	f.Add("", "", "new_action", "", "", "", "", "false", "ñandú", "99999999999999999999", "OTIyMzM3MjAzNjg1NDc3NTgwN3x4")
	srv, token, _ := fuzzServer(f)
	f.Fuzz(func(t *testing.T, caseNumber, personID, status, typ, from, to, scope, overdue, text, limit, cursor string) {
		q := url.Values{}
		for k, v := range map[string]string{"case_number": caseNumber, "person_id": personID, "status": status, "type": typ,
			"from": from, "to": to, "scope": scope, "overdue": overdue, "q": text, "limit": limit, "cursor": cursor} {
			if v != "" {
				q.Set(k, v)
			}
		}
		c := testrig.NewClient(t, srv.base, token).WithSpec(srv.spec.AnswersOnly())
		noServerError(t, "GET /api/v1/messages?"+q.Encode(), c.Do("GET", "/api/v1/messages?"+q.Encode(), nil))
	})
}

// FuzzAPISend: a worker's e-Message or action and a customer's message with
// any field values, through the real server, answer 201 or a 4xx error;
// never a 500.
func FuzzAPISend(f *testing.F) {
	f.Add("A0000001", "P1", "message", "", "", "Hello", "Your interview is on Monday.", "")
	f.Add("A0000001", "P1", "action", "view_document", "CW2200", "Form", "Please read.", "2099-01-01")
	f.Add("A0000001", "P2", "action", "upload_document", "SAR7", " ", "\x00", "2020-01-01")
	f.Add("A0000002", "P3", "action", "view_document", "NOPE", "S", "B", "31/12/2099")
	f.Add("B0000001", "P1", "bogus", "bogus", "", "\u202e", "\xff\xfe", "2099-02-30")
	srv, worker, customer := fuzzServer(f)
	f.Fuzz(func(t *testing.T, caseNumber, personID, typ, actionType, documentCode, subject, body, dueDate string) {
		w := testrig.NewClient(t, srv.base, worker).WithSpec(srv.spec.AnswersOnly())
		r := w.Do("POST", "/api/v1/messages", map[string]string{
			"case_number": caseNumber, "person_id": personID, "type": typ, "action_type": actionType,
			"document_code": documentCode, "subject": subject, "body": body, "due_date": dueDate})
		noServerError(t, "POST /api/v1/messages", r)
		c := testrig.NewClient(t, srv.base, customer).WithSpec(srv.spec.AnswersOnly())
		r = c.Do("POST", "/api/v1/ssp/messages", map[string]string{"case_number": caseNumber, "subject": subject, "body": body})
		noServerError(t, "POST /api/v1/ssp/messages", r)
	})
}
