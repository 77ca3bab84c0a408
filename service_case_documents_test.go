package emessage_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestCaseDocuments: a system puts a case's notice; the worker sees it
// first for that case alone, sends it on that case to its person alone, and
// the customer completes the action by opening it.
func TestCaseDocuments(t *testing.T) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		_, sys := r.MustSystem(t, "la-cases", "19")
		pdf := testrig.PDF("Notice of Action: approval")
		put := func(in emessage.CaseDocumentInput) (*emessage.Document, bool, error) {
			return r.Service.PutCaseDocument(ctx, sys, in)
		}
		doc, added, err := put(emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-1", Title: "Notice of Action", PersonID: "P1", PDF: pdf})
		if err != nil || !added || doc.Size != int64(len(pdf)) || doc.CaseNumber != "B1" || doc.PersonID != "P1" {
			t.Fatalf("put = %+v, %v, %v", doc, added, err)
		}
		first := doc.File
		newer := testrig.PDF("Notice of Action: approval (corrected)")
		doc, added, err = put(emessage.CaseDocumentInput{CaseNumber: "b1", Code: "NOA-1", Title: "Notice of Action (corrected)", PersonID: "P1", PDF: newer})
		if err != nil || added {
			t.Fatalf("replace = %v, %v", added, err)
		}
		if _, err := r.Files.Open(ctx, first); err == nil {
			t.Errorf("the replaced PDF %s is still stored", first)
		}

		refused := []struct {
			name string
			in   emessage.CaseDocumentInput
			code string
		}{
			{"not a PDF", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-2", Title: "T", PDF: []byte("<html>hi</html>")}, emessage.EUnsupportedType},
			{"an image", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-2", Title: "T", PDF: []byte("\x89PNG\r\n\x1a\n0000")}, emessage.EUnsupportedType},
			{"no title", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-2", PDF: pdf}, emessage.EInvalid},
			{"a bad code", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "a b", Title: "T", PDF: pdf}, emessage.EInvalid},
			{"an unknown person", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-2", Title: "T", PersonID: "P9", PDF: pdf}, emessage.EInvalid},
			{"an unknown case", emessage.CaseDocumentInput{CaseNumber: "B99", Code: "NOA-2", Title: "T", PDF: pdf}, emessage.ENotFound},
			{"another county's case", emessage.CaseDocumentInput{CaseNumber: "B3", Code: "NOA-2", Title: "T", PDF: pdf}, emessage.EForbidden},
			{"a catalogue form's code", emessage.CaseDocumentInput{CaseNumber: "B1", Code: "CW2200", Title: "T", PDF: pdf}, emessage.EConflict},
			{"another case's code", emessage.CaseDocumentInput{CaseNumber: "B4", Code: "NOA-1", Title: "T", PDF: pdf}, emessage.EConflict},
		}
		for _, tt := range refused {
			if _, _, err := put(tt.in); emessage.ErrorCode(err) != tt.code {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			}
		}
		if _, _, err := r.Service.PutCaseDocument(ctx, r.MustLogin(t, "jdoe", fixture.Password),
			emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-3", Title: "T", PDF: pdf}); emessage.ErrorCode(err) != emessage.EForbidden {
			t.Errorf("a worker putting a document: %v", err)
		}

		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		docs, err := r.Service.SendableDocuments(ctx, jdoe, "B1")
		if err != nil || len(docs) != 2 || docs[0].Code != "NOA-1" || docs[0].Title != "Notice of Action (corrected)" || docs[1].Code != "CW2200" {
			t.Fatalf("B1's documents = %+v, %v", docs, err)
		}
		if docs, err := r.Service.SendableDocuments(ctx, jdoe, "B4"); err != nil || len(docs) != 1 {
			t.Fatalf("B4's documents = %+v, %v", docs, err)
		}
		if docs, err := r.Service.SendableDocuments(ctx, jdoe, ""); err != nil || len(docs) != 1 {
			t.Fatalf("the catalogue = %+v, %v", docs, err)
		}
		if _, err := r.Service.SendableDocuments(ctx, jdoe, "B3"); emessage.ErrorCode(err) != emessage.ENotFound {
			t.Fatalf("another county's case: %v", err)
		}

		send := emessage.NewMessage{CaseNumber: "B4", PersonID: "P7", Type: emessage.TypeAction,
			ActionType: emessage.ActionViewDocument, DocumentCode: "NOA-1", Subject: "Your notice", Body: "Please read it."}
		if _, err := r.Service.SendMessage(ctx, jdoe, send); emessage.ErrorField(err) != "document_code" {
			t.Fatalf("another case's notice: %v", err)
		}
		if _, _, err := put(emessage.CaseDocumentInput{CaseNumber: "B1", Code: "NOA-LUIS", Title: "Luis's notice", PersonID: "P2", PDF: pdf}); err != nil {
			t.Fatal(err)
		}
		send.CaseNumber, send.PersonID, send.DocumentCode = "B1", "P1", "NOA-LUIS"
		if _, err := r.Service.SendMessage(ctx, jdoe, send); emessage.ErrorField(err) != "document_code" {
			t.Fatalf("another person's notice: %v", err)
		}
		send.DocumentCode = "NOA-1"
		m, err := r.Service.SendMessage(ctx, jdoe, send)
		if err != nil {
			t.Fatal(err)
		}
		if m.Document == nil || m.Document.Title != "Notice of Action (corrected)" {
			t.Fatalf("sent document = %+v", m.Document)
		}
		maria := r.MustLogin(t, "maria", fixture.Password)
		got, _, err := r.Service.CustomerDocument(ctx, maria, m.ID, true)
		if err != nil || !bytes.Equal(got.PDF, newer) {
			t.Fatalf("customer's PDF: %d bytes, %v", len(got.PDF), err)
		}
		if m, err = r.Service.Store.Message(ctx, m.ID); err != nil || m.Status != emessage.StatusActionCompleted {
			t.Fatalf("after opening: %v, %v", m.Status, err)
		}
	})
}
