package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// systemToken makes a system token with "emessage token create" on db.
func systemToken(t *testing.T, db, name, county string) string {
	t.Helper()
	args := []string{"token", "create", "--db", db, "--system", name}
	if county != "" {
		args = append(args, "--county", county)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("token create: %d %s", code, stderr.String())
	}
	token := strings.TrimSpace(stdout.String())
	if !strings.HasPrefix(token, "ems_") {
		t.Fatalf("token create printed %q", token)
	}
	return token
}

// putDocument sends a case document as a system does (SPEC 14).
func putDocument(t *testing.T, c *testrig.Client, path string, fields map[string]string, pdf []byte) *testrig.Response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if pdf != nil {
		fw, err := w.CreateFormFile("file", "notice.pdf")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(pdf)
	}
	w.Close()
	req, err := http.NewRequest("PUT", c.Base()+path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Send(req)
}

// TestAPISystems walks SPEC sections 14 and 15 through the real server on
// each database: the case system syncs its county twice (the second time
// nothing changes), moves a program to another worker and the counts
// follow, and puts a Notice of Action that a worker sends and the customer
// opens; tokens of another county, revoked tokens, bad documents and
// oversized bodies are refused with nothing written.
func TestAPISystems(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		alameda := w.srv.bearer(systemToken(t, w.db, "alameda-cases", "01"))
		butte := w.srv.bearer(systemToken(t, w.db, "butte-cases", "02"))

		sync := map[string]any{
			"counties": []map[string]any{{"code": "01", "name": "Alameda", "two_way": true, "response_business_days": 2}},
			"workers": []map[string]any{
				{"username": "wanda", "name": "Wanda Worker", "county": "01", "rights": []string{"emessage.view", "emessage.send"}},
				{"username": "sam", "name": "Sam Single-Sign-On", "county": "01", "rights": []string{"emessage.view", "emessage.send"}},
			},
			"cases": []map[string]any{{"number": "A0000001", "county": "01", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "wanda"}, {"code": "MC", "worker": "wanda"}},
				"persons":  []map[string]any{{"id": "P1", "name": "Ana Alvarez", "ssp_account": "ana"}, {"id": "P2", "name": "Pablo Alvarez"}}}},
		}
		first := alameda.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		if got := first.JSON["workers"].(map[string]any); got["added"] != 1.0 || got["updated"] != 0.0 {
			t.Fatalf("first sync: %s", first.Body)
		}
		again := alameda.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		for _, section := range []string{"counties", "workers", "ssp_accounts", "documents", "cases"} {
			if c := again.JSON[section].(map[string]any); c["added"] != 0.0 || c["updated"] != 0.0 {
				t.Errorf("second sync changed %s: %s", section, again.Body)
			}
		}
		// wanda keeps her password: the sync gave none.
		w.as("wanda")

		// A customer's question counts for wanda until the case system
		// gives the case's CalFresh to otto.
		question := w.as("ana").Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "program": "CF",
			"subject": "My benefits card", "body": "It has not come."}).Want(t, 201).Str("id")
		received := func(who string) float64 {
			return w.as(who).Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)["received"].(float64)
		}
		wandaBefore, ottoBefore := received("wanda"), received("otto")
		sync["cases"].([]map[string]any)[0]["programs"] = []map[string]any{{"code": "CF", "worker": "otto"}, {"code": "MC", "worker": "wanda"}}
		moved := alameda.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		if c := moved.JSON["cases"].(map[string]any); c["updated"] != 1.0 {
			t.Fatalf("moving a program: %s", moved.Body)
		}
		// Both CalFresh questions (the old one too) go to otto.
		if wa, o := received("wanda"), received("otto"); wa != wandaBefore-2 || o != ottoBefore+2 {
			t.Fatalf("received after the move: wanda %v (was %v), otto %v (was %v)", wa, wandaBefore, o, ottoBefore)
		}

		// Refusals, each writing nothing.
		bad := map[string]any{"cases": []map[string]any{{"number": "A0000001", "county": "01", "status": "active",
			"programs": []map[string]any{{"code": "CF", "worker": "nobody"}}}}}
		if e := alameda.Do("PUT", "/api/v1/sync", bad).Want(t, 422, "invalid").Err(); e.Field != "cases[0].programs[0].worker" {
			t.Errorf("bad worker: field %q", e.Field)
		}
		butte.Do("PUT", "/api/v1/sync", sync).Want(t, 403, "forbidden")
		w.as("wanda").Do("PUT", "/api/v1/sync", sync).Want(t, 401, "unauthorized")
		alameda.Do("GET", "/api/v1/home", nil).Want(t, 401, "unauthorized")
		huge := bytes.Repeat([]byte(" "), 33<<20)
		req, _ := http.NewRequest("PUT", w.srv.base+"/api/v1/sync", bytes.NewReader(append(huge, '{', '}')))
		req.Header.Set("Content-Type", "application/json")
		alameda.Send(req).Want(t, 413, "too_large")
		if wa := received("wanda"); wa != wandaBefore-2 {
			t.Fatalf("a refused sync moved counts: wanda %v", wa)
		}

		// A Notice of Action of the case.
		pdf := testrig.PDF("Notice of Action: CalFresh approved")
		path := "/api/v1/cases/A0000001/documents/NOA-2026-0001"
		put := putDocument(t, alameda, path, map[string]string{"title": "Notice of Action: CalFresh", "person_id": "P1"}, pdf).Want(t, 201)
		if put.JSON["case_number"] != "A0000001" || put.JSON["person_id"] != "P1" || put.JSON["size"] != float64(len(pdf)) {
			t.Fatalf("put: %s", put.Body)
		}
		putDocument(t, alameda, path, map[string]string{"title": "Notice of Action: CalFresh", "person_id": "P1"}, pdf).Want(t, 200)
		putDocument(t, alameda, path, map[string]string{"title": "Not a PDF"}, []byte("<html><body>hi</body></html>")).Want(t, 415, "unsupported_type")
		putDocument(t, butte, path, map[string]string{"title": "Wrong county"}, pdf).Want(t, 403, "forbidden")
		putDocument(t, alameda, "/api/v1/cases/A0000001/documents/NOA-X", map[string]string{"title": "T", "person_id": "P9"}, pdf).Want(t, 422, "invalid")

		wanda := w.as("wanda")
		docs := wanda.Do("GET", "/api/v1/documents?case_number=A0000001", nil).Want(t, 200)
		if !bytes.HasPrefix(docs.Body, []byte(`[{"code":"NOA-2026-0001","title":"Notice of Action: CalFresh","case_number":"A0000001","person_id":"P1"}`)) {
			t.Fatalf("documents of the case: %s", docs.Body)
		}
		if other := wanda.Do("GET", "/api/v1/documents?case_number=A0000003", nil).Want(t, 200); bytes.Contains(other.Body, []byte("NOA-2026")) {
			t.Fatalf("another case lists the notice: %s", other.Body)
		}
		m := w.send(wanda, map[string]any{"type": "action", "action_type": "view_document", "document_code": "NOA-2026-0001"}).Want(t, 201)
		id := m.Str("id")
		opened := w.as("ana").Do("GET", "/api/v1/ssp/messages/"+id+"/document", nil).Want(t, 200)
		if !bytes.Equal(opened.Body, pdf) {
			t.Fatalf("the customer's PDF: %d bytes", len(opened.Body))
		}
		if st := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200).Str("status"); st != "action_completed" {
			t.Fatalf("after opening: %s", st)
		}

		// A county system reads its county's records (as a webhook event
		// tells it to) without moving them, and nothing of another county.
		read := alameda.Do("GET", "/api/v1/messages/"+question, nil).Want(t, 200)
		if read.Str("subject") != "My benefits card" || read.Str("status") != "received" {
			t.Fatalf("the system's read: %s", read.Body)
		}
		butte.Do("GET", "/api/v1/messages/"+question, nil).Want(t, 404, "not_found")
		alameda.Do("GET", "/api/v1/messages?case_number=A0000001", nil).Want(t, 401, "unauthorized")
		action := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document"}).Want(t, 201).Str("id")
		scan := testrig.PDF("Pay stub")
		up := w.as("ana").Upload("/api/v1/ssp/messages/"+action+"/uploads", map[string][]byte{"stub.pdf": scan}).Want(t, 201)
		upID := up.JSON["uploads"].([]any)[0].(map[string]any)["id"].(string)
		if got := alameda.Do("GET", "/api/v1/messages/"+action+"/uploads/"+upID, nil).Want(t, 200); !bytes.Equal(got.Body, scan) {
			t.Fatalf("the system's download: %d bytes", len(got.Body))
		}
		butte.Do("GET", "/api/v1/messages/"+action+"/uploads/"+upID, nil).Want(t, 404, "not_found")

		// A revoked token is refused at once.
		var out bytes.Buffer
		if code := run(context.Background(), []string{"token", "revoke", "--db", w.db, "alameda-cases"}, &out, &out); code != 0 {
			t.Fatalf("revoke: %s", out.String())
		}
		alameda.Do("PUT", "/api/v1/sync", sync).Want(t, 401, "unauthorized")
	})
}
