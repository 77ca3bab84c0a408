package emessage_test

import (
	"context"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// mustPortalService returns a service over a real SQLite store (testrig.New) where
// customer maria is linked to an open case of a two-way county (B1, twice:
// as herself and as her son's representative), a discontinued one (B3) and
// an open case of a one-way county (C1); lena is on B2 only.
func mustPortalService(tb testing.TB) *emessage.Service {
	tb.Helper()
	both := []string{emessage.RightView, emessage.RightSend}
	return testrig.New(tb, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}, {Code: "37", Name: "San Diego"}},
		Workers: []emessage.ImportWorker{
			{Username: "jdoe", Name: "Jane Doe", County: "19", Rights: both, PasswordHash: "plain:x"},
			{Username: "bsd", Name: "Bo Diego", County: "37", Rights: both, PasswordHash: "plain:x"},
		},
		Accounts: []emessage.ImportAccount{
			{Username: "maria", Language: "es", PasswordHash: "plain:x"},
			{Username: "lena", Language: "en", PasswordHash: "plain:x"},
		},
		Documents: []emessage.ImportDocument{{Code: "CW2200", Title: "Request for Verification", SSPSendable: true, PDF: "cw2200.pdf", PDFData: testrig.PDF("Request for Verification")}},
		Cases: []emessage.ImportCase{
			{Number: "B1", County: "19", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons: []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"},
					{ID: "P2", Name: "Luis Lopez", SSPAccount: "maria"}}},
			{Number: "B2", County: "19", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Lena Park", SSPAccount: "lena"}}},
			{Number: "B3", County: "19", Status: emessage.CaseDiscontinued,
				Programs: []emessage.ImportProgram{{Code: "CW", Worker: "jdoe"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
			{Number: "C1", County: "37", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "bsd"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}}},
		},
	}).Service
}

func TestCustomerCases(t *testing.T) {
	ctx := context.Background()
	svc := mustPortalService(t)
	cases, err := svc.CustomerCases(ctx, mustLogin(t, svc, "maria"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		number         string
		open, writable bool
		county         string
	}
	var got []row
	for _, c := range cases {
		got = append(got, row{c.Number, c.Open, c.Writable, c.County.Name})
	}
	want := []row{
		{"B1", true, true, "Los Angeles"}, // once, although two of its persons are hers
		{"B3", false, false, "Los Angeles"},
		{"C1", true, false, "San Diego"}, // one-way county (R4)
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("case %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, err := svc.CustomerCases(ctx, mustLogin(t, svc, "jdoe")); emessage.ErrorCode(err) != emessage.EForbidden {
		t.Fatalf("a worker: err %v, want forbidden", err)
	}
}

func TestCustomerStatusOf(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name string
		m    emessage.Message
		want emessage.CustomerStatus
	}{
		{"county's message, unread", emessage.Message{Direction: emessage.ToCustomer, Status: emessage.StatusSent}, emessage.CustomerNew},
		{"county's message, opened", emessage.Message{Direction: emessage.ToCustomer, Status: emessage.StatusSent, ViewedAt: &now}, emessage.CustomerRead},
		{"new action", emessage.Message{Direction: emessage.ToCustomer, Status: emessage.StatusNewAction}, emessage.CustomerActionNeeded},
		{"completed action", emessage.Message{Direction: emessage.ToCustomer, Status: emessage.StatusActionCompleted}, emessage.CustomerDone},
		{"closed action", emessage.Message{Direction: emessage.ToCustomer, Status: emessage.StatusActionClosed}, emessage.CustomerClosed},
		{"customer's message, received", emessage.Message{Direction: emessage.FromCustomer, Status: emessage.StatusReceived}, emessage.CustomerWaiting},
		{"customer's message, read", emessage.Message{Direction: emessage.FromCustomer, Status: emessage.StatusRead}, emessage.CustomerWaiting},
		{"customer's message, answered", emessage.Message{Direction: emessage.FromCustomer, Status: emessage.StatusReplied}, emessage.CustomerAnswered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := emessage.CustomerStatusOf(&tt.m); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	if emessage.UnreadByCustomer(&emessage.Message{Direction: emessage.FromCustomer}) {
		t.Fatal("the customer's own message counts as unread")
	}
}

func TestCustomerOffer(t *testing.T) {
	ctx := context.Background()
	svc := mustPortalService(t)
	jdoe, bsd, maria := mustLogin(t, svc, "jdoe"), mustLogin(t, svc, "bsd"), mustLogin(t, svc, "maria")
	send := func(who emessage.Actor, in emessage.NewMessage) *emessage.Message {
		t.Helper()
		m, err := svc.SendMessage(ctx, who, in)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	msg := send(jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage, Subject: "Hi", Body: "Hello"})
	upload := send(jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionUploadDocument, Subject: "Paystubs", Body: "Please upload them."})
	view := send(jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
		ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Please read it."})
	oneWay := send(bsd, emessage.NewMessage{CaseNumber: "C1", PersonID: "P1", Type: emessage.TypeMessage, Subject: "Hola", Body: "Hola"})

	offer := func(id string) emessage.CustomerOffer {
		t.Helper()
		d, err := svc.CustomerMessage(ctx, maria, id)
		if err != nil {
			t.Fatal(err)
		}
		o, err := svc.CustomerOffer(ctx, d.Message)
		if err != nil {
			t.Fatal(err)
		}
		return *o
	}
	tests := []struct {
		name string
		id   string
		want emessage.CustomerOffer
	}{
		{"message, two-way", msg.ID, emessage.CustomerOffer{CountyName: "Los Angeles", Answer: true}},
		{"upload action", upload.ID, emessage.CustomerOffer{CountyName: "Los Angeles", Answer: true, Upload: true, UploadsLeft: 5}},
		{"view action", view.ID, emessage.CustomerOffer{CountyName: "Los Angeles", Answer: true, ViewDocument: true}},
		{"one-way county", oneWay.ID, emessage.CustomerOffer{CountyName: "San Diego", NoAnswer: emessage.ETwoWayDisabled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := offer(tt.id); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}

	pdf := testrig.PDF("Paystub")
	if _, _, err := svc.CustomerUpload(ctx, maria, upload.ID, []emessage.UploadFile{{Name: "a.pdf", Data: pdf}, {Name: "b.pdf", Data: pdf}}); err != nil {
		t.Fatal(err)
	}
	if got := offer(upload.ID); !got.Upload || got.UploadsLeft != 3 {
		t.Fatalf("after two uploads: %+v, want 3 more", got)
	}
	if _, err := svc.SetStatus(ctx, jdoe, upload.ID, emessage.StatusActionClosed); err != nil {
		t.Fatal(err)
	}
	if got := offer(upload.ID); got.Upload {
		t.Fatalf("a closed action still takes documents: %+v", got)
	}
}
