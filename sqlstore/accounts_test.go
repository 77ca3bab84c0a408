package sqlstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/county/emessage"
)

func TestSessions(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		jdoe, _ := s.WorkerByUsername(ctx, "jdoe")
		root, _ := s.WorkerByUsername(ctx, "root")
		maria, _ := s.AccountByUsername(ctx, "maria")
		for _, sess := range []emessage.Session{
			{TokenHash: "w", Role: emessage.RoleWorker, UserID: jdoe.ID},
			{TokenHash: "a", Role: emessage.RoleAdmin, UserID: root.ID},
			{TokenHash: "c", Role: emessage.RoleSSP, UserID: maria.ID},
			{TokenHash: "x", Role: emessage.RoleSSP, UserID: jdoe.ID + 1000},
		} {
			sess.CreatedAt, sess.ExpiresAt = t0, t0.Add(time.Hour)
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		now := t0.Add(time.Minute)
		a, sess, err := s.SessionActor(ctx, "w", now)
		if err != nil || !sess.LastSeen.Equal(t0) || !sess.ExpiresAt.Equal(t0.Add(time.Hour)) || sess.UserID != jdoe.ID {
			t.Fatalf("session = %+v, %v", sess, err)
		}
		if err := s.TouchSession(ctx, "w", now); err != nil {
			t.Fatal(err)
		}
		if err := s.TouchSession(ctx, "w", t0); err != nil { // never backwards
			t.Fatal(err)
		}
		if _, sess, _ := s.SessionActor(ctx, "w", now); !sess.LastSeen.Equal(now) {
			t.Fatalf("last seen after touch = %v, want %v", sess.LastSeen, now)
		}
		if err != nil || a.Role != emessage.RoleWorker || a.ID != jdoe.ID || a.Name != "Jane Doe" || a.County != "19" ||
			!a.Can(emessage.RightSend) {
			t.Fatalf("worker actor = %+v, %v", a, err)
		}
		if a, _, _ := s.SessionActor(ctx, "a", now); a.Role != emessage.RoleAdmin || a.Username != "root" {
			t.Fatalf("admin actor = %+v", a)
		}
		a, _, err = s.SessionActor(ctx, "c", now)
		if err != nil || a.Role != emessage.RoleSSP || a.ID != maria.ID || a.Username != "maria" || a.Language != "es" {
			t.Fatalf("customer actor = %+v, %v", a, err)
		}
		for name, tc := range map[string]struct {
			token string
			at    time.Time
		}{
			"missing": {"nope", now}, "expired": {"w", t0.Add(time.Hour)}, "no such user": {"x", now},
		} {
			_, _, err := s.SessionActor(ctx, tc.token, tc.at)
			if emessage.ErrorCode(err) != emessage.ENotFound {
				t.Errorf("%s: error = %v, want not_found", name, err)
			}
		}
		mustExec(t, s, `UPDATE workers SET disabled = TRUE WHERE id = $1`, jdoe.ID)
		_, _, err = s.SessionActor(ctx, "w", now)
		wantCode(t, err, emessage.ENotFound)
		if err := s.DeleteSession(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.SessionActor(ctx, "c", now)
		wantCode(t, err, emessage.ENotFound)
		// A new sign-in clears the expired ones.
		err = s.CreateSession(ctx, emessage.Session{TokenHash: "n", Role: emessage.RoleSSP, UserID: maria.ID,
			CreatedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if n := tableCounts(t, s)["sessions"]; n != 1 {
			t.Fatalf("%d sessions left, want 1", n)
		}
		err = s.CreateSession(ctx, emessage.Session{TokenHash: "n", Role: emessage.RoleSSP, UserID: maria.ID,
			CreatedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour)})
		wantCode(t, err, emessage.EConflict)
	})
}

func TestAccounts(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		w, err := s.WorkerByUsername(ctx, "jdoe")
		if err != nil || w.Name != "Jane Doe" || len(w.Rights) != 2 || w.Disabled || w.PasswordHash == "" {
			t.Fatalf("worker = %+v, %v", w, err)
		}
		_, err = s.WorkerByUsername(ctx, "maria")
		wantCode(t, err, emessage.ENotFound)
		a, err := s.AccountByUsername(ctx, "maria")
		if err != nil || a.Email != "maria@example.org" || !a.ENotification || a.Language != "es" {
			t.Fatalf("account = %+v, %v", a, err)
		}
		a.Email, a.ENotification, a.Language = "m@example.org", false, "en"
		audit := emessage.AuditEntry{At: t0, ActorKind: "ssp", ActorID: a.ID, Actor: "maria", Action: "account.update", ObjectType: "account", ObjectID: "maria"}
		if err := s.UpdateAccount(ctx, a, audit); err != nil {
			t.Fatal(err)
		}
		got, err := s.Account(ctx, a.ID)
		if err != nil || *got != *a {
			t.Fatalf("account after update = %+v, %v; want %+v", got, err, a)
		}
		if trail, _ := s.AuditTrail(ctx, "account", "maria"); len(trail) != 1 || trail[0] != audit {
			t.Fatalf("audit trail = %+v", trail)
		}
		_, err = s.Account(ctx, 999)
		wantCode(t, err, emessage.ENotFound)
		a.ID = 999
		wantCode(t, s.UpdateAccount(ctx, a, audit), emessage.ENotFound)

		persons, err := s.AccountPersons(ctx, got.ID)
		if err != nil || len(persons) != 2 || persons[0].CaseNumber != "B1" || persons[1].CaseNumber != "B4" ||
			persons[0].Person.PersonID != "P1" || persons[0].County.Name != "Los Angeles" || !persons[0].County.TwoWay ||
			persons[0].CaseStatus != emessage.CaseActive || persons[0].Person.AccountID != got.ID {
			t.Fatalf("account persons = %+v, %v", persons, err)
		}
	})
}

