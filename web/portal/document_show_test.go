package portal_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// TestPortalDocumentCrossSite: a link from another web site (or from a
// browser that does not say where it comes from) to a form does not
// complete its View Document action: the customer is asked to open it,
// and the button's POST does. Once completed, the form shows to any link.
func TestPortalDocumentCrossSite(t *testing.T) {
	ps := mustPortalSite(t, "")
	c := mustPortalSignIn(t, ps.h, "lena")
	status := func(id string) emessage.Status {
		t.Helper()
		m, err := ps.svc.Store.Message(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Status
	}
	for _, site := range []string{"cross-site", "same-site", ""} {
		t.Run("Sec-Fetch-Site "+site, func(t *testing.T) {
			view := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B2", PersonID: "P1", Type: emessage.TypeAction,
				ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Read it."})
			path := "/portal/messages/" + view.ID + "/document"
			rec := testrig.BrowseWith(ps.h, "GET", path+"?download=1", nil, map[string]string{"Sec-Fetch-Site": site}, c)
			testrig.MustStatus(t, rec, http.StatusOK)
			page := rec.Body.String()
			if !strings.Contains(page, `<form class="usa-form portal-form" method="post" action="`+path+`?download=1">`) ||
				!strings.Contains(page, "Open the form?") || bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
				t.Fatalf("a %q link to a waiting form: %s", site, page)
			}
			if got := status(view.ID); got != emessage.StatusNewAction {
				t.Fatalf("a %q link left the action %s", site, got)
			}
			if m, _ := ps.svc.Store.Message(context.Background(), view.ID); m.ViewedAt != nil {
				t.Fatalf("a %q link set the read receipt", site)
			}
			rec = testrig.Browse(ps.h, "POST", path+"?download=1", nil, c)
			testrig.MustStatus(t, rec, http.StatusOK)
			if !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment;") {
				t.Fatalf("the button's answer: %v", rec.Header())
			}
			if got := status(view.ID); got != emessage.StatusActionCompleted {
				t.Fatalf("the button left the action %s", got)
			}
			rec = testrig.BrowseWith(ps.h, "GET", path, nil, map[string]string{"Sec-Fetch-Site": site}, c)
			if !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
				t.Fatalf("a %q link to a completed form: %s", site, rec.Body)
			}
		})
	}
	for _, site := range []string{"same-origin", "none"} {
		t.Run("Sec-Fetch-Site "+site, func(t *testing.T) {
			view := ps.send(t, "jdoe", emessage.NewMessage{CaseNumber: "B2", PersonID: "P1", Type: emessage.TypeAction,
				ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Read it."})
			rec := testrig.BrowseWith(ps.h, "GET", "/portal/messages/"+view.ID+"/document", nil, map[string]string{"Sec-Fetch-Site": site}, c)
			if !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
				t.Fatalf("opening the form from the portal: %s", rec.Body)
			}
			if got := status(view.ID); got != emessage.StatusActionCompleted {
				t.Fatalf("opening the form from the portal left the action %s", got)
			}
		})
	}
}
