package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/county/emessage"
)

// Import writes a whole import file in one write transaction, or nothing.
// Counties, workers, accounts, documents and cases are matched by code,
// username or number and updated in place; persons by case and person id. A
// message whose id was imported before is kept as it is. References resolve
// against the file's earlier sections and the database; an unknown one fails
// the import with an error naming the field.
func (s *Store) Import(ctx context.Context, data *emessage.ImportData) (emessage.ImportResult, error) {
	var res emessage.ImportResult
	counted := 0 // by a try that was rolled back, to take back from the progress
	err := s.write(ctx, func(tx runner) error {
		im := importer{ctx: ctx, tx: tx}
		if w := data.Progress.Written; w != nil {
			if counted > 0 {
				w(-counted)
				counted = 0
			}
			im.written = func(n int) { counted += n; w(n) }
		}
		steps := []func(*emessage.ImportData) error{
			im.counties, im.workers, im.accounts, im.documents, im.cases, im.messages,
		}
		for _, step := range steps {
			if err := step(data); err != nil {
				return err
			}
		}
		res = im.res
		return nil
	})
	if err != nil {
		return emessage.ImportResult{}, err
	}
	return res, nil
}

type importer struct {
	ctx     context.Context
	tx      runner
	res     emessage.ImportResult
	written func(n int) // the file's progress, or nil
}

// wrote counts one record of the file written (or kept), for its progress.
func (im *importer) wrote() {
	if im.written != nil {
		im.written(1)
	}
}

// exists reports whether query finds a row.
func (im *importer) exists(query string, args ...any) (bool, error) {
	var found bool
	err := im.tx.queryRow(im.ctx, "SELECT EXISTS ("+query+")", args...).Scan(&found)
	return found, err
}

// id returns the id a query finds, or an invalid error naming field.
func (im *importer) id(field, what, key, query string, args ...any) (int64, error) {
	var id int64
	err := im.tx.queryRow(im.ctx, query, args...).Scan(&id)
	if err != nil {
		return 0, unknown(err, field, what, key)
	}
	return id, nil
}

func unknown(err error, field, what, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return emessage.FieldError(emessage.EInvalid, field, "%s: unknown %s %q", field, what, key)
	}
	return err
}

func (im *importer) countyExists(field, code string) error {
	ok, err := im.exists(`SELECT 1 FROM counties WHERE code = $1`, code)
	if err == nil && !ok {
		return emessage.FieldError(emessage.EInvalid, field, "%s: unknown county %q", field, code)
	}
	return err
}

func (im *importer) counties(d *emessage.ImportData) error {
	for _, c := range d.Counties {
		existed, err := im.exists(`SELECT 1 FROM counties WHERE code = $1`, c.Code)
		if err != nil {
			return err
		}
		// Settings the file leaves out keep the county's (or the defaults).
		var holidays any
		if c.Holidays != nil {
			holidays = joinDays(c.Holidays)
		}
		n, err := im.tx.execN(im.ctx, `INSERT INTO counties (code, name, two_way, response_business_days, default_program,
				holidays, action_due_days, retention_years)
			VALUES ($1, $2, $3, COALESCE($4, 2), $5, COALESCE($6, ''), COALESCE($7, 10), COALESCE($8, 0))
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, two_way = excluded.two_way,
				response_business_days = COALESCE($4, counties.response_business_days),
				default_program = excluded.default_program,
				holidays = COALESCE($6, counties.holidays),
				action_due_days = COALESCE($7, counties.action_due_days),
				retention_years = COALESCE($8, counties.retention_years)
			WHERE counties.name <> excluded.name OR counties.two_way <> excluded.two_way
				OR counties.response_business_days <> COALESCE($4, counties.response_business_days)
				OR counties.default_program <> excluded.default_program
				OR counties.holidays <> COALESCE($6, counties.holidays)
				OR counties.action_due_days <> COALESCE($7, counties.action_due_days)
				OR counties.retention_years <> COALESCE($8, counties.retention_years)`,
			c.Code, c.Name, c.TwoWay, c.ResponseBusinessDays, c.DefaultProgram, holidays, c.ActionDueDays, c.RetentionYears)
		if err != nil {
			return err
		}
		changed, err := im.templates(c.Code, c.Templates)
		if err != nil {
			return err
		}
		tally(&im.res.Counties, existed, n > 0 || changed)
		im.wrote()
	}
	return nil
}

// templates replaces the templates of a county by the file's list, each
// matched by code and language and updated in place; a county listed
// without "templates" keeps its own. It reports whether anything changed.
func (im *importer) templates(county string, templates []emessage.ImportTemplate) (bool, error) {
	if templates == nil {
		return false, nil
	}
	a := args{county}
	var keep []string
	var changed int64
	for _, t := range templates {
		n, err := im.tx.execN(im.ctx, `INSERT INTO templates (county, code, language, title, body) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (county, code, language) DO UPDATE SET title = excluded.title, body = excluded.body
			WHERE templates.title <> excluded.title OR templates.body <> excluded.body`,
			county, t.Code, t.Language, t.Title, t.Body)
		if err != nil {
			return false, err
		}
		changed += n
		keep = append(keep, "("+a.add(t.Code)+", "+a.add(t.Language)+")")
	}
	query := "DELETE FROM templates WHERE county = $1"
	if len(keep) > 0 {
		query += " AND (code, language) NOT IN (" + strings.Join(keep, ", ") + ")"
	}
	n, err := im.tx.execN(im.ctx, query, a...)
	return changed+n > 0, err
}

