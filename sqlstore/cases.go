package sqlstore

import (
	"context"

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

// Case returns a case by its number, with its programs and persons.
func (s *Store) Case(ctx context.Context, number string) (*emessage.Case, error) {
	r := s.read()
	c := &emessage.Case{}
	err := r.queryRow(ctx, `SELECT id, number, county, status FROM cases WHERE number = $1`, number).
		Scan(&c.ID, &c.Number, &c.County, &c.Status)
	if err != nil {
		return nil, notFound(err, "Case "+number)
	}
	rows, err := r.query(ctx, `SELECT cp.code, w.id, w.username, w.name
		FROM case_programs cp JOIN workers w ON w.id = cp.worker_id
		WHERE cp.case_id = $1 ORDER BY cp.id`, c.ID) // import order: the first is the default
	c.Programs, err = collect(rows, err, func(r scanner, p *emessage.Program) error {
		return r.Scan(&p.Code, &p.WorkerID, &p.WorkerUsername, &p.WorkerName)
	})
	if err != nil {
		return nil, err
	}
	rows, err = r.query(ctx, `SELECT p.id, p.person_id, p.name, COALESCE(p.account_id, 0), COALESCE(a.language, '')
		FROM persons p LEFT JOIN ssp_accounts a ON a.id = p.account_id
		WHERE p.case_id = $1 ORDER BY p.id`, c.ID)
	c.Persons, err = collect(rows, err, func(r scanner, p *emessage.Person) error {
		return r.Scan(&p.ID, &p.PersonID, &p.Name, &p.AccountID, &p.Language)
	})
	if err != nil {
		return nil, err
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
