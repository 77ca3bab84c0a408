package sqlstore

import (
	"context"
	"database/sql"

	"github.com/county/emessage"
)

// County returns a county by its code.
func (s *Store) County(ctx context.Context, code string) (*emessage.County, error) {
	var (
		c        emessage.County
		holidays string
	)
	err := s.read().queryRow(ctx, `SELECT code, name, two_way, response_business_days, default_program,
			holidays, action_due_days, retention_years
		FROM counties WHERE code = $1`, code).
		Scan(&c.Code, &c.Name, &c.TwoWay, &c.ResponseBusinessDays, &c.DefaultProgram, &holidays, &c.ActionDueDays, &c.RetentionYears)
	if err != nil {
		return nil, notFound(err, "County "+code)
	}
	c.Holidays = splitDays(holidays)
	return &c, nil
}

// caseQuery reads a case, its programs and its persons in one statement
// (one round trip on PostgreSQL, one prepared statement on SQLite, where
// it was three: issue 18). Each row says which it is in its first
// column; the case comes first, then the programs in import order (the
// first is the default), then the persons.
const caseQuery = `WITH c AS (SELECT id, number, county, status FROM cases WHERE number = $1)
	SELECT 0 AS kind, 0 AS seq, c.id, c.number, c.county, c.status, 0 FROM c
	UNION ALL
	SELECT 1, cp.id, w.id, cp.code, w.username, w.name, 0
		FROM c JOIN case_programs cp ON cp.case_id = c.id JOIN workers w ON w.id = cp.worker_id
	UNION ALL
	SELECT 2, p.id, p.id, p.person_id, p.name, COALESCE(a.language, ''), COALESCE(p.account_id, 0)
		FROM c JOIN persons p ON p.case_id = c.id LEFT JOIN ssp_accounts a ON a.id = p.account_id
	ORDER BY kind, seq`

// Case returns a case by its number, with its programs and persons.
func (s *Store) Case(ctx context.Context, number string) (*emessage.Case, error) {
	rows, err := s.read().query(ctx, caseQuery, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var c *emessage.Case
	for rows.Next() {
		var (
			kind, seq, id, account int64
			a, b, d                string
		)
		if err := rows.Scan(&kind, &seq, &id, &a, &b, &d, &account); err != nil {
			return nil, err
		}
		switch kind {
		case 0:
			c = &emessage.Case{ID: id, Number: a, County: b, Status: emessage.CaseStatus(d)}
		case 1:
			c.Programs = append(c.Programs, emessage.Program{Code: a, WorkerID: id, WorkerUsername: b, WorkerName: d})
		case 2:
			c.Persons = append(c.Persons, emessage.Person{ID: id, PersonID: a, Name: b, Language: d, AccountID: account})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, notFound(sql.ErrNoRows, "Case "+number)
	}
	return c, nil
}

// AccountPersons lists the persons linked to an SSP account, with their cases and counties.
func (s *Store) AccountPersons(ctx context.Context, accountID int64) ([]emessage.AccountPerson, error) {
	rows, err := s.read().query(ctx, `SELECT p.id, p.person_id, p.name, p.account_id,
			c.id, c.number, c.status, co.code, co.name, co.two_way, co.response_business_days, co.default_program,
			co.holidays, co.action_due_days
		FROM persons p
		JOIN cases c ON c.id = p.case_id
		JOIN counties co ON co.code = c.county
		WHERE p.account_id = $1
		ORDER BY c.number, p.person_id`, accountID)
	return collect(rows, err, func(r scanner, ap *emessage.AccountPerson) error {
		var holidays string
		err := r.Scan(&ap.Person.ID, &ap.Person.PersonID, &ap.Person.Name, &ap.Person.AccountID,
			&ap.CaseID, &ap.CaseNumber, &ap.CaseStatus,
			&ap.County.Code, &ap.County.Name, &ap.County.TwoWay, &ap.County.ResponseBusinessDays, &ap.County.DefaultProgram,
			&holidays, &ap.County.ActionDueDays)
		ap.County.Holidays = splitDays(holidays)
		return err
	})
}

// Templates lists a county's templates in one language, or in every
// language for "", by code and language.
func (s *Store) Templates(ctx context.Context, county, language string) ([]emessage.Template, error) {
	rows, err := s.read().query(ctx, `SELECT county, code, language, title, body FROM templates
		WHERE county = $1 AND ($2 = '' OR language = $2) ORDER BY code, language`, county, language)
	return collect(rows, err, func(r scanner, t *emessage.Template) error {
		return r.Scan(&t.County, &t.Code, &t.Language, &t.Title, &t.Body)
	})
}
