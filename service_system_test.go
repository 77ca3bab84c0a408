package emessage_test

import (
	"context"
	"maps"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

func TestSystemTokens(t *testing.T) {
	r := testrig.New(t, fixture.World())
	ctx := context.Background()
	token, a := r.MustSystem(t, "case-system", "19")
	if !a.IsSystem() || a.County != "19" || a.Username != "case-system" {
		t.Fatalf("actor = %+v", a)
	}
	if _, err := r.Service.CreateSystemToken(ctx, "op", "case-system", ""); emessage.ErrorCode(err) != emessage.EConflict {
		t.Fatalf("second live token of a name: %v", err)
	}
	for _, bad := range []string{"", "has space", "x/y", string(make([]byte, 65))} {
		if _, err := r.Service.CreateSystemToken(ctx, "op", bad, ""); emessage.ErrorCode(err) != emessage.EInvalid {
			t.Errorf("name %q: %v", bad, err)
		}
	}
	if _, err := r.Service.CreateSystemToken(ctx, "op", "dms", "99"); emessage.ErrorField(err) != "county" {
		t.Fatalf("unknown county: %v", err)
	}
	// A session's token opens no system route, and a system's no session route.
	session, _, err := r.Service.Login(ctx, "jdoe", fixture.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Service.AuthenticateSystem(ctx, session); emessage.ErrorCode(err) != emessage.EUnauthorized {
		t.Fatalf("session token as a system's: %v", err)
	}
	if _, err := r.Service.Authenticate(ctx, token); emessage.ErrorCode(err) != emessage.EUnauthorized {
		t.Fatalf("system token as a session's: %v", err)
	}
	if err := r.Service.RevokeSystemToken(ctx, "op", "case-system"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Service.AuthenticateSystem(ctx, token); emessage.ErrorCode(err) != emessage.EUnauthorized {
		t.Fatalf("revoked token: %v", err)
	}
	if err := r.Service.RevokeSystemToken(ctx, "op", "case-system"); emessage.ErrorCode(err) != emessage.ENotFound {
		t.Fatalf("revoking twice: %v", err)
	}
	// The name is free again once revoked; the list keeps both.
	r.MustSystem(t, "case-system", "")
	list, err := r.Service.SystemTokens(ctx)
	if err != nil || len(list) != 2 || !list[0].Live() || list[1].Live() {
		t.Fatalf("tokens = %+v, %v", list, err)
	}
}

// TestSyncScope: a county-bound token writes its county alone; anything of
// another county is refused, naming the field, and nothing is written.
func TestSyncScope(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		_, la := r.MustSystem(t, "la-cases", "19")
		before := testrig.RowCounts(t, r.URL)
		delete(before, "audit_log")
		refused := []struct {
			name  string
			data  *emessage.ImportData
			field string
		}{
			{"another county", &emessage.ImportData{Counties: []emessage.ImportCounty{{Code: "37", Name: "San Diego"}}}, "counties[0].code"},
			{"a worker elsewhere", &emessage.ImportData{Workers: []emessage.ImportWorker{{Username: "bsd", Name: "Bo", County: "19"}}}, "workers[0].username"},
			{"a worker for elsewhere", &emessage.ImportData{Workers: []emessage.ImportWorker{{Username: "new", Name: "New", County: "37"}}}, "workers[0].county"},
			{"a case elsewhere", &emessage.ImportData{Cases: []emessage.ImportCase{{Number: "B3", County: "19", Status: emessage.CaseActive}}}, "cases[0].number"},
			{"the catalogue", &emessage.ImportData{Documents: []emessage.ImportDocument{{Code: "X1", Title: "X"}}}, "documents"},
			{"an account of a case elsewhere", &emessage.ImportData{Accounts: []emessage.ImportAccount{{Username: "ana", Email: "a@example.org"}}}, "ssp_accounts[0].username"},
			{"a record elsewhere", &emessage.ImportData{Messages: []emessage.ImportMessage{{ID: "L1", CaseNumber: "B3", PersonID: "P1",
				Direction: emessage.FromCustomer, Type: emessage.TypeMessage, Status: emessage.StatusReceived, Subject: "s", Body: "b",
				CreatedAt: fixture.T0}}}, "messages[0].case_number"},
		}
		for _, tt := range refused {
			_, err := r.Service.Sync(ctx, la, tt.data)
			if emessage.ErrorCode(err) != emessage.EForbidden || emessage.ErrorField(err) != tt.field {
				t.Errorf("%s: %v (field %q), want forbidden %s", tt.name, err, emessage.ErrorField(err), tt.field)
			}
		}
		after := testrig.RowCounts(t, r.URL)
		delete(after, "audit_log")
		if !maps.Equal(before, after) {
			t.Fatalf("a refused sync wrote:\n before %v\n after  %v", before, after)
		}
		// Its own county it may write; maria's account is LA's alone.
		res, err := r.Service.Sync(ctx, la, &emessage.ImportData{
			Accounts: []emessage.ImportAccount{{Username: "maria", Email: "maria@example.org", ENotification: true, Language: "en"}},
			Cases: []emessage.ImportCase{{Number: "B9", County: "19", Status: emessage.CaseActive,
				Programs: []emessage.ImportProgram{{Code: "CF", Worker: "jdoe"}}, Persons: []emessage.ImportPerson{{ID: "P1", Name: "New Person"}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Cases.Added != 1 || res.Accounts.Updated != 1 {
			t.Fatalf("sync = %+v", res)
		}
		// An unbound token may touch every county.
		_, all := r.MustSystem(t, "state", "")
		if _, err := r.Service.Sync(ctx, all, &emessage.ImportData{Counties: []emessage.ImportCounty{{Code: "37", Name: "San Diego County"}}}); err != nil {
			t.Fatal(err)
		}
		// A worker's session cannot sync.
		if _, err := r.Service.Sync(ctx, r.MustLogin(t, "root", fixture.Password), &emessage.ImportData{}); emessage.ErrorCode(err) != emessage.EForbidden {
			t.Fatalf("a worker syncing: %v", err)
		}
	})
}

// TestSyncMovesCaseload: a sync that gives a case's program to another
// worker moves the customer's open messages from one's counts to the other's.
func TestSyncMovesCaseload(t *testing.T) {
	r := testrig.New(t, fixture.World())
	ctx := context.Background()
	_, la := r.MustSystem(t, "la-cases", "19")
	maria := r.MustLogin(t, "maria", fixture.Password)
	if _, err := r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B4", Subject: "Hello", Body: "A question"}); err != nil {
		t.Fatal(err)
	}
	received := func(username string) int {
		c, err := r.Service.Home(ctx, r.MustLogin(t, username, fixture.Password))
		if err != nil {
			t.Fatal(err)
		}
		return c.Received
	}
	if j, a := received("jdoe"), received("asmith"); j != 1 || a != 0 {
		t.Fatalf("before: jdoe %d, asmith %d", j, a)
	}
	move := &emessage.ImportData{Cases: []emessage.ImportCase{{Number: "B4", County: "19", Status: emessage.CaseActive,
		Programs: []emessage.ImportProgram{{Code: "CW", Worker: "asmith"}}}}}
	res, err := r.Service.Sync(ctx, la, move)
	if err != nil || res.Cases.Updated != 1 {
		t.Fatalf("sync = %+v, %v", res, err)
	}
	if j, a := received("jdoe"), received("asmith"); j != 0 || a != 1 {
		t.Fatalf("after: jdoe %d, asmith %d", j, a)
	}
	if res, err := r.Service.Sync(ctx, la, move); err != nil || res != (emessage.ImportResult{}) {
		t.Fatalf("the same sync again = %+v, %v", res, err)
	}
}
