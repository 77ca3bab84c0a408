package emessage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestSignInNoLockoutFromOutside: behind the county's proxy everyone may
// share one address. Made-up usernames from it slow down its wrong
// passwords, not maria's right one; and failures for jdoe from one address
// do not keep jdoe out from another.
func TestSignInNoLockoutFromOutside(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		shared := emessage.WithClientAddr(context.Background(), "203.0.113.7")
		for i := range emessage.FreeLoginsPerAddr + 6 {
			_, _, err := r.Service.Login(shared, fmt.Sprintf("made-up-%d", i), "guess")
			if c := emessage.ErrorCode(err); c != emessage.EInvalidCredentials && c != emessage.ETooManyRequests {
				t.Fatalf("made-up login %d: %v", i, err)
			}
		}
		if _, _, err := r.Service.Login(shared, "maria", "wrong"); emessage.ErrorCode(err) != emessage.ETooManyRequests {
			t.Fatalf("a wrong password from the sprayed address: %v, want too_many_requests", err)
		}
		if _, a, err := r.Service.Login(shared, "maria", fixture.Password); err != nil || a.Username != "maria" {
			t.Fatalf("maria's right password from the shared address: %v", err)
		}

		attacker := emessage.WithClientAddr(context.Background(), "198.51.100.66")
		for range emessage.FreeLoginsPerUser + 3 {
			r.Service.Login(attacker, "jdoe", "guess")
		}
		if _, _, err := r.Service.Login(attacker, "jdoe", fixture.Password); emessage.ErrorCode(err) != emessage.ETooManyRequests {
			t.Fatalf("the attacker's address, even with the right password: %v, want too_many_requests", err)
		}
		office := emessage.WithClientAddr(context.Background(), "10.20.0.5")
		if _, a, err := r.Service.Login(office, "jdoe", fixture.Password); err != nil || a.Username != "jdoe" {
			t.Fatalf("jdoe from the office while an attacker fails from outside: %v", err)
		}
	})
}

// TestSignInAuditBounded: a refused sign-in writes one audit row, with the
// username cut to MaxUsername bytes, however long the username typed.
func TestSignInAuditBounded(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := emessage.WithClientAddr(context.Background(), "203.0.113.8")
		huge := strings.Repeat("é", 30_000) // 60,000 bytes
		before := testrig.RowCounts(t, r.URL)["audit_log"]
		if _, _, err := r.Service.Login(ctx, huge, "pw"); emessage.ErrorCode(err) != emessage.EInvalidCredentials {
			t.Fatalf("a 60,000-byte username: %v, want invalid_credentials", err)
		}
		if n := testrig.RowCounts(t, r.URL)["audit_log"] - before; n != 1 {
			t.Fatalf("%d audit rows for one refused sign-in, want 1", n)
		}
		cut := strings.Repeat("é", emessage.MaxUsername/2) + "…"
		trail, err := r.Store.AuditTrail(context.Background(), "login", cut)
		if err != nil || len(trail) != 1 || trail[0].Action != "login.failed" || trail[0].Detail != "203.0.113.8" {
			t.Fatalf("the audit of the refusal = %+v, %v; want one login.failed for the cut username", trail, err)
		}
		if _, _, err := r.Service.Login(ctx, "jdoe", strings.Repeat("x", 100_000)); emessage.ErrorCode(err) != emessage.EInvalidCredentials {
			t.Fatalf("a 100,000-byte password: %v", err)
		}
	})
}
