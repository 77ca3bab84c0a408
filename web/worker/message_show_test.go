package worker_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// TestDetailNewActionHintAfterAnswer: "Is the customer's response
// incomplete?" shows on an action only once the customer has answered it,
// and still after it is closed; not on an action just sent, nor on one
// withdrawn before any answer.
func TestDetailNewActionHintAfterAnswer(t *testing.T) {
	h, rig := mustCountySiteRig(t)
	ctx := context.Background()
	c := mustSignIn(t, h, "jdoe")
	jdoe, maria := rig.MustLogin(t, "jdoe", "pw"), rig.MustLogin(t, "maria", "pw")
	send := func() *emessage.Message {
		t.Helper()
		m, err := rig.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please upload."})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	hint := func(id string) bool {
		t.Helper()
		rec := testrig.Browse(h, "GET", "/worker/messages/"+id, nil, c)
		testrig.MustStatus(t, rec, http.StatusOK)
		return strings.Contains(rec.Body.String(), "Is the customer's response incomplete?")
	}
	answered := send()
	if hint(answered.ID) {
		t.Error("the hint shows on an action just sent")
	}
	if _, _, err := rig.Service.CustomerUpload(ctx, maria, answered.ID, []emessage.UploadFile{{Name: "a.pdf", Data: testrig.PDF("Stub")}}); err != nil {
		t.Fatal(err)
	}
	if !hint(answered.ID) {
		t.Error("the hint does not show on an action the customer answered")
	}
	if _, err := rig.Service.SetStatus(ctx, jdoe, answered.ID, emessage.StatusActionClosed); err != nil {
		t.Fatal(err)
	}
	if !hint(answered.ID) {
		t.Error("the hint does not show on an answered action, closed")
	}
	withdrawn := send()
	if _, err := rig.Service.SetStatus(ctx, jdoe, withdrawn.ID, emessage.StatusActionClosed); err != nil {
		t.Fatal(err)
	}
	if hint(withdrawn.ID) {
		t.Error("the hint shows on an action withdrawn before any answer")
	}
}

// TestDetailHistoryNamesTheCustomer: the status history names the customer
// as the conversation does, by the person's name, not the account's username.
func TestDetailHistoryNamesTheCustomer(t *testing.T) {
	h, rig := mustCountySiteRig(t)
	maria := rig.MustLogin(t, "maria", "pw")
	m, err := rig.Service.CustomerSend(context.Background(), maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "CF",
		Subject: "New address", Body: "I moved."})
	if err != nil {
		t.Fatal(err)
	}
	rec := testrig.Browse(h, "GET", "/worker/messages/"+m.ID, nil, mustSignIn(t, h, "jdoe"))
	testrig.MustStatus(t, rec, http.StatusOK)
	page := rec.Body.String()
	history := page[strings.Index(page, "<h2>Status history</h2>"):]
	if !strings.Contains(page, "From Maria Lopez (customer)") || !strings.Contains(history, "<td>Maria Lopez (customer)</td>") ||
		strings.Contains(history, "maria") {
		t.Fatalf("the conversation and the history name the customer differently: %s", page)
	}
}

// TestDetailNamesTheCustomersLanguage: the Detail page names the language
// the customer reads (SPEC 18), and View shows the portal in it.
func TestDetailNamesTheCustomersLanguage(t *testing.T) {
	h, rig := mustCountySiteRig(t)
	maria := rig.MustLogin(t, "maria", "pw")
	m, err := rig.Service.CustomerSend(context.Background(), maria, emessage.NewCustomerMessage{CaseNumber: "B1", Program: "CF",
		Subject: "Nueva dirección", Body: "Me mudé."})
	if err != nil {
		t.Fatal(err)
	}
	c := mustSignIn(t, h, "jdoe")
	rec := testrig.Browse(h, "GET", "/worker/messages/"+m.ID, nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), "<dt>Customer's language</dt><dd>Spanish</dd>") {
		t.Fatalf("the Detail page does not name maria's Spanish: %s", rec.Body)
	}
	rec = testrig.Browse(h, "GET", "/worker/messages/"+m.ID+"/view", nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, "in the Self-Service Portal, in Spanish.") || !strings.Contains(body, `lang="es"`) {
		t.Fatalf("View does not show the portal in Spanish: %s", body)
	}
}
