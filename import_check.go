package emessage

import (
	"fmt"
	"strings"
	"time"
)

// validate checks everything of an import file that can be checked without
// the database: each section's fields, as SPEC section 7 gives them.
func (d *ImportData) validate() error {
	for i, c := range d.Counties {
		f := fmt.Sprintf("counties[%d]", i)
		if c.Code == "" || c.Name == "" {
			return FieldError(EInvalid, f, "%s needs a code and a name", f)
		}
		if c.ResponseBusinessDays != nil && (*c.ResponseBusinessDays < 1 || *c.ResponseBusinessDays > 30) {
			return FieldError(EInvalid, f+".response_business_days", "response_business_days must be from 1 to 30")
		}
		if c.DefaultProgram != "" && !ValidProgramCode(c.DefaultProgram) {
			return FieldError(EInvalid, f+".default_program", "default_program is a program's code, like CF")
		}
		if c.RetentionYears != nil && (*c.RetentionYears < 0 || *c.RetentionYears > MaxRetentionYears) {
			return FieldError(EInvalid, f+".retention_years", "%s.retention_years must be from 0 (keep for ever) to %d years", f, MaxRetentionYears)
		}
		if c.ActionDueDays != nil && (*c.ActionDueDays < 1 || *c.ActionDueDays > MaxDueDays) {
			return FieldError(EInvalid, f+".action_due_days", "%s.action_due_days must be from 1 to %d days", f, MaxDueDays)
		}
		seen := map[[2]string]bool{}
		for j, t := range c.Templates {
			ft := fmt.Sprintf("%s.templates[%d]", f, j)
			if err := t.validate(ft); err != nil {
				return err
			}
			key := [2]string{t.Code, t.Language}
			if seen[key] {
				return FieldError(EInvalid, ft, "%s: %s has two templates %s in %s", ft, f, t.Code, t.Language)
			}
			seen[key] = true
		}
		for j, day := range c.Holidays {
			if _, err := time.Parse(time.DateOnly, day); err != nil {
				fh := fmt.Sprintf("%s.holidays[%d]", f, j)
				return FieldError(EInvalid, fh, "%s: %q is not a date like 2026-12-25", fh, day)
			}
		}
	}
	for i, w := range d.Workers {
		f := fmt.Sprintf("workers[%d]", i)
		if w.Username == "" || w.Name == "" || w.County == "" {
			return FieldError(EInvalid, f, "%s needs a username, a name and a county", f)
		}
		if err := checkUsername(f, w.Username); err != nil {
			return err
		}
		if err := checkImportPassword(w.Username, w.Password); err != nil {
			return FieldError(EInvalid, f+".password", "%s (%s): %s", f, w.Username, ErrorMessage(err))
		}
		for _, r := range w.Rights {
			if r != RightView && r != RightSend && r != RightAdmin && r != RightSupervise {
				return FieldError(EInvalid, f+".rights", "unknown right %q", r)
			}
		}
	}
	for i, a := range d.Accounts {
		f := fmt.Sprintf("ssp_accounts[%d]", i)
		if a.Username == "" {
			return FieldError(EInvalid, f, "%s needs a username", f)
		}
		if err := checkUsername(f, a.Username); err != nil {
			return err
		}
		if err := checkImportPassword(a.Username, a.Password); err != nil {
			return FieldError(EInvalid, f+".password", "%s (%s): %s", f, a.Username, ErrorMessage(err))
		}
		if a.Language == "" {
			d.Accounts[i].Language = "en"
		} else if !ValidLanguage(a.Language) {
			return FieldError(EInvalid, f+".language", "language must be one of %s", strings.Join(Languages, ", "))
		}
		if a.Email != "" && !ValidEmail(a.Email) {
			return FieldError(EInvalid, f+".email", "%q is not an email address", a.Email)
		}
	}
	for i, doc := range d.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if doc.Code == "" || doc.Title == "" {
			return FieldError(EInvalid, f, "%s needs a code and a title", f)
		}
		// A sendable one needs a PDF: the file's, or one imported before
		// (the store checks).
	}
	for i, c := range d.Cases {
		f := fmt.Sprintf("cases[%d]", i)
		if c.Number == "" || c.County == "" {
			return FieldError(EInvalid, f, "%s needs a number and a county", f)
		}
		if !c.Status.Valid() {
			return FieldError(EInvalid, f+".status", "status must be active, pending or discontinued")
		}
		for j, p := range c.Persons {
			if p.ID == "" || p.Name == "" {
				return FieldError(EInvalid, fmt.Sprintf("%s.persons[%d]", f, j), "a person needs an id and a name")
			}
		}
		for j, p := range c.Programs {
			if p.Code == "" || p.Worker == "" {
				return FieldError(EInvalid, fmt.Sprintf("%s.programs[%d]", f, j), "a program needs a code and a worker")
			}
			if !ValidProgramCode(p.Code) {
				return FieldError(EInvalid, fmt.Sprintf("%s.programs[%d].code", f, j), "a program's code is 1 to 10 capital letters and digits, like CF")
			}
		}
	}
	for i, m := range d.Messages {
		if err := m.validate(fmt.Sprintf("messages[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// checkImportPassword checks a password the file gives. A file may leave
// it out: a worker or account already there keeps theirs, and a new one has
// none (a worker who signs in with the county's account, SPEC 17).
func checkImportPassword(username, password string) error {
	if password == "" {
		return nil
	}
	return CheckPassword(username, password)
}

// checkScope refuses, when the import may touch one county alone (a sync
// by a county-bound token), whatever the file itself says is of another
// county; the store checks what the database holds.
func (d *ImportData) checkScope() error {
	if d.County == "" {
		return nil
	}
	other := func(field, code string) error {
		return FieldError(EForbidden, field, "%s: %q is another county; this system's token is for county %s only", field, code, d.County)
	}
	for i, c := range d.Counties {
		if c.Code != d.County {
			return other(fmt.Sprintf("counties[%d].code", i), c.Code)
		}
	}
	for i, w := range d.Workers {
		if w.County != d.County {
			return other(fmt.Sprintf("workers[%d].county", i), w.County)
		}
	}
	if len(d.Documents) > 0 {
		return FieldError(EForbidden, "documents", "documents: the forms' catalogue is the state's; a token for county %s cannot change it", d.County)
	}
	for i, c := range d.Cases {
		if c.County != d.County {
			return other(fmt.Sprintf("cases[%d].county", i), c.County)
		}
	}
	return nil
}

func (m ImportMessage) validate(f string) error {
	if m.ID == "" || m.CaseNumber == "" || m.PersonID == "" {
		return FieldError(EInvalid, f, "%s needs an id, a case_number and a person_id", f)
	}
	if m.CreatedAt.IsZero() {
		return FieldError(EInvalid, f+".created_at", "%s needs created_at", f)
	}
	if m.Program != "" && !ValidProgramCode(m.Program) {
		return FieldError(EInvalid, f+".program", "%s.program: a program's code is like CF", f)
	}
	if err := CheckText(m.Subject, m.Body); err != nil {
		e := err.(*Error)
		return FieldError(e.Code, f+"."+e.Field, "%s: %s", f, e.Message)
	}
	if !m.Status.Valid() {
		return FieldError(EInvalid, f+".status", "unknown status %q", m.Status)
	}
	allowed := map[Direction]map[Type][]Status{
		FromCustomer: {TypeMessage: {StatusReceived, StatusRead, StatusReplied}},
		ToCustomer: {
			TypeMessage: {StatusSent},
			TypeAction:  {StatusNewAction, StatusActionCompleted, StatusActionClosed},
		},
	}
	byType, ok := allowed[m.Direction]
	if !ok {
		return FieldError(EInvalid, f+".direction", "direction must be to_customer or from_customer")
	}
	statuses, ok := byType[m.Type]
	if !ok {
		return FieldError(EInvalid, f+".type", "type %q does not go %s", m.Type, m.Direction)
	}
	found := false
	for _, s := range statuses {
		found = found || s == m.Status
	}
	if !found {
		return FieldError(EInvalid, f+".status", "status %s does not fit a %s %s", m.Status, m.Direction, m.Type)
	}
	if m.Type == TypeAction {
		if m.ActionType != ActionUploadDocument && m.ActionType != ActionViewDocument {
			return FieldError(EInvalid, f+".action_type", "an action needs action_type upload_document or view_document")
		}
		if m.ActionType == ActionViewDocument && m.DocumentCode == "" {
			return FieldError(EInvalid, f+".document_code", "a view_document action needs a document_code")
		}
		if m.DueDate != "" {
			if _, err := time.Parse(time.DateOnly, m.DueDate); err != nil {
				return FieldError(EInvalid, f+".due_date", "due_date must be YYYY-MM-DD")
			}
		}
	}
	return nil
}
