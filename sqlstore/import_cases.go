package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/county/emessage"
)

func (im *importer) cases(d *emessage.ImportData) error {
	for i, c := range d.Cases {
		f := fmt.Sprintf("cases[%d]", i)
		if err := im.countyExists(f+".county", c.County); err != nil {
			return err
		}
		caseID, existed, changed, err := im.caseRow(f, d.County, c)
		if err != nil {
			return err
		}
		programs, err := im.programs(f, d.County, caseID, c.Programs)
		if err != nil {
			return err
		}
		persons, err := im.persons(f, caseID, c.Persons)
		if err != nil {
			return err
		}
		tally(&im.res.Cases, existed, changed || programs || persons)
		im.wrote()
	}
	return nil
}

// caseRow adds the case, or updates the one of its number; it reports
// whether the case was there, and whether it changed. A case moved to
// another county takes its records along; a county-bound import may move
// none.
func (im *importer) caseRow(f, scope string, c emessage.ImportCase) (id int64, existed, changed bool, err error) {
	var county, status string
	err = im.tx.queryRow(im.ctx, `SELECT id, county, status FROM cases WHERE number = $1`, c.Number).Scan(&id, &county, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = im.tx.queryRow(im.ctx, `INSERT INTO cases (number, county, status) VALUES ($1, $2, $3) RETURNING id`,
			c.Number, c.County, string(c.Status)).Scan(&id)
		return id, false, true, err
	case err != nil:
		return 0, false, false, err
	case scope != "" && county != scope:
		return 0, false, false, emessage.FieldError(emessage.EForbidden, f+".number",
			"%s.number: case %s is of another county; this system's token is for county %s only", f, c.Number, scope)
	case county == c.County && status == string(c.Status):
		return id, true, false, nil
	}
	if _, err := im.tx.exec(im.ctx, `UPDATE cases SET county = $1, status = $2 WHERE id = $3`, c.County, string(c.Status), id); err != nil {
		return 0, false, false, err
	}
	if county != c.County {
		_, err = im.tx.exec(im.ctx, `UPDATE messages SET county = $1 WHERE case_id = $2 AND county <> $1`, c.County, id)
	}
	return id, true, true, err
}

// programs replaces the programs of a case by the file's list; a case listed
// without "programs" keeps its own. A county-bound import gives programs to
// that county's workers alone. It reports whether anything changed.
func (im *importer) programs(f, scope string, caseID int64, programs []emessage.ImportProgram) (bool, error) {
	if programs == nil {
		return false, nil
	}
	var a args
	var changed int64
	keep := make([]string, len(programs))
	for j, p := range programs {
		fw := fmt.Sprintf("%s.programs[%d].worker", f, j)
		workerID, err := im.id(fw, "worker", p.Worker, `SELECT id FROM workers WHERE username = $1 AND ($2 = '' OR county = $2)`, p.Worker, scope)
		if err != nil {
			return false, err
		}
		n, err := im.tx.execN(im.ctx, `INSERT INTO case_programs (case_id, code, worker_id) VALUES ($1, $2, $3)
			ON CONFLICT (case_id, code) DO UPDATE SET worker_id = excluded.worker_id
			WHERE case_programs.worker_id <> excluded.worker_id`, caseID, p.Code, workerID)
		if err != nil {
			return false, err
		}
		changed += n
		keep[j] = a.add(p.Code)
	}
	query := "DELETE FROM case_programs WHERE case_id = " + a.add(caseID)
	if len(keep) > 0 {
		query += " AND code NOT IN (" + strings.Join(keep, ", ") + ")"
	}
	n, err := im.tx.execN(im.ctx, query, a...)
	return changed+n > 0, err
}

// persons adds or updates the file's persons of a case; others stay (their
// records refer to them). It reports whether anything changed.
func (im *importer) persons(f string, caseID int64, persons []emessage.ImportPerson) (bool, error) {
	var changed int64
	for j, p := range persons {
		var account any
		if p.SSPAccount != "" {
			fa := fmt.Sprintf("%s.persons[%d].ssp_account", f, j)
			id, err := im.id(fa, "SSP account", p.SSPAccount, `SELECT id FROM ssp_accounts WHERE username = $1`, p.SSPAccount)
			if err != nil {
				return false, err
			}
			account = id
		}
		n, err := im.tx.execN(im.ctx, `INSERT INTO persons (case_id, person_id, name, account_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (case_id, person_id) DO UPDATE SET name = excluded.name, account_id = excluded.account_id
			WHERE persons.name <> excluded.name OR persons.account_id IS DISTINCT FROM excluded.account_id`,
			caseID, p.ID, p.Name, account)
		if err != nil {
			return false, err
		}
		changed += n
	}
	return changed > 0, nil
}

func (im *importer) messages(d *emessage.ImportData) error {
	for i, in := range d.Messages {
		f := fmt.Sprintf("messages[%d]", i)
		kept, err := im.exists(`SELECT 1 FROM messages WHERE id = $1 OR legacy_id = $1
			UNION ALL SELECT 1 FROM messages_archive WHERE id = $1 OR legacy_id = $1`, in.ID)
		if err != nil {
			return err
		}
		if kept {
			im.res.MessagesKept++
			im.wrote()
			continue
		}
		m, err := im.message(f, d.County, in)
		if err != nil {
			return err
		}
		if err := insertMessage(im.ctx, im.tx, m); err != nil {
			return err
		}
		by := author{m.AuthorKind, m.AuthorID, m.AuthorUsername}
		if err := insertHistory(im.ctx, im.tx, m.ID, m.Status, m.CreatedAt, by, ""); err != nil {
			return err
		}
		im.res.MessagesAdded++
		im.wrote()
	}
	return nil
}

