package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/county/emessage"
)

// The documents a View Document action sends: the catalogue's forms (their
// PDF in the database) and the cases' own documents (SPEC 14; their PDF a
// file of the document store).

// Document returns a document; its PDF only when withPDF is set (a case
// document's PDF is a file: Document.File names it).
func (s *Store) Document(ctx context.Context, code string, withPDF bool) (*emessage.Document, error) {
	pdf := "NULL"
	if withPDF {
		pdf = "d.pdf"
	}
	d, err := scanDocument(s.read().queryRow(ctx, `SELECT `+documentColumns+`, `+pdf+` FROM documents d
		LEFT JOIN cases c ON c.id = d.case_id LEFT JOIN persons p ON p.id = d.person_key
		WHERE d.code = $1`, code))
	if err != nil {
		return nil, notFound(err, "Document "+code)
	}
	return d, nil
}

const documentColumns = `d.code, d.title, d.ssp_sendable, COALESCE(d.case_id, 0), COALESCE(c.number, ''),
	COALESCE(d.person_key, 0), COALESCE(p.person_id, ''), d.file, d.size, d.updated_at`

func scanDocument(r scanner) (*emessage.Document, error) {
	var d emessage.Document
	var updated int64
	err := r.Scan(&d.Code, &d.Title, &d.SSPSendable, &d.CaseID, &d.CaseNumber, &d.PersonKey, &d.PersonID,
		&d.File, &d.Size, &updated, &d.PDF)
	if updated != 0 {
		d.UpdatedAt = fromMicros(updated)
	}
	return &d, err
}

// SendableDocuments lists the catalogue's forms that may go with a View
// Document action, by code.
func (s *Store) SendableDocuments(ctx context.Context) ([]emessage.Document, error) {
	rows, err := s.read().query(ctx, `SELECT code, title, ssp_sendable FROM documents
		WHERE ssp_sendable = TRUE AND case_id IS NULL ORDER BY code`)
	return collect(rows, err, func(r scanner, d *emessage.Document) error {
		return r.Scan(&d.Code, &d.Title, &d.SSPSendable)
	})
}

// CaseDocuments lists a case's own documents, newest first.
func (s *Store) CaseDocuments(ctx context.Context, caseID int64) ([]emessage.Document, error) {
	rows, err := s.read().query(ctx, `SELECT `+documentColumns+`, NULL FROM documents d
		JOIN cases c ON c.id = d.case_id LEFT JOIN persons p ON p.id = d.person_key
		WHERE d.case_id = $1 ORDER BY d.updated_at DESC, d.code`, caseID)
	return collect(rows, err, func(r scanner, d *emessage.Document) error {
		doc, err := scanDocument(r)
		*d = *doc
		return err
	})
}

// PutCaseDocument adds a case's document or replaces the one of its code
// on the same case; it returns the file of the one it replaced.
func (s *Store) PutCaseDocument(ctx context.Context, d *emessage.Document, audit emessage.AuditEntry) (added bool, replaced string, err error) {
	err = s.write(ctx, func(tx runner) error {
		added, replaced = false, ""
		var caseID sql.NullInt64
		var file string
		err := tx.queryRow(ctx, `SELECT case_id, file FROM documents WHERE code = $1`, d.Code).Scan(&caseID, &file)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			added = true
		case err != nil:
			return err
		case !caseID.Valid:
			return emessage.FieldError(emessage.EConflict, "code", "%s is the code of a form of the catalogue; give the case's document a code of its own.", d.Code)
		case caseID.Int64 != d.CaseID:
			return emessage.FieldError(emessage.EConflict, "code", "%s is the code of another case's document; give this one a code of its own.", d.Code)
		default:
			replaced = file
		}
		var person any
		if d.PersonKey != 0 {
			person = d.PersonKey
		}
		_, err = tx.exec(ctx, `INSERT INTO documents (code, title, ssp_sendable, case_id, person_key, file, size, updated_at)
			VALUES ($1, $2, TRUE, $3, $4, $5, $6, $7)
			ON CONFLICT (code) DO UPDATE SET title = excluded.title, person_key = excluded.person_key,
				file = excluded.file, size = excluded.size, updated_at = excluded.updated_at`,
			d.Code, d.Title, d.CaseID, person, d.File, d.Size, micros(d.UpdatedAt))
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
	return added, replaced, err
}
