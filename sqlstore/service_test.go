package sqlstore

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
)

// plainPasswords stands in for argon2id: the service flow is what is tested here.
type plainPasswords struct{}

func (plainPasswords) Hash(p string) (string, error) { return "plain:" + p, nil }
func (plainPasswords) Verify(h, p string) bool       { return h == "plain:"+p }

// memFiles keeps uploads in memory.
type memFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (f *memFiles) Put(_ context.Context, data []byte) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name := "f" + strconv.Itoa(len(f.files))
	f.files[name] = data
	return name, nil
}

func (f *memFiles) Open(_ context.Context, name string) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return io.NopCloser(bytes.NewReader(f.files[name])), nil
}

func (f *memFiles) Delete(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, name)
	return nil
}

// TestServiceFlow drives the domain service on the real store: import,
// sign-in, send an action, the customer's upload, the worker's review and close.
func TestServiceFlow(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		svc := emessage.NewService(s, &memFiles{files: map[string][]byte{}}, plainPasswords{})
		var clock sync.Mutex
		now := t0
		svc.Now = func() time.Time {
			clock.Lock()
			defer clock.Unlock()
			now = now.Add(time.Second)
			return now
		}
		data := testData()
		for i := range data.Workers {
			data.Workers[i].Password = "pw"
		}
		for i := range data.Accounts {
			data.Accounts[i].Password = "pw"
		}
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		_, worker, err := svc.Login(ctx, "jdoe", "pw")
		if err != nil {
			t.Fatal(err)
		}
		token, customer, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		if a, err := svc.Authenticate(ctx, token); err != nil || a.ID != customer.ID {
			t.Fatalf("Authenticate = %+v, %v", a, err)
		}
		action, err := svc.SendMessage(ctx, worker, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please upload."})
		if err != nil {
			t.Fatal(err)
		}
		if pending, _, _ := s.NotificationCounts(ctx); pending != 1 {
			t.Fatalf("%d notifications pending, want 1", pending)
		}
		inbox, err := svc.CustomerMessages(ctx, customer, 10, "")
		if err != nil || len(inbox.Messages) != 1 || inbox.Messages[0].ID != action.ID {
			t.Fatalf("inbox = %+v, %v", inbox, err)
		}
		pdf := demo.PDF("Paystub")
		if _, _, err := svc.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{{Name: "a.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		home, err := svc.Home(ctx, worker)
		if err != nil || home.ActionCompleted != 1 {
			t.Fatalf("home = %+v, %v", home, err)
		}
		d, err := svc.MessageDetail(ctx, worker, action.ID)
		if err != nil || d.Message.Status != emessage.StatusActionCompleted || len(d.Uploads) != 1 || len(d.History) != 2 {
			t.Fatalf("detail = %+v, %v", d, err)
		}
		closed, err := svc.SetStatus(ctx, worker, action.ID, emessage.StatusActionClosed)
		if err != nil || closed.Status != emessage.StatusActionClosed {
			t.Fatalf("close = %+v, %v", closed, err)
		}
		_, err = svc.SetStatus(ctx, worker, action.ID, emessage.StatusActionClosed)
		wantCode(t, err, emessage.EInvalidTransition)

		question, err := svc.CustomerSend(ctx, customer, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Card", Body: "Where is it?"})
		if err != nil {
			t.Fatal(err)
		}
		answered, err := svc.Reply(ctx, worker, question.ID, "In the mail.")
		if err != nil || answered.Status != emessage.StatusReplied {
			t.Fatalf("reply = %+v, %v", answered, err)
		}
		thread, _ := s.Thread(ctx, question.ThreadID)
		if len(thread) != 2 || thread[1].InReplyTo != question.ID {
			t.Fatalf("thread = %+v", thread)
		}
		page, err := svc.SearchMessages(ctx, worker, emessage.SearchFilter{Limit: 2})
		if err != nil || len(page.Messages) != 2 || page.NextCursor == "" {
			t.Fatalf("search = %+v, %v", page, err)
		}
		next, err := svc.SearchMessages(ctx, worker, emessage.SearchFilter{Limit: 2, Cursor: page.NextCursor})
		if err != nil || len(next.Messages) != 1 || next.NextCursor != "" {
			t.Fatalf("second page = %+v, %v", next, err)
		}
		// Importing the same file again keeps every hash and row.
		before := tableCounts(t, s)
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		after := tableCounts(t, s)
		before["audit_log"], after["audit_log"] = 0, 0
		for k, v := range before {
			if after[k] != v {
				t.Errorf("table %s: %d rows before the second import, %d after", k, v, after[k])
			}
		}
	})
}

// mustClockedService is the service on s with the test data imported (every
// password "pw") and its clock at *now.
func mustClockedService(t *testing.T, s *Store, now *time.Time) *emessage.Service {
	t.Helper()
	svc := emessage.NewService(s, &memFiles{files: map[string][]byte{}}, plainPasswords{})
	svc.Now = func() time.Time { return *now }
	data := testData()
	for i := range data.Workers {
		data.Workers[i].Password = "pw"
	}
	for i := range data.Accounts {
		data.Accounts[i].Password = "pw"
	}
	if _, err := svc.Import(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestSessionTimeouts: a sign-in ends after IdleTimeout without activity,
// lives on while used, and ends at its absolute lifetime however used.
func TestSessionTimeouts(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := t0
		svc := mustClockedService(t, s, &now)
		login := func() string {
			token, _, err := svc.Login(ctx, "jdoe", "pw")
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		idle := login()
		active := login()
		// Used every 20 minutes for 11 hours: still signed in.
		for range 33 {
			now = now.Add(20 * time.Minute)
			if _, err := svc.Authenticate(ctx, active); err != nil {
				t.Fatalf("active session ended at %v: %v", now.Sub(t0), err)
			}
		}
		if _, err := svc.Authenticate(ctx, idle); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("idle session after 11 hours: %v, want unauthorized", err)
		}
		// The absolute end: 12 hours after sign-in, however active.
		now = t0.Add(12*time.Hour + time.Second)
		if _, err := svc.Authenticate(ctx, active); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("session past its absolute end: %v, want unauthorized", err)
		}
		// Just inside the idle timeout is fine; just past it is not.
		fresh := login()
		now = now.Add(svc.IdleTimeout - time.Second)
		if _, err := svc.Authenticate(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		now = now.Add(svc.IdleTimeout + time.Second)
		if _, err := svc.Authenticate(ctx, fresh); emessage.ErrorCode(err) != emessage.EUnauthorized {
			t.Fatalf("after the idle timeout: %v", err)
		}
	})
}

// TestEmailChangeReauth: changing the email address needs the password,
// except within a few minutes of signing in.
func TestEmailChangeReauth(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := t0
		svc := mustClockedService(t, s, &now)
		token, _, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		str := func(v string) *string { return &v }
		change := func(email string, password *string) error {
			a, err := svc.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.UpdateCustomerAccount(ctx, a, emessage.AccountSettings{Email: &email, Password: password})
			return err
		}
		now = now.Add(time.Minute)
		if err := change("maria.new@example.org", nil); err != nil {
			t.Fatalf("right after sign-in: %v", err)
		}
		now = now.Add(emessage.ReauthWindow)
		wantCode(t, change("eve@example.org", nil), emessage.EReauth)
		wantCode(t, change("eve@example.org", str("wrong")), emessage.EReauth)
		if err := change("maria.other@example.org", str("pw")); err != nil {
			t.Fatalf("with the password: %v", err)
		}
		a, _ := svc.Authenticate(ctx, token)
		if acct, err := svc.UpdateCustomerAccount(ctx, a, emessage.AccountSettings{Language: str("en")}); err != nil || acct.Email != "maria.other@example.org" {
			t.Fatalf("other settings need no password: %+v %v", acct, err)
		}
	})
}