func TestCasesAndDocuments(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		c, err := s.Case(ctx, "B1")
		if err != nil || c.County != "19" || len(c.Programs) != 2 || c.Programs[1].WorkerName != "Al Smith" ||
			len(c.Persons) != 2 || c.Persons[1].Linked() || !c.Persons[0].Linked() {
			t.Fatalf("case = %+v, %v", c, err)
		}
		_, err = s.Case(ctx, "B404")
		wantCode(t, err, emessage.ENotFound)
		county, err := s.County(ctx, "37")
		if err != nil || county.TwoWay || county.ResponseBusinessDays != emessage.DefaultResponseBusinessDays {
			t.Fatalf("county = %+v, %v", county, err)
		}
		_, err = s.County(ctx, "00")
		wantCode(t, err, emessage.ENotFound)
		d, err := s.Document(ctx, "CW2200", false)
		if err != nil || d.PDF != nil || !d.SSPSendable {
			t.Fatalf("document = %+v, %v", d, err)
		}
		if d, _ := s.Document(ctx, "CW2200", true); string(d.PDF) != "%PDF-1.4\n%%EOF" {
			t.Fatalf("pdf = %q", d.PDF)
		}
		_, err = s.Document(ctx, "X", true)
		wantCode(t, err, emessage.ENotFound)
		docs, err := s.SendableDocuments(ctx)
		if err != nil || len(docs) != 1 || docs[0].Code != "CW2200" {
			t.Fatalf("sendable = %+v, %v", docs, err)
		}
	})
}

// TestWorkersByUsernameFold: A-Z match in either case, on both databases
// alike; other letters only as they are.
func TestWorkersByUsernameFold(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustExec(t, s, `UPDATE workers SET username = 'Ábel.Smith' WHERE username = 'asmith'`)
		for _, c := range []struct {
			username string
			want     []string
		}{
			{"JDOE", []string{"jdoe"}},
			{"jDoe", []string{"jdoe"}},
			{"ábel.SMITH", nil},
			{"Ábel.SMITH", []string{"Ábel.Smith"}},
			{"j_oe", nil},
			{"nobody", nil},
		} {
			ws, err := s.WorkersByUsernameFold(ctx, c.username)
			var got []string
			for _, w := range ws {
				got = append(got, w.Username)
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s: %q, %v; want %q", c.username, got, err, c.want)
			}
		}
	})
}
