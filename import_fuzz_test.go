package emessage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// importSeeds are import documents the fuzzer starts from: a whole valid
// file, the smallest ones, and refusals of each kind.
var importSeeds = []string{
	`{}`,
	`null`,
	`{"counties":[{"code":"01","name":"Alameda","two_way":true,"response_business_days":2}]}`,
	`{"counties":[{"code":"01","name":"Alameda","response_business_days":31}]}`,
	`{"workers":[{"username":"w","name":"W","county":"01","password":"p","rights":["emessage.view","emessage.send"]}]}`,
	`{"workers":[{"username":"w","name":"W","county":"01","password":"p","rights":["root"]}]}`,
	`{"ssp_accounts":[{"username":"a","password":"p","email":"a@example.org","e_notification":true,"language":"es"}]}`,
	`{"ssp_accounts":[{"username":"a","password":"p","email":"A <a@example.org>"}]}`,
	`{"documents":[{"code":"CW2200","title":"Request","ssp_sendable":true,"pdf":"forms/cw2200.pdf"}]}`,
	`{"cases":[{"number":"A1","county":"01","status":"active","programs":[{"code":"CF","worker":"w"}],"persons":[{"id":"P1","name":"Ana","ssp_account":"a"}]}]}`,
	`{"cases":[{"number":"A1","county":"01","status":"closed"}]}`,
	`{"messages":[{"id":"M1","case_number":"A1","person_id":"P1","direction":"from_customer","type":"message","subject":"S","body":"B","status":"received","created_at":"2026-01-02T03:04:05Z"}]}`,
	`{"messages":[{"id":"M2","case_number":"A1","person_id":"P1","direction":"to_customer","type":"action","action_type":"view_document","document_code":"CW2200","subject":"S","body":"B","status":"action_completed","created_at":"2026-01-02T03:04:05-08:00","due_date":"2026-01-12","author":"w"}]}`,
	`{"messages":[{"id":"M3","case_number":"A1","person_id":"P1","direction":"to_customer","type":"message","subject":"S","body":"B","status":"read","created_at":"2026-01-02T03:04:05Z"}]}`,
	`{"messages":[{"id":"M4","case_number":"A1","person_id":"P1","direction":"to_customer","type":"action","action_type":"upload_document","subject":"S","body":"B","status":"new_action","created_at":"2026-01-02T03:04:05Z","due_date":"12/01/2026"}]}`,
	"{\"counties\":[{\"code\":\"01\",\n\"name\":7}]}",
	`{"counties":[]} {"counties":[]}`,
	`{"unknown":1}`,
	`{"cases":[{"number":"A1","county":"01","status":"active","persons":[{"id":"","name":"x"}]}]}`,
	`[`,
}

// FuzzParseImport: the import parser never panics, and a document it
// accepts keeps every rule of its own validation, and reads back the same
// when written out again.
func FuzzParseImport(f *testing.F) {
	for _, s := range importSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		data, err := ParseImport(raw)
		if err != nil {
			if data != nil {
				t.Fatalf("refused with data: %v", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Code == EInternal || e.Message == "" {
				t.Fatalf("refusal %v (%T) is not an *Error with a code and a sentence", err, err)
			}
			return
		}
		if problem := importInvariant(data); problem != "" {
			t.Fatalf("accepted a document where %s:\n%s", problem, raw)
		}
		again, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		data2, err := ParseImport(again)
		if err != nil {
			t.Fatalf("accepted document refused when written out again: %v\n%s", err, again)
		}
		if third, _ := json.Marshal(data2); !bytes.Equal(again, third) {
			t.Fatalf("document changed on a second read:\n%s\n%s", again, third)
		}
	})
}

// importInvariant names the first rule an accepted document breaks, or "".
func importInvariant(d *ImportData) string {
	for i, c := range d.Counties {
		if c.Code == "" || c.Name == "" {
			return fmt.Sprintf("counties[%d] lacks a code or name", i)
		}
		if n := c.ResponseBusinessDays; n != nil && (*n < 1 || *n > 30) {
			return fmt.Sprintf("counties[%d] has %d response days", i, *n)
		}
	}
	for i, w := range d.Workers {
		if w.Username == "" || w.Name == "" || w.County == "" || w.Password == "" {
			return fmt.Sprintf("workers[%d] lacks a field", i)
		}
		for _, r := range w.Rights {
			if r != RightView && r != RightSend && r != RightAdmin && r != RightSupervise {
				return fmt.Sprintf("workers[%d] has right %q", i, r)
			}
		}
	}
	for i, a := range d.Accounts {
		if a.Username == "" || a.Password == "" || !ValidLanguage(a.Language) {
			return fmt.Sprintf("ssp_accounts[%d] lacks a field or has language %q", i, a.Language)
		}
		if a.Email != "" && !ValidEmail(a.Email) {
			return fmt.Sprintf("ssp_accounts[%d] has email %q", i, a.Email)
		}
	}
	for i, doc := range d.Documents {
		if doc.Code == "" || doc.Title == "" || doc.SSPSendable && doc.PDF == "" {
			return fmt.Sprintf("documents[%d] lacks a field", i)
		}
	}
	for i, c := range d.Cases {
		if c.Number == "" || c.County == "" || !c.Status.Valid() {
			return fmt.Sprintf("cases[%d] lacks a field or has status %q", i, c.Status)
		}
		for _, p := range c.Persons {
			if p.ID == "" || p.Name == "" {
				return fmt.Sprintf("cases[%d] has a person without id or name", i)
			}
		}
		for _, p := range c.Programs {
			if p.Code == "" || p.Worker == "" {
				return fmt.Sprintf("cases[%d] has a program without code or worker", i)
			}
		}
	}
	fits := map[string][]Status{
		"from_customer message": {StatusReceived, StatusRead, StatusReplied},
		"to_customer message":   {StatusSent},
		"to_customer action":    {StatusNewAction, StatusActionCompleted, StatusActionClosed},
	}
	for i, m := range d.Messages {
		switch {
		case m.ID == "" || m.CaseNumber == "" || m.PersonID == "" || m.CreatedAt.IsZero():
			return fmt.Sprintf("messages[%d] lacks a field", i)
		case !m.Status.Valid():
			return fmt.Sprintf("messages[%d] has status %q", i, m.Status)
		case !slices.Contains(fits[string(m.Direction)+" "+string(m.Type)], m.Status):
			return fmt.Sprintf("messages[%d] is a %s %s in status %s", i, m.Direction, m.Type, m.Status)
		case CheckText(m.Subject, m.Body) != nil:
			return fmt.Sprintf("messages[%d] has a subject or body R5 refuses", i)
		case strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Body) == "":
			return fmt.Sprintf("messages[%d] has a blank subject or body", i)
		}
		if m.Type == TypeAction {
			if m.ActionType != ActionUploadDocument && m.ActionType != ActionViewDocument {
				return fmt.Sprintf("messages[%d] has action type %q", i, m.ActionType)
			}
			if m.ActionType == ActionViewDocument && m.DocumentCode == "" {
				return fmt.Sprintf("messages[%d] views no document", i)
			}
			if m.DueDate != "" {
				if _, err := time.Parse(time.DateOnly, m.DueDate); err != nil {
					return fmt.Sprintf("messages[%d] has due date %q", i, m.DueDate)
				}
			}
		}
	}
	return ""
}