// TestDisablingEndsSessions: an import that disables a worker or an account
// ends their sessions at once and refuses their sign-ins.
func TestDisablingEndsSessions(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := t0
		svc := mustClockedService(t, s, &now)
		worker, _, err := svc.Login(ctx, "jdoe", "pw")
		if err != nil {
			t.Fatal(err)
		}
		customer, _, err := svc.Login(ctx, "maria", "pw")
		if err != nil {
			t.Fatal(err)
		}
		data := testData()
		for i := range data.Workers {
			data.Workers[i].Password, data.Workers[i].Disabled = "pw", data.Workers[i].Username == "jdoe"
		}
		for i := range data.Accounts {
			data.Accounts[i].Password, data.Accounts[i].Disabled = "pw", data.Accounts[i].Username == "maria"
		}
		if _, err := svc.Import(ctx, data); err != nil {
			t.Fatal(err)
		}
		for _, token := range []string{worker, customer} {
			if _, err := svc.Authenticate(ctx, token); emessage.ErrorCode(err) != emessage.EUnauthorized {
				t.Fatalf("a disabled user's session still works: %v", err)
			}
		}
		for _, u := range []string{"jdoe", "maria"} {
			if _, _, err := svc.Login(ctx, u, "pw"); emessage.ErrorCode(err) != emessage.EInvalidCredentials {
				t.Fatalf("a disabled user signs in: %v", err)
			}
		}
	})
}