// program returns the program an imported record goes to: the one named,
// which must be a program of its case, or as for a customer's message the
// county's default program when the case has it, else the case's first.
func (im *importer) program(f string, caseID int64, code string) (string, error) {
	var def sql.NullString
	err := im.tx.queryRow(im.ctx, `SELECT COALESCE(
		(SELECT cp.code FROM case_programs cp WHERE cp.case_id = c.id AND cp.code = co.default_program AND $2 = ''),
		(SELECT cp.code FROM case_programs cp WHERE cp.case_id = c.id AND cp.code = $2),
		(SELECT cp.code FROM case_programs cp WHERE cp.case_id = c.id AND $2 = '' ORDER BY cp.id LIMIT 1))
		FROM cases c JOIN counties co ON co.code = c.county WHERE c.id = $1`, caseID, code).Scan(&def)
	if err != nil {
		return "", err
	}
	if code != "" && !def.Valid {
		return "", emessage.FieldError(emessage.EInvalid, f+".program", "%s.program: %s is not a program of the case", f, code)
	}
	return def.String, nil
}

// message resolves an imported record's references into a new record that
// keeps the older system's id, as its id and its legacy id.
func (im *importer) message(f, scope string, in emessage.ImportMessage) (*emessage.Message, error) {
	at := in.CreatedAt.UTC().Truncate(time.Microsecond)
	m := &emessage.Message{
		ID: in.ID, LegacyID: in.ID, Type: in.Type, ActionType: in.ActionType, Direction: in.Direction,
		Subject: in.Subject, Body: in.Body, Status: in.Status, CreatedAt: at, UpdatedAt: at,
		DueDate: in.DueDate, ThreadID: in.ID, AuthorKind: "system", AuthorUsername: "import",
	}
	var dueDays int
	var county string
	err := im.tx.queryRow(im.ctx, `SELECT c.id, c.county, co.action_due_days FROM cases c JOIN counties co ON co.code = c.county
		WHERE c.number = $1`, in.CaseNumber).Scan(&m.CaseID, &county, &dueDays)
	if err != nil {
		err = unknown(err, f+".case_number", "case", in.CaseNumber)
		return nil, err
	}
	if scope != "" && county != scope {
		return nil, emessage.FieldError(emessage.EForbidden, f+".case_number",
			"%s.case_number: case %s is of another county; this system's token is for county %s only", f, in.CaseNumber, scope)
	}
	var account sql.NullString
	err = im.tx.queryRow(im.ctx, `SELECT p.id, COALESCE(p.account_id, 0), a.username
		FROM persons p LEFT JOIN ssp_accounts a ON a.id = p.account_id
		WHERE p.case_id = $1 AND p.person_id = $2`, m.CaseID, in.PersonID).Scan(&m.PersonKey, &m.AccountID, &account)
	if err != nil {
		return nil, unknown(err, f+".person_id", "person of case "+in.CaseNumber, in.PersonID)
	}
	if in.DocumentCode != "" {
		ok, err := im.exists(`SELECT 1 FROM documents WHERE code = $1`, in.DocumentCode)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, emessage.FieldError(emessage.EInvalid, f+".document_code", "%s.document_code: unknown document %q", f, in.DocumentCode)
		}
		m.Document = &emessage.Document{Code: in.DocumentCode}
	}
	program := in.Program
	if in.InReplyTo != "" {
		var caseID int64
		var threadProgram string
		err := im.tx.queryRow(im.ctx, `SELECT id, thread_id, case_id, program FROM messages WHERE id = $1 OR legacy_id = $1`,
			in.InReplyTo).Scan(&m.InReplyTo, &m.ThreadID, &caseID, &threadProgram)
		if err != nil {
			return nil, unknown(err, f+".in_reply_to", "e-Message", in.InReplyTo)
		}
		if caseID != m.CaseID {
			return nil, emessage.FieldError(emessage.EInvalid, f+".in_reply_to", "%s.in_reply_to: %s is on another case", f, in.InReplyTo)
		}
		if program == "" {
			program = threadProgram // an answer stays in its thread's program
		}
	}
	switch {
	case in.Direction == emessage.ToCustomer && in.Author != "":
		m.AuthorKind, m.AuthorUsername = "worker", in.Author
		m.AuthorID, err = im.id(f+".author", "worker", in.Author, `SELECT id FROM workers WHERE username = $1`, in.Author)
		if err != nil {
			return nil, err
		}
	case in.Direction == emessage.FromCustomer && account.Valid:
		m.AuthorKind, m.AuthorID, m.AuthorUsername = "ssp", m.AccountID, account.String
	}
	if m.Program, err = im.program(f, m.CaseID, program); err != nil {
		return nil, err
	}
	if m.Type == emessage.TypeAction && m.DueDate == "" {
		m.DueDate = at.AddDate(0, 0, dueDays).Format(time.DateOnly)
	}
	return m, nil
}
