package emessage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// mustPagesService returns a service over a real SQLite store (testrig.New) holding a
// two-way county (19) with cases B1 (jdoe's) and B2 (asmith's), and a
// one-way county (37) with case C1.
func mustPagesService(tb testing.TB) *emessage.Service {
	tb.Helper()
	both := []string{emessage.RightView, emessage.RightSend}
	return testrig.New(tb, &emessage.ImportData{
		Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}, {Code: "37", Name: "San Diego"}},
		Workers: []emessage.ImportWorker{
			{Username: "jdoe", Name: "Jane Doe", County: "19", Rights: both, PasswordHash: "plain:x"},
			{Username: "asmith", Name: "Al Smith", County: "19", Rights: []string{emessage.RightView}, PasswordHash: "plain:x"},
			{Username: "nora", Name: "No Rights", County: "19", PasswordHash: "plain:x"},
			{Username: "bsd", Name: "Bo Diego", County: "37", Rights: both, PasswordHash: "plain:x"},
		},
		Accounts: []emessage.ImportAccount{
			{Username: "maria", Language: "es", PasswordHash: "plain:x"},
			{Username: "ana", Language: "en", PasswordHash: "plain:x"},
		},
		Cases: []emessage.ImportCase{
			{Number: "B1", County: "19", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Maria Lopez", SSPAccount: "maria"}, {ID: "P2", Name: "Luis Lopez"}}},
			{Number: "B2", County: "19", Status: emessage.CasePending,
				Programs: []emessage.ImportProgram{{Code: "MC", Worker: "asmith"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Jose Ruiz"}}},
			{Number: "C1", County: "37", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "bsd"}},
				Persons:  []emessage.ImportPerson{{ID: "P1", Name: "Ana Diaz", SSPAccount: "ana"}}},
		},
	}).Service
}

func mustLogin(tb testing.TB, svc *emessage.Service, username string) emessage.Actor {
	tb.Helper()
	_, a, err := svc.Login(context.Background(), username, "x")
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestSearchCases(t *testing.T) {
	ctx := context.Background()
	svc := mustPagesService(t)
	jdoe, bsd, nora := mustLogin(t, svc, "jdoe"), mustLogin(t, svc, "bsd"), mustLogin(t, svc, "nora")
	numbers := func(cs []*emessage.Case) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Number)
		}
		return out
	}
	tests := []struct {
		name string
		who  emessage.Actor
		in   emessage.CaseSearch
		want []string
	}{
		{"whole county by number", jdoe, emessage.CaseSearch{}, []string{"B1", "B2"}},
		{"caseload", jdoe, emessage.CaseSearch{Scope: "mine"}, []string{"B1"}},
		{"part of a number", jdoe, emessage.CaseSearch{Text: "b2"}, []string{"B2"}},
		{"part of a person's name, any case", jdoe, emessage.CaseSearch{Text: "lopez"}, []string{"B1"}},
		{"LIKE characters match themselves", jdoe, emessage.CaseSearch{Text: "%"}, nil},
		{"other county sees its own", bsd, emessage.CaseSearch{}, []string{"C1"}},
		{"other county cannot find ours", bsd, emessage.CaseSearch{Text: "B1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.SearchCases(ctx, tt.who, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(numbers(got), tt.want) {
				t.Fatalf("got %v, want %v", numbers(got), tt.want)
			}
		})
	}
	got, _ := svc.SearchCases(ctx, jdoe, emessage.CaseSearch{Text: "B1"})
	if len(got) != 1 || len(got[0].Persons) != 2 || len(got[0].Programs) != 1 {
		t.Fatalf("a found case comes with its persons and programs: %+v", got)
	}
	if _, err := svc.SearchCases(ctx, nora, emessage.CaseSearch{}); emessage.ErrorCode(err) != emessage.EForbidden {
		t.Fatalf("worker without emessage.view: err %v, want forbidden", err)
	}
	if _, err := svc.SearchCases(ctx, jdoe, emessage.CaseSearch{Scope: "state"}); emessage.ErrorField(err) != "scope" {
		t.Fatalf("bad scope: err %v", err)
	}
}

