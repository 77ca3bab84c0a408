package emessage_test

import (
	"context"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// What a newcomer tripped on (issue 13), at the service.

// TestCaseNumberTypedInLowerCase: a case number typed in lower case, or with
// spaces around it, is the case's, wherever a worker or a customer types one.
func TestCaseNumberTypedInLowerCase(t *testing.T) {
	world := func() *emessage.ImportData {
		d := fixture.World()
		d.Cases[0].Number = "B1000001"
		return d
	}
	testrig.ForEachDB(t, world, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		svc := r.Service
		jdoe := r.MustLogin(t, "jdoe", "pw")
		maria := r.MustLogin(t, "maria", "pw")
		const typed = " b1000001 "
		sum, err := svc.CaseSummary(ctx, jdoe, typed)
		if err != nil || sum.Case.Number != "B1000001" {
			t.Fatalf("Case Summary of %q: %+v, %v", typed, sum, err)
		}
		sent, err := svc.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: typed, PersonID: "P1",
			Type: emessage.TypeMessage, Subject: "Hello", Body: "A message."})
		if err != nil || sent.CaseNumber != "B1000001" {
			t.Fatalf("send to %q: %+v, %v", typed, sent, err)
		}
		wrote, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: typed, Subject: "Hi", Body: "A question."})
		if err != nil || wrote.CaseNumber != "B1000001" {
			t.Fatalf("customer writes on %q: %+v, %v", typed, wrote, err)
		}
		found, err := svc.SearchMessages(ctx, jdoe, emessage.SearchFilter{Scope: "county", CaseNumber: typed})
		if err != nil || len(found.Messages) != 2 {
			t.Fatalf("search by %q: %d found, %v; want 2", typed, len(found.Messages), err)
		}
		if _, _, err := svc.CaseAudit(ctx, jdoe, "b1000001"); err != nil {
			t.Fatalf("case audit of b1000001: %v", err)
		}
	})
}

// TestUploadWithoutOpeningSetsReadReceipt: a customer who uploads to an
// action without opening it first (the API allows it) has seen it: the
// portal does not show NEW beside Done.
func TestUploadWithoutOpeningSetsReadReceipt(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		jdoe, maria := r.MustLogin(t, "jdoe", "pw"), r.MustLogin(t, "maria", "pw")
		action, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "ID", Body: "Please upload an ID."})
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := r.Service.CustomerUpload(ctx, maria, action.ID, []emessage.UploadFile{{Name: "id.pdf", Data: testrig.PDF("ID")}})
		if err != nil {
			t.Fatal(err)
		}
		if m.ViewedAt == nil || emessage.UnreadByCustomer(m) {
			t.Fatalf("after an upload without opening: viewed %v, unread %v", m.ViewedAt, emessage.UnreadByCustomer(m))
		}
	})
}
