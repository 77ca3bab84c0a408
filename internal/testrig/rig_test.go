package testrig_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

func TestPasswords(t *testing.T) {
	var p testrig.Passwords
	h, err := p.Hash("pw")
	if err != nil || h != "plain:pw" {
		t.Fatalf("Hash = %q, %v", h, err)
	}
	if !p.Verify("plain:pw", "pw") || p.Verify("plain:pw", "px") || p.Verify("pw", "pw") {
		t.Fatal("Verify takes a wrong password or hash")
	}
}

func TestClock(t *testing.T) {
	c := testrig.NewClock(testrig.T0)
	c.Add(time.Hour)
	if got, want := c.Now(), testrig.T0.Add(time.Hour); !got.Equal(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	c.Set(testrig.T0)
	if !c.Now().Equal(testrig.T0) {
		t.Fatal("Set did not set")
	}
}

func TestPDF(t *testing.T) {
	if pdf := testrig.PDF("Paystub"); !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("Paystub")) {
		t.Fatalf("not a PDF of the title: %q", pdf)
	}
}

// TestRig: the service over the store signs in with the fixture's plain
// hashes, reads the rig's clock, and the store's schema can be read.
func TestRig(t *testing.T) {
	testrig.ForEachDB(t, func() *emessage.ImportData {
		return &emessage.ImportData{
			Counties: []emessage.ImportCounty{{Code: "19", Name: "Los Angeles", TwoWay: true}},
			Workers: []emessage.ImportWorker{{Username: "jdoe", Name: "Jane Doe", County: "19",
				Rights: []string{emessage.RightView}, PasswordHash: "plain:pw"}},
		}
	}, func(t *testing.T, r *testrig.Rig) {
		if a := r.MustLogin(t, "jdoe", "pw"); a.Username != "jdoe" {
			t.Fatalf("signed in as %+v", a)
		}
		if !r.Service.Now().Equal(testrig.T0) {
			t.Fatalf("service time %v, want the rig's clock", r.Service.Now())
		}
		tables := testrig.Tables(t, r.URL)
		if len(tables["workers"]) == 0 || tables["workers"][0] != "id" {
			t.Fatalf("workers columns: %v", tables["workers"])
		}
		if n := testrig.RowCounts(t, r.URL)["workers"]; n != 1 {
			t.Fatalf("%d workers, want 1", n)
		}
	})
}

func TestClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/v1/login":
			w.Write([]byte(`{"token":"tok"}`))
		case r.Header.Get("Authorization") != "Bearer tok":
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"code":"unauthorized","message":"Sign in.","field":"token"}}`))
		default:
			w.Write([]byte(`{"role":"worker"}`))
		}
	}))
	defer srv.Close()
	c := testrig.MustLogin(t, srv.URL, "jdoe", "pw")
	if got := c.Do("GET", "/api/v1/home", nil).Want(t, 200).Str("role"); got != "worker" {
		t.Fatalf("role %q", got)
	}
	r := testrig.NewClient(t, srv.URL, "").Do("GET", "/api/v1/home", nil).Want(t, 401, "unauthorized")
	if got, want := r.Err(), (testrig.APIError{Code: "unauthorized", Message: "Sign in.", Field: "token"}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	var v struct{ Error testrig.APIError }
	r.MustDecode(t, &v)
	if v.Error.Code != "unauthorized" {
		t.Fatalf("decoded %+v", v)
	}
}