func TestPreviewMessageChangesNothing(t *testing.T) {
	ctx := context.Background()
	svc := mustPagesService(t)
	jdoe, asmith, bsd := mustLogin(t, svc, "jdoe"), mustLogin(t, svc, "asmith"), mustLogin(t, svc, "bsd")
	maria := mustLogin(t, svc, "maria")

	sent, err := svc.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage, Subject: "Hello", Body: "Your interview is Monday."})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Question", Body: "When is it?"})
	if err != nil {
		t.Fatal(err)
	}

	for _, id := range []string{sent.ID, got.ID} {
		v, err := svc.PreviewMessage(ctx, asmith, id) // view-only worker of the county
		if err != nil {
			t.Fatal(err)
		}
		if v.Language != "es" || v.Message.ID != id || len(v.Thread) != 1 {
			t.Fatalf("preview of %s: language %q, thread %d", id, v.Language, len(v.Thread))
		}
	}
	after, _ := svc.MessageDetail(ctx, jdoe, sent.ID) // a worker's detail view sets no read receipt either
	if after.Message.ViewedAt != nil {
		t.Fatal("the preview set the customer's read receipt")
	}
	trail, err := svc.Store.AuditTrail(ctx, "message", got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(trail, func(e emessage.AuditEntry) bool { return e.Action == "message.preview" && e.Actor == "asmith" }) {
		t.Fatalf("the preview is not audited: %+v", trail)
	}
	d, err := svc.Store.Message(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != emessage.StatusReceived {
		t.Fatalf("the preview moved the customer's record to %s; it must stay received", d.Status)
	}
	if _, err := svc.PreviewMessage(ctx, bsd, sent.ID); emessage.ErrorCode(err) != emessage.ENotFound {
		t.Fatalf("other county: err %v, want not_found", err)
	}
	if _, err := svc.PreviewMessage(ctx, maria, sent.ID); emessage.ErrorCode(err) != emessage.EForbidden {
		t.Fatalf("customer: err %v, want forbidden", err)
	}
}

func TestMessageRights(t *testing.T) {
	svc := mustPagesService(t)
	jdoe, asmith, bsd := mustLogin(t, svc, "jdoe"), mustLogin(t, svc, "asmith"), mustLogin(t, svc, "bsd")
	// rec is a record with its history: the statuses it went through.
	rec := func(typ emessage.Type, twoWay bool, history ...emessage.Status) *emessage.MessageDetail {
		d := &emessage.MessageDetail{Message: &emessage.Message{County: "19", Type: typ, Status: history[len(history)-1], TwoWay: twoWay}}
		for _, st := range history {
			d.History = append(d.History, emessage.HistoryEntry{Status: st})
		}
		return d
	}
	msg, act := emessage.TypeMessage, emessage.TypeAction
	const (
		received, read, replied, sent = emessage.StatusReceived, emessage.StatusRead, emessage.StatusReplied, emessage.StatusSent
		newAction, completed, closed  = emessage.StatusNewAction, emessage.StatusActionCompleted, emessage.StatusActionClosed
	)
	tests := []struct {
		name string
		who  emessage.Actor
		d    *emessage.MessageDetail
		want emessage.MessageRights
	}{
		{"received: answer", jdoe, rec(msg, true, received), emessage.MessageRights{Answer: true}},
		{"read: answer", jdoe, rec(msg, true, received, read), emessage.MessageRights{Answer: true}},
		{"replied: nothing", jdoe, rec(msg, true, received, replied), emessage.MessageRights{}},
		{"sent: nothing", jdoe, rec(msg, true, sent), emessage.MessageRights{}},
		{"new action: close, nothing answered yet", jdoe, rec(act, true, newAction), emessage.MessageRights{Close: true}},
		{"completed: close, new action", jdoe, rec(act, true, newAction, completed), emessage.MessageRights{Close: true, NewAction: true}},
		{"closed after the answer: new action only", jdoe, rec(act, true, newAction, completed, closed), emessage.MessageRights{NewAction: true}},
		{"withdrawn before any answer: nothing", jdoe, rec(act, true, newAction, closed), emessage.MessageRights{}},
		{"one-way county: no new action", jdoe, rec(act, false, newAction, completed), emessage.MessageRights{Close: true}},
		{"view only: nothing", asmith, rec(msg, true, received), emessage.MessageRights{}},
		{"other county: nothing", bsd, rec(msg, true, received), emessage.MessageRights{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := svc.MessageRights(tt.who, tt.d); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRequireRight(t *testing.T) {
	svc := mustPagesService(t)
	asmith := mustLogin(t, svc, "asmith")
	if err := svc.RequireRight(asmith, emessage.RightView); err != nil {
		t.Fatal(err)
	}
	err := svc.RequireRight(asmith, emessage.RightSend)
	if emessage.ErrorCode(err) != emessage.EForbidden || !strings.Contains(emessage.ErrorMessage(err), "emessage.send") {
		t.Fatalf("view-only worker asking to send: %v", err)
	}
}

func TestWorkerCounty(t *testing.T) {
	ctx := context.Background()
	svc := mustPagesService(t)
	c, err := svc.WorkerCounty(ctx, mustLogin(t, svc, "nora"))
	if err != nil || c.Name != "Los Angeles" || !c.TwoWay {
		t.Fatalf("county %+v, err %v", c, err)
	}
	if _, err := svc.WorkerCounty(ctx, mustLogin(t, svc, "maria")); emessage.ErrorCode(err) != emessage.EForbidden {
		t.Fatalf("customer: err %v", err)
	}
}