func (im *importer) workers(d *emessage.ImportData) error {
	existed := make([]bool, len(d.Workers))
	changed := make([]bool, len(d.Workers))
	for i, w := range d.Workers {
		f := fmt.Sprintf("workers[%d]", i)
		if err := im.countyExists(f+".county", w.County); err != nil {
			return err
		}
		if w.Password != "" && w.PasswordHash == "" {
			return emessage.FieldError(emessage.EInvalid, f+".password", "%s: the password was not hashed", f)
		}
		taken, err := im.exists(`SELECT 1 FROM ssp_accounts WHERE username = $1`, w.Username)
		if err != nil {
			return err
		}
		if taken {
			return emessage.FieldError(emessage.EInvalid, f+".username",
				"%s: %q is already the username of an SSP account", f, w.Username)
		}
		var county string
		err = im.tx.queryRow(im.ctx, `SELECT county FROM workers WHERE username = $1`, w.Username).Scan(&county)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		existed[i] = err == nil
		if existed[i] && d.County != "" && county != d.County {
			return emessage.FieldError(emessage.EForbidden, f+".username",
				"%s: %s is a worker of another county; this system's token is for county %s only", f, w.Username, d.County)
		}
		// A file without the password keeps the worker's own (or gives a
		// new worker none: they sign in with the county's account).
		n, err := im.tx.execN(im.ctx, `INSERT INTO workers (username, name, county, password_hash, rights, disabled)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (username) DO UPDATE SET name = excluded.name, county = excluded.county,
				password_hash = COALESCE(NULLIF(excluded.password_hash, ''), workers.password_hash),
				rights = excluded.rights, disabled = excluded.disabled
			WHERE workers.name <> excluded.name OR workers.county <> excluded.county
				OR (excluded.password_hash <> '' AND workers.password_hash <> excluded.password_hash)
				OR workers.rights <> excluded.rights OR workers.disabled <> excluded.disabled`,
			w.Username, w.Name, w.County, w.PasswordHash, joinRights(w.Rights), w.Disabled)
		if err != nil {
			return err
		}
		changed[i] = n > 0
		if w.Disabled {
			if err := im.endSessions(`role <> 'ssp' AND user_id = (SELECT id FROM workers WHERE username = $1)`, w.Username); err != nil {
				return err
			}
		}
		im.wrote()
	}
	if err := im.supervisors(d, changed); err != nil {
		return err
	}
	for i := range d.Workers {
		tally(&im.res.Workers, existed[i], changed[i])
	}
	return nil
}

// endSessions ends the sessions of a user disabled by the file, at once:
// enabling them again later must not bring those sessions back.
func (im *importer) endSessions(where string, args ...any) error {
	_, err := im.tx.exec(im.ctx, `DELETE FROM sessions WHERE `+where, args...)
	return err
}

// supervisors sets each worker's supervisor once every worker of the file
// is written, so that the file may list them in any order; a supervisor
// is a worker of the same county. changed marks the workers it changed.
func (im *importer) supervisors(d *emessage.ImportData, changed []bool) error {
	for i, w := range d.Workers {
		var supervisor any
		if w.Supervisor != "" {
			f := fmt.Sprintf("workers[%d].supervisor", i)
			id, err := im.id(f, "worker", w.Supervisor, `SELECT id FROM workers WHERE username = $1 AND county = $2`, w.Supervisor, w.County)
			if err != nil {
				return err
			}
			if w.Supervisor == w.Username {
				return emessage.FieldError(emessage.EInvalid, f, "%s: a worker cannot supervise themself", f)
			}
			supervisor = id
		}
		n, err := im.tx.execN(im.ctx, `UPDATE workers SET supervisor_id = $1
			WHERE username = $2 AND supervisor_id IS DISTINCT FROM $1`, supervisor, w.Username)
		if err != nil {
			return err
		}
		changed[i] = changed[i] || n > 0
	}
	return nil
}

