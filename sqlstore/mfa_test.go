package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig/fixture"
)

// testTOTPSecret is the RFC 6238 test key "12345678901234567890" in base32.
const testTOTPSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// mustEnableTOTP gives a worker testTOTPSecret, last step and recovery code hashes.
func mustEnableTOTP(tb testing.TB, s *Store, username string, step int64, hashes ...string) *emessage.Worker {
	tb.Helper()
	ctx := context.Background()
	w, err := s.WorkerByUsername(ctx, username)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.SetPendingTOTP(ctx, w.ID, testTOTPSecret, t0); err != nil {
		tb.Fatal(err)
	}
	audit := emessage.AuditEntry{At: t0, ActorKind: "worker", ActorID: w.ID, Actor: username, Action: "mfa.enrol", ObjectType: "worker", ObjectID: username}
	if err := s.EnableTOTP(ctx, w.ID, "", testTOTPSecret, step, hashes, audit); err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestMFAStore: the second factor's rows on each database: a secret kept
// aside until confirmed, steps and recovery codes taken once, half-done
// sign-ins that end, and the session's actor knowing about the app.
func TestMFAStore(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		jdoe, err := s.WorkerByUsername(ctx, "jdoe")
		if err != nil || jdoe.TOTPSecret != "" || jdoe.TOTPPending != "" || jdoe.TOTPLastStep != 0 {
			t.Fatalf("new worker = %+v, %v", jdoe, err)
		}
		if w, err := s.Worker(ctx, jdoe.ID); err != nil || w.Username != "jdoe" {
			t.Fatalf("Worker(id) = %+v, %v", w, err)
		}
		_, err = s.Worker(ctx, 999)
		wantCode(t, err, emessage.ENotFound)

		// Pending until confirmed; a confirmation of another secret is refused.
		wantCode(t, s.SetPendingTOTP(ctx, 999, "X", t0), emessage.ENotFound)
		if err := s.SetPendingTOTP(ctx, jdoe.ID, "PENDING", t0); err != nil {
			t.Fatal(err)
		}
		if w, _ := s.Worker(ctx, jdoe.ID); w.TOTPPending != "PENDING" || !w.TOTPPendingAt.Equal(t0) || w.TOTPSecret != "" {
			t.Fatalf("pending = %+v", w)
		}
		enrol := emessage.AuditEntry{At: t0, ActorKind: "worker", ActorID: jdoe.ID, Actor: "jdoe", Action: "mfa.enrol", ObjectType: "worker", ObjectID: "jdoe"}
		wantCode(t, s.EnableTOTP(ctx, jdoe.ID, "", "OTHER", 5, []string{"a"}, enrol), emessage.EConflict)
		if err := s.EnableTOTP(ctx, jdoe.ID, "", "PENDING", 5, []string{"a", "b", "c"}, enrol); err != nil {
			t.Fatal(err)
		}
		w, _ := s.Worker(ctx, jdoe.ID)
		if w.TOTPSecret != "PENDING" || w.TOTPPending != "" || !w.TOTPPendingAt.IsZero() || w.TOTPLastStep != 5 {
			t.Fatalf("enabled = %+v", w)
		}
		wantCode(t, s.EnableTOTP(ctx, jdoe.ID, "", "PENDING", 6, nil, enrol), emessage.EConflict) // nothing pending now
		if trail, _ := s.AuditTrail(ctx, "worker", "jdoe"); len(trail) != 1 || trail[0] != enrol {
			t.Fatalf("audit = %+v", trail)
		}

		// Each step once, and never an older one.
		for _, tc := range []struct {
			step int64
			want bool
		}{{5, false}, {4, false}, {6, true}, {6, false}, {8, true}, {7, false}} {
			if ok, err := s.UseTOTPStep(ctx, jdoe.ID, tc.step); err != nil || ok != tc.want {
				t.Fatalf("UseTOTPStep(%d) = %v, %v; want %v", tc.step, ok, err, tc.want)
			}
		}
		asmith, _ := s.WorkerByUsername(ctx, "asmith")
		if ok, _ := s.UseTOTPStep(ctx, asmith.ID, 100); ok {
			t.Fatal("a step was taken for a worker without an app")
		}

		// Recovery codes: each once, and only the worker's own.
		if n, _ := s.RecoveryCodesLeft(ctx, jdoe.ID); n != 3 {
			t.Fatalf("%d codes left, want 3", n)
		}
		for _, tc := range []struct {
			worker int64
			hash   string
			want   bool
		}{{asmith.ID, "a", false}, {jdoe.ID, "a", true}, {jdoe.ID, "a", false}, {jdoe.ID, "z", false}} {
			if ok, err := s.UseRecoveryCode(ctx, tc.worker, tc.hash, t0); err != nil || ok != tc.want {
				t.Fatalf("UseRecoveryCode(%d, %q) = %v, %v; want %v", tc.worker, tc.hash, ok, err, tc.want)
			}
		}
		if n, _ := s.RecoveryCodesLeft(ctx, jdoe.ID); n != 2 {
			t.Fatalf("%d codes left, want 2", n)
		}
		fresh := emessage.AuditEntry{At: t0, ActorKind: "worker", ActorID: jdoe.ID, Actor: "jdoe", Action: "mfa.recovery_codes", ObjectType: "worker", ObjectID: "jdoe"}
		if err := s.ReplaceRecoveryCodes(ctx, jdoe.ID, []string{"a", "d"}, fresh); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.UseRecoveryCode(ctx, jdoe.ID, "a", t0); !ok {
			t.Fatal("a new code whose hash was used before is refused")
		}
		if ok, _ := s.UseRecoveryCode(ctx, jdoe.ID, "b", t0); ok {
			t.Fatal("a replaced code still works")
		}

		// The session's actor says whether the worker has an app.
		for _, sess := range []emessage.Session{
			{TokenHash: "j", Role: emessage.RoleWorker, UserID: jdoe.ID},
			{TokenHash: "s", Role: emessage.RoleWorker, UserID: asmith.ID},
		} {
			sess.CreatedAt, sess.ExpiresAt = t0, t0.Add(time.Hour)
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		if a, _, _ := s.SessionActor(ctx, "j", t0); !a.TOTP {
			t.Fatalf("actor of a worker with an app = %+v", a)
		}
		if a, _, _ := s.SessionActor(ctx, "s", t0); a.TOTP {
			t.Fatalf("actor of a worker without = %+v", a)
		}

		// Half-done sign-ins end, and are no sessions.
		ch := emessage.MFAChallenge{TokenHash: "p", WorkerID: jdoe.ID, CreatedAt: t0, ExpiresAt: t0.Add(5 * time.Minute)}
		if err := s.CreateMFAChallenge(ctx, ch); err != nil {
			t.Fatal(err)
		}
		if got, err := s.MFAChallenge(ctx, "p", t0.Add(time.Minute)); err != nil || got != ch {
			t.Fatalf("challenge = %+v, %v; want %+v", got, err, ch)
		}
		_, err = s.MFAChallenge(ctx, "p", t0.Add(5*time.Minute))
		wantCode(t, err, emessage.ENotFound)
		_, _, err = s.SessionActor(ctx, "p", t0)
		wantCode(t, err, emessage.ENotFound)
		later := emessage.MFAChallenge{TokenHash: "q", WorkerID: jdoe.ID, CreatedAt: t0.Add(time.Hour), ExpiresAt: t0.Add(time.Hour + 5*time.Minute)}
		if err := s.CreateMFAChallenge(ctx, later); err != nil {
			t.Fatal(err)
		}
		if n := tableCounts(t, s)["mfa_challenges"]; n != 1 {
			t.Fatalf("%d half-done sign-ins, want 1 (the expired one dropped)", n)
		}
		if err := s.DeleteMFAChallenge(ctx, "q"); err != nil {
			t.Fatal(err)
		}
		_, err = s.MFAChallenge(ctx, "q", t0.Add(time.Hour))
		wantCode(t, err, emessage.ENotFound)

		// Turning the app off forgets the secret, the codes and the waiting sign-ins.
		if err := s.CreateMFAChallenge(ctx, later); err != nil {
			t.Fatal(err)
		}
		off := emessage.AuditEntry{At: t0, ActorKind: "worker", ActorID: jdoe.ID, Actor: "jdoe", Action: "mfa.disable", ObjectType: "worker", ObjectID: "jdoe"}
		if err := s.DisableTOTP(ctx, jdoe.ID, off); err != nil {
			t.Fatal(err)
		}
		w, _ = s.Worker(ctx, jdoe.ID)
		counts := tableCounts(t, s)
		if w.TOTPSecret != "" || counts["recovery_codes"] != 0 || counts["mfa_challenges"] != 0 {
			t.Fatalf("after disable: %+v, %v", w, counts)
		}
		wantCode(t, s.DisableTOTP(ctx, 999, off), emessage.ENotFound)

		// A second import of the workers keeps their app.
		mustEnableTOTP(t, s, "asmith", 9)
		mustImport(t, s, fixture.World())
		if w, _ := s.WorkerByUsername(ctx, "asmith"); w.TOTPSecret != testTOTPSecret || w.TOTPLastStep != 9 {
			t.Fatalf("after a new import: %+v", w)
		}
	})
}
