package emessage

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"
)

// Case documents (SPEC 14): a Notice of Action belongs to one case. The
// case system puts it (PUT /api/v1/cases/{number}/documents/{code}), a
// worker sends it in a View Document action on that case alone, and the
// customer completes the action by opening it, as with a catalogue form.

// MaxDocumentCode and MaxDocumentTitle bound a case document's names.
const (
	MaxDocumentCode  = 64
	MaxDocumentTitle = 200
)

// CaseDocumentInput is a case document as a system puts it.
type CaseDocumentInput struct {
	CaseNumber, Code, Title string
	PersonID                string // "" for the whole case
	PDF                     []byte
}

// CaseDocumentStore keeps the cases' own documents.
type CaseDocumentStore interface {
	// PutCaseDocument adds a case's document, or replaces the one of its
	// code on the same case, with its audit entry. It returns whether it
	// was added, and the file of the document it replaced ("" for none).
	// A code taken by the catalogue or another case is EConflict.
	PutCaseDocument(ctx context.Context, d *Document, audit AuditEntry) (added bool, replaced string, err error)
	// CaseDocuments lists a case's own documents, newest first.
	CaseDocuments(ctx context.Context, caseID int64) ([]Document, error)
}

// PutCaseDocument keeps a system's document of a case: its PDF checked by
// content as a customer's upload is, and stored as uploads are.
func (s *Service) PutCaseDocument(ctx context.Context, a Actor, in CaseDocumentInput) (doc *Document, added bool, err error) {
	if err := requireSystem(a, ""); err != nil {
		return nil, false, err
	}
	c, err := s.Store.Case(ctx, NormalizeCaseNumber(in.CaseNumber))
	if err != nil {
		return nil, false, err
	}
	if err := requireSystem(a, c.County); err != nil {
		return nil, false, err
	}
	if err := checkDocumentNames(in.Code, in.Title); err != nil {
		return nil, false, err
	}
	doc = &Document{Code: in.Code, Title: strings.TrimSpace(in.Title), SSPSendable: true, CaseID: c.ID, CaseNumber: c.Number,
		UpdatedAt: s.now()}
	if in.PersonID != "" {
		p, ok := c.Person(in.PersonID)
		if !ok {
			return nil, false, FieldError(EInvalid, "person_id", "Case %s has no person %s.", c.Number, in.PersonID)
		}
		doc.PersonKey, doc.PersonID = p.ID, p.PersonID
	}
	if len(in.PDF) > MaxUploadSize {
		return nil, false, TooLarge(in.Code + ".pdf")
	}
	checked, err := CheckUpload(in.Code+".pdf", in.PDF)
	if err != nil {
		return nil, false, err
	}
	if checked.Type != TypePDF {
		return nil, false, FieldError(EUnsupportedType, "file", "A case's document is a PDF; this file is %s.", checked.Type)
	}
	doc.Size = int64(len(checked.Data))
	if doc.File, err = s.Files.Put(ctx, checked.Data); err != nil {
		return nil, false, err
	}
	entry := audit(a, doc.UpdatedAt, "document.put", "case", c.Number, doc.Code+" – "+doc.Title)
	added, replaced, err := s.Store.PutCaseDocument(ctx, doc, entry)
	if err != nil {
		s.Files.Delete(ctx, doc.File)
		return nil, false, err
	}
	if replaced != "" && replaced != doc.File {
		s.Files.Delete(ctx, replaced) // the database names it no more; a leftover file harms nothing
	}
	return doc, added, nil
}

// checkDocumentNames checks a case document's code (a part of its
// address) and title (what the worker and the customer read).
func checkDocumentNames(code, title string) error {
	if code == "" || len(code) > MaxDocumentCode || strings.Trim(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
		return FieldError(EInvalid, "code", "A document's code is 1 to %d letters, digits, dots, dashes and underscores, like NOA-2026-000123.", MaxDocumentCode)
	}
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > MaxDocumentTitle || !printable(title) {
		return FieldError(EInvalid, "title", "A document's title is 1 to %d characters on one line.", MaxDocumentTitle)
	}
	return nil
}

// printable reports whether s is one line without control characters.
func printable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// documentPDF loads a document's PDF: a case document's from the document
// store, a catalogue form's is loaded with it.
func (s *Service) documentPDF(ctx context.Context, d *Document) error {
	if d.File == "" {
		return nil
	}
	f, err := s.Files.Open(ctx, d.File)
	if err != nil {
		return err
	}
	defer f.Close()
	d.PDF, err = io.ReadAll(io.LimitReader(f, MaxUploadSize+1))
	return err
}

// checkCaseDocument refuses to send a case's document on another case, or
// to another person than the one it names.
func checkCaseDocument(d *Document, m *Message) error {
	switch {
	case !d.OfCase():
	case d.CaseID != m.CaseID:
		return FieldError(EInvalid, "document_code", "%s is a document of case %s; it can be sent on that case only.", d.Code, d.CaseNumber)
	case d.PersonKey != 0 && d.PersonKey != m.PersonKey:
		return FieldError(EInvalid, "document_code", "%s is a document of %s alone on this case; send it to them.", d.Code, d.PersonID)
	}
	return nil
}
