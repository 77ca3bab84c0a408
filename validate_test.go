package emessage

import (
	"strings"
	"testing"
	"time"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name, subject, body string
		field               string // "" when valid
	}{
		{"ok", "Hello", "Body", ""},
		{"empty subject", "  ", "Body", "subject"},
		{"empty body", "Hello", "\n\t", "body"},
		{"subject 100", strings.Repeat("a", 100), "b", ""},
		{"subject 101", strings.Repeat("a", 101), "b", "subject"},
		{"body 4000 accented", "s", strings.Repeat("é", 4000), ""},
		{"body 4001", "s", strings.Repeat("a", 4001), "body"},
		{"body 4000 emoji", "s", strings.Repeat("😀", 4000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckText(tt.subject, tt.body)
			if got := ErrorField(err); got != tt.field {
				t.Fatalf("field = %q (%v), want %q", got, err, tt.field)
			}
			if tt.field != "" && ErrorCode(err) != EInvalid {
				t.Fatalf("code = %q", ErrorCode(err))
			}
		})
	}
	if msg := ErrorMessage(CheckBody(strings.Repeat("a", 4001))); !strings.Contains(msg, "4000") {
		t.Errorf("message does not name the limit: %q", msg)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), ID: "LEGACY|1"}
	got, err := DecodeCursor(EncodeCursor(c))
	if err != nil || !got.CreatedAt.Equal(c.CreatedAt) || got.ID != c.ID {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	for _, bad := range []string{"!!", "bm9waXBl", ""} {
		if _, err := DecodeCursor(bad); ErrorField(err) != "cursor" {
			t.Errorf("DecodeCursor(%q) = %v", bad, err)
		}
	}
}

func TestNewMessageIDSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	a, b := NewMessageID(t0), NewMessageID(t0.Add(time.Millisecond))
	if len(a) != 26 || a >= b {
		t.Fatalf("ids %q, %q", a, b)
	}
	if NewMessageID(t0) == NewMessageID(t0) {
		t.Fatal("ids repeat")
	}
}

func TestParseImportErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"syntax", "{\n\"counties\": [\n{\"code\": }\n]}", "line 3"},
		{"unknown field", `{"countys": []}`, "countys"},
		{"type", `{"counties": [{"code": 19}]}`, "counties[0].code must be string"},
		{"nested type", `{"cases": [{"number": "B1"}, {"number": "B2", "programs": [{"code": 7}]}]}`, "cases[1].programs[0].code must be string"},
		{"missing name", `{"counties": [{"code": "19"}]}`, "counties[0]"},
		{"bad status", `{"cases": [{"number": "B1", "county": "19", "status": "closed"}]}`, "cases[0].status"},
		{"long body", `{"messages": [{"id": "L1", "case_number": "B1", "person_id": "P1", "direction": "to_customer", "type": "message", "subject": "s", "body": "` + strings.Repeat("x", 4001) + `", "status": "sent", "created_at": "2026-11-02T15:04:05Z"}]}`, "messages[0].body"},
		{"status for direction", `{"messages": [{"id": "L1", "case_number": "B1", "person_id": "P1", "direction": "to_customer", "type": "message", "subject": "s", "body": "b", "status": "received", "created_at": "2026-11-02T15:04:05Z"}]}`, "messages[0].status"},
		{"language", `{"ssp_accounts": [{"username": "m", "password": "Tall-Maple-Tree-9", "language": "fr"}]}`, "ssp_accounts[0].language"},
		{"short password", `{"ssp_accounts": [{"username": "m", "password": "Abc-12"}]}`, "ssp_accounts[0].password"},
		{"common password", `{"ssp_accounts": [{"username": "m", "password": "Password123"}]}`, "most used"},
		{"holiday not a date", `{"counties": [{"code": "19", "name": "LA", "holidays": ["2026-12-25", "2026-13-01"]}]}`, `counties[0].holidays[1]: "2026-13-01" is not a date`},
		{"holidays not a list", `{"counties": [{"code": "19", "name": "LA", "holidays": "2026-12-25"}]}`, "counties[0].holidays must be []string"},
		{"no action due days", `{"counties": [{"code": "19", "name": "LA", "action_due_days": 0}]}`, "counties[0].action_due_days must be from 1 to 365"},
		{"too many action due days", `{"counties": [{"code": "19", "name": "LA", "action_due_days": 366}]}`, "counties[0].action_due_days must be from 1 to 365"},
		{"template body too long", `{"counties": [{"code": "19", "name": "LA", "templates": [{"code": "A", "language": "en", "title": "T", "body": "` + strings.Repeat("x", 4001) + `"}]}]}`, "counties[0].templates[0].body has 4001 characters, over the limit of 4000"},
		{"template language", `{"counties": [{"code": "19", "name": "LA", "templates": [{"code": "A", "language": "fr", "title": "T", "body": "B"}]}]}`, "counties[0].templates[0].language must be one of en, es"},
		{"template code", `{"counties": [{"code": "19", "name": "LA", "templates": [{"language": "en", "title": "T", "body": "B"}]}]}`, "counties[0].templates[0].code"},
		{"template title", `{"counties": [{"code": "19", "name": "LA", "templates": [{"code": "A", "language": "en", "body": "B"}]}]}`, "counties[0].templates[0].title must have 1 to 100 characters"},
		{"template twice", `{"counties": [{"code": "19", "name": "LA", "templates": [{"code": "A", "language": "en", "title": "T", "body": "B"}, {"code": "A", "language": "en", "title": "U", "body": "C"}]}]}`, "counties[0].templates[1]: counties[0] has two templates A in en"},
		{"password with the username", `{"workers": [{"username": "jdoe", "name": "J", "county": "19", "password": "jdoe-2026-x!"}]}`, "workers[0].password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseImport([]byte(tt.doc))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not name %q", err, tt.want)
			}
		})
	}
	data, err := ParseImport([]byte(`{"ssp_accounts": [{"username": "m", "password": "Tall-Maple-Tree-9"}]}`))
	if err != nil || data.Accounts[0].Language != "en" {
		t.Fatalf("default language: %v %+v", err, data)
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		username, password string
		ok                 bool
	}{
		{"maria", "Tall-Maple-Tree-9", true},
		{"maria", "short7!", false},
		{"maria", strings.Repeat("long passphrase ", 8), true},
		{"maria", strings.Repeat("x", MaxPassword+1), false},
		{"maria", "password1", false},
		{"maria", "QWERTYUIOP", false},
		{"maria", "iloveyou2", false},
		{"maria", "Maria-2026-Spring", false},
		{"al", "al-is-fine-here", true},
	}
	for _, tt := range tests {
		err := CheckPassword(tt.username, tt.password)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%q, %q) = %v, want ok %v", tt.username, tt.password, err, tt.ok)
		}
	}
	if n := len(common); n < 10_000 {
		t.Fatalf("the common password list holds %d passwords", n)
	}
}

// TestCheckTextRefusesWhatCannotBeStoredOrSeen: NUL and invalid UTF-8 are
// refused naming the field (PostgreSQL cannot store them); a text of only
// white space, zero-width and direction characters is empty.
func TestCheckTextRefusesWhatCannotBeStoredOrSeen(t *testing.T) {
	for _, tt := range []struct{ subject, body, field string }{
		{"a\x00b", "Body", "subject"},
		{"Subject", "a\xffb", "body"},
		{"\u200b", "Body", "subject"},
		{"Subject", "\u202e \u200b\u2066", "body"},
		{"\ufeff", "Body", "subject"},
	} {
		err := CheckText(tt.subject, tt.body)
		if ErrorCode(err) != EInvalid || ErrorField(err) != tt.field {
			t.Errorf("CheckText(%q, %q) = %v, want invalid %s", tt.subject, tt.body, err, tt.field)
		}
	}
	if err := CheckText("مرحبا\u200f", "שלום"); err != nil {
		t.Errorf("right-to-left text with its mark: %v", err)
	}
}

func TestNeutralizeDirection(t *testing.T) {
	if got := NeutralizeDirection("invoice\u202efdp.exe \u2067x\u2069 \u200fok"); got != "invoicefdp.exe x \u200fok" {
		t.Errorf("got %q", got)
	}
}
