package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/county/emessage"
)

// A Monday morning, so that business days and weekends both matter.
var now = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func TestDataParses(t *testing.T) {
	data, logins := Data(now)
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := emessage.ParseImport(raw)
	if err != nil {
		t.Fatalf("ParseImport: %v", err)
	}
	if len(parsed.Messages) != len(data.Messages) || len(logins) != len(data.Workers)+len(data.Accounts) {
		t.Errorf("%d messages parsed of %d; %d logins", len(parsed.Messages), len(data.Messages), len(logins))
	}
}

func TestConsistent(t *testing.T) {
	data, _ := Data(now)
	counties := map[string]emessage.ImportCounty{}
	for _, c := range data.Counties {
		counties[c.Code] = c
	}
	workers := map[string]emessage.ImportWorker{}
	for _, w := range data.Workers {
		workers[w.Username] = w
	}
	accounts := map[string]bool{}
	for _, a := range data.Accounts {
		accounts[a.Username] = true
	}
	docs := map[string]emessage.ImportDocument{}
	for _, d := range data.Documents {
		docs[d.Code] = d
	}
	cases := map[string]emessage.ImportCase{}
	personCases := map[string]int{}
	for _, c := range data.Cases {
		cases[c.Number] = c
		for _, p := range c.Programs {
			if workers[p.Worker].County != c.County {
				t.Errorf("case %s: program %s worker %q is not in county %s", c.Number, p.Code, p.Worker, c.County)
			}
		}
		for _, p := range c.Persons {
			if p.SSPAccount != "" && !accounts[p.SSPAccount] {
				t.Errorf("case %s: unknown account %q", c.Number, p.SSPAccount)
			}
			personCases[p.SSPAccount]++
		}
	}
	if personCases["maria"] < 2 {
		t.Error("no account is linked to persons on two cases")
	}

	for _, m := range data.Messages {
		c, ok := cases[m.CaseNumber]
		if !ok {
			t.Fatalf("%s: unknown case %s", m.ID, m.CaseNumber)
		}
		if !slices.ContainsFunc(c.Persons, func(p emessage.ImportPerson) bool { return p.ID == m.PersonID && p.SSPAccount != "" }) {
			t.Errorf("%s: person %s is not a linked person of case %s", m.ID, m.PersonID, m.CaseNumber)
		}
		if m.Direction == emessage.ToCustomer {
			w := workers[m.Author]
			if w.County != c.County || !slices.Contains(w.Rights, emessage.RightSend) {
				t.Errorf("%s: author %q cannot send in county %s", m.ID, m.Author, c.County)
			}
		}
		if !counties[c.County].TwoWay && (m.Type != emessage.TypeMessage || m.Direction != emessage.ToCustomer) {
			t.Errorf("%s: one-way county %s holds a %s %s", m.ID, c.County, m.Direction, m.Type)
		}
		if m.ActionType == emessage.ActionViewDocument && !docs[m.DocumentCode].SSPSendable {
			t.Errorf("%s: document %q is not sendable", m.ID, m.DocumentCode)
		}
		if first := map[emessage.Direction]map[emessage.Type]emessage.Status{
			emessage.ToCustomer:   {emessage.TypeMessage: emessage.StatusSent, emessage.TypeAction: emessage.StatusNewAction},
			emessage.FromCustomer: {emessage.TypeMessage: emessage.StatusReceived},
		}[m.Direction][m.Type]; m.Status != first || m.InReplyTo != "" {
			t.Errorf("%s: imported as %s (in reply to %q); the import writes records as they were first written, %s, and the story does the rest",
				m.ID, m.Status, m.InReplyTo, first)
		}
		if m.CreatedAt.After(now) || m.CreatedAt.Before(now.AddDate(0, 0, -60)) {
			t.Errorf("%s: created_at %s not in the last weeks", m.ID, m.CreatedAt)
		}
	}
}

func TestDocuments(t *testing.T) {
	data, _ := Data(now)
	var sendable, not int
	for _, d := range data.Documents {
		if d.SSPSendable {
			sendable++
		} else {
			not++
		}
		if got := emessage.DetectUploadType(d.PDFData); got != emessage.TypePDF {
			t.Errorf("%s: detected %q, want a PDF", d.Code, got)
		}
		checkXref(t, d.PDFData)
		if !bytes.Contains(d.PDFData, []byte(pdfString(d.Title))) {
			t.Errorf("%s: PDF does not show its title", d.Code)
		}
	}
	if sendable < 2 || not < 1 {
		t.Errorf("%d sendable and %d other documents, want at least 2 and 1", sendable, not)
	}
}

// checkXref checks that startxref points at the xref table and that every
// entry points at its object.
func checkXref(t *testing.T, pdf []byte) {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref at the end")
	}
	start, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[start:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the xref table", start)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(pdf[start:], -1)
	if len(entries) < 5 {
		t.Fatalf("%d xref entries", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("xref entry %d (offset %d) does not point at %q", i+1, off, want)
		}
	}
	// The stream length must match its content.
	sm := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*?)endstream`).FindSubmatch(pdf)
	if n, _ := strconv.Atoi(string(sm[1])); n != len(sm[2]) {
		t.Errorf("stream /Length %d, content %d bytes", n, len(sm[2]))
	}
}

func TestPDFEscapes(t *testing.T) {
	got := pdfString(`Form (A) \ Año`)
	if want := `Form \(A\) \\ A?o`; got != want {
		t.Errorf("pdfString = %q, want %q", got, want)
	}
}