func (im *importer) accounts(d *emessage.ImportData) error {
	for i, a := range d.Accounts {
		f := fmt.Sprintf("ssp_accounts[%d]", i)
		if a.Password != "" && a.PasswordHash == "" {
			return emessage.FieldError(emessage.EInvalid, f+".password", "%s: the password was not hashed", f)
		}
		taken, err := im.exists(`SELECT 1 FROM workers WHERE username = $1`, a.Username)
		if err != nil {
			return err
		}
		if taken {
			return emessage.FieldError(emessage.EInvalid, f+".username",
				"%s: %q is already the username of a worker", f, a.Username)
		}
		existed, err := im.exists(`SELECT 1 FROM ssp_accounts WHERE username = $1`, a.Username)
		if err != nil {
			return err
		}
		if existed && d.County != "" {
			// A customer may have cases in two counties: one county's
			// system must not change how the other reaches them.
			elsewhere, err := im.exists(`SELECT 1 FROM persons p JOIN cases c ON c.id = p.case_id
				JOIN ssp_accounts a ON a.id = p.account_id WHERE a.username = $1 AND c.county <> $2`, a.Username, d.County)
			if err != nil {
				return err
			}
			if elsewhere {
				return emessage.FieldError(emessage.EForbidden, f+".username",
					"%s: %s is linked to a case of another county; this system's token is for county %s only", f, a.Username, d.County)
			}
		}
		lang := a.Language
		if lang == "" {
			lang = "en"
		}
		// A phone or sms_notification left out keeps the account's; texts
		// the customer stopped (STOP) stay off.
		var phone sql.NullString
		var sms sql.NullBool
		if a.Phone != nil {
			phone = sql.NullString{String: *a.Phone, Valid: true}
		}
		if a.SMSNotification != nil {
			sms = sql.NullBool{Bool: *a.SMSNotification, Valid: true}
		}
		n, err := im.tx.execN(im.ctx, `INSERT INTO ssp_accounts (username, password_hash, email, e_notification, language, disabled,
				phone, sms_notification)
			VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, ''), COALESCE($8, FALSE))
			ON CONFLICT (username) DO UPDATE SET password_hash = COALESCE(NULLIF(excluded.password_hash, ''), ssp_accounts.password_hash),
				email = excluded.email, e_notification = excluded.e_notification, language = excluded.language,
				disabled = excluded.disabled, phone = COALESCE($7, ssp_accounts.phone),
				sms_notification = COALESCE($8, ssp_accounts.sms_notification) AND NOT ssp_accounts.sms_stopped
			WHERE (excluded.password_hash <> '' AND ssp_accounts.password_hash <> excluded.password_hash)
				OR ssp_accounts.email <> excluded.email OR ssp_accounts.e_notification <> excluded.e_notification
				OR ssp_accounts.language <> excluded.language OR ssp_accounts.disabled <> excluded.disabled
				OR ssp_accounts.phone <> COALESCE($7, ssp_accounts.phone)
				OR ssp_accounts.sms_notification <> (COALESCE($8, ssp_accounts.sms_notification) AND NOT ssp_accounts.sms_stopped)`,
			a.Username, a.PasswordHash, a.Email, a.ENotification, lang, a.Disabled, phone, sms)
		if err != nil {
			return err
		}
		if n > 0 && existed {
			var id int64
			err := im.tx.queryRow(im.ctx, `SELECT id FROM ssp_accounts WHERE username = $1`, a.Username).Scan(&id)
			if err != nil {
				return err
			}
			if err := callOffTexts(im.ctx, im.tx, id, "the account's texts were changed by an import"); err != nil {
				return err
			}
		}
		if a.Disabled {
			if err := im.endSessions(`role = 'ssp' AND user_id = (SELECT id FROM ssp_accounts WHERE username = $1)`, a.Username); err != nil {
				return err
			}
		}
		tally(&im.res.Accounts, existed, n > 0)
		im.wrote()
	}
	return nil
}

func (im *importer) documents(d *emessage.ImportData) error {
	for i, doc := range d.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		var caseID sql.NullInt64
		err := im.tx.queryRow(im.ctx, `SELECT case_id FROM documents WHERE code = $1`, doc.Code).Scan(&caseID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		existed := err == nil
		if caseID.Valid {
			return emessage.FieldError(emessage.EConflict, f+".code", "%s.code: %s is the code of a case's own document", f, doc.Code)
		}
		var pdf any
		if len(doc.PDFData) > 0 {
			pdf = doc.PDFData
		}
		// A document listed without a PDF keeps the one it has.
		n, err := im.tx.execN(im.ctx, `INSERT INTO documents (code, title, ssp_sendable, pdf)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO UPDATE SET title = excluded.title, ssp_sendable = excluded.ssp_sendable,
				pdf = COALESCE(excluded.pdf, documents.pdf)
			WHERE documents.title <> excluded.title OR documents.ssp_sendable <> excluded.ssp_sendable
				OR (excluded.pdf IS NOT NULL AND documents.pdf IS DISTINCT FROM excluded.pdf)`,
			doc.Code, doc.Title, doc.SSPSendable, pdf)
		if err != nil {
			return err
		}
		if doc.SSPSendable {
			missing, err := im.exists(`SELECT 1 FROM documents WHERE code = $1 AND pdf IS NULL`, doc.Code)
			if err != nil {
				return err
			}
			if missing {
				return emessage.FieldError(emessage.EInvalid, f+".pdf", "%s.pdf: a sendable document needs a pdf", f)
			}
		}
		tally(&im.res.Documents, existed, n > 0)
		im.wrote()
	}
	return nil
}

// tally counts a row the import added, or found (existed) and changed.
func tally(c *emessage.ImportCount, existed, changed bool) {
	switch {
	case !existed:
		c.Added++
	case changed:
		c.Updated++
	}
}
