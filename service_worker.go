package emessage

import (
	"context"
	"io"
	"strings"
	"time"
)

// Home returns the worker's "My e-Messages" counts for their caseload (R10).
func (s *Service) Home(ctx context.Context, a Actor) (HomeCounts, error) {
	if err := requireWorker(a, RightView); err != nil {
		return HomeCounts{}, err
	}
	county, err := s.Store.County(ctx, a.County)
	if err != nil {
		return HomeCounts{}, err
	}
	return s.Store.HomeCounts(ctx, a.ID, s.cutoffs(county))
}

// ShowsMyEmessages reports whether the worker's home page has a section
// "My e-Messages" (SPEC section 11): a worker with emessage.view, in a
// county with Two Way Messaging, who holds at least one program. The
// counts (Home) answer for everyone with the right, with zeros for others.
func (s *Service) ShowsMyEmessages(ctx context.Context, a Actor) (bool, error) {
	if !a.IsWorker() || !a.Can(RightView) {
		return false, nil
	}
	county, err := s.Store.County(ctx, a.County)
	if err != nil || !county.TwoWay {
		return false, err
	}
	cases, err := s.Store.SearchCases(ctx, CaseQuery{County: a.County, WorkerID: a.ID, Limit: 1})
	return len(cases) > 0, err
}

// CaseSummary is a case as the worker's Case Summary page shows it.
type CaseSummary struct {
	Case       *Case
	County     *County
	NewMessage bool // the yellow banner
}

// CaseSummary returns a case of the worker's county (R2: others are not found).
func (s *Service) CaseSummary(ctx context.Context, a Actor, number string) (*CaseSummary, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	c, err := s.workerCase(ctx, a, number)
	if err != nil {
		return nil, err
	}
	county, err := s.Store.County(ctx, c.County)
	if err != nil {
		return nil, err
	}
	hasNew, err := s.Store.CaseHasNew(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return &CaseSummary{Case: c, County: county, NewMessage: hasNew}, nil
}

// workerCase returns a case of the worker's county by its number as typed
// (NormalizeCaseNumber).
func (s *Service) workerCase(ctx context.Context, a Actor, number string) (*Case, error) {
	number = NormalizeCaseNumber(number)
	c, err := s.Store.Case(ctx, number)
	if err != nil || c.County != a.County {
		if err == nil || ErrorCode(err) == ENotFound {
			return nil, NotFound("Case " + number)
		}
		return nil, err
	}
	return c, nil
}

// SendableDocuments lists the forms that may go with a View Document action
// (R6): with a case number, that case's own documents first (SPEC 14).
func (s *Service) SendableDocuments(ctx context.Context, a Actor, caseNumber string) ([]Document, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	var docs []Document
	if caseNumber != "" {
		c, err := s.workerCase(ctx, a, caseNumber)
		if err != nil {
			return nil, err
		}
		if docs, err = s.Store.CaseDocuments(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	forms, err := s.Store.SendableDocuments(ctx)
	return append(docs, forms...), err
}

// SearchFilter is what a worker searches e-Messages by.
type SearchFilter struct {
	CaseNumber string
	PersonID   string
	Statuses   []Status
	Type       Type
	Programs   []string // program codes; none for every program
	From, To   string   // YYYY-MM-DD, inclusive
	Scope      string   // "mine" (default) or "county"
	// Worker is whose caseload "mine" is: "" for the worker searching, or
	// a worker they supervise (SPEC section 12).
	Worker  string
	Overdue bool
	Text    string
	// Archived searches the archived records (retention) instead of the
	// records in use.
	Archived bool
	Limit    int
	Cursor   string
}

// Page is one page of a newest-first list.
type Page struct {
	Messages   []*Message
	NextCursor string // "" on the last page
}

// SearchMessages lists the e-Messages of the worker's caseload or county, newest first.
func (s *Service) SearchMessages(ctx context.Context, a Actor, f SearchFilter) (*Page, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	county, err := s.Store.County(ctx, a.County)
	if err != nil {
		return nil, err
	}
	q := MessageQuery{
		County: a.County, CaseNumber: NormalizeCaseNumber(f.CaseNumber), PersonID: f.PersonID,
		Statuses: f.Statuses, Type: f.Type, Programs: f.Programs, Overdue: f.Overdue, Text: f.Text, Archived: f.Archived,
		Cutoffs: s.cutoffs(county),
	}
	switch f.Scope {
	case "", "mine":
		if q.WorkerID, err = s.caseloadOf(ctx, a, strings.TrimSpace(f.Worker)); err != nil {
			return nil, err
		}
	case "county":
	default:
		return nil, FieldError(EInvalid, "scope", "Cases must be My caseload (mine) or All of my county (county).")
	}
	for _, st := range f.Statuses {
		if !st.Valid() {
			return nil, FieldError(EInvalid, "status", "Unknown status %q.", st)
		}
	}
	for _, p := range f.Programs {
		if !ValidProgramCode(p) {
			return nil, FieldError(EInvalid, "program", "A program is a code like CF or MC: %.20q is not.", p)
		}
	}
	if f.Type != "" && f.Type != TypeMessage && f.Type != TypeAction {
		return nil, FieldError(EInvalid, "type", "The e-Message Type must be Message (message) or Action (action).")
	}
	if q.From, err = s.parseDay(f.From, "from", "From date", 0); err != nil {
		return nil, err
	}
	if q.To, err = s.parseDay(f.To, "to", "To date", 1); err != nil {
		return nil, err
	}
	return s.page(ctx, q, f.Limit, f.Cursor)
}

func (s *Service) page(ctx context.Context, q MessageQuery, limit int, cursor string) (*Page, error) {
	switch {
	case limit == 0:
		limit = 50
	case limit < 1 || limit > 200:
		return nil, FieldError(EInvalid, "limit", "limit must be from 1 to 200")
	}
	if cursor != "" {
		c, err := DecodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		q.After = c
	}
	q.Limit = limit + 1
	msgs, err := s.Store.SearchMessages(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &Page{Messages: msgs}
	if len(msgs) > limit {
		p.Messages = msgs[:limit]
		last := p.Messages[limit-1]
		p.NextCursor = EncodeCursor(Cursor{CreatedAt: last.CreatedAt, ID: last.ID})
	}
	return p, s.fillSeenBy(ctx, p.Messages...)
}

// MessageDetail returns a record of the worker's county with its thread,
// history and uploads. The first worker access of a received record moves it
// to read, and every view is audited.
//
// A county system (SPEC 16: it hears of a record by a webhook event, and
// fetches it with its token) reads the records of its county, audited,
// without moving them: no worker has read them.
func (s *Service) MessageDetail(ctx context.Context, a Actor, id string) (*MessageDetail, error) {
	if a.IsSystem() {
		m, err := s.countyMessage(ctx, a.County, id)
		if err != nil {
			return nil, err
		}
		if err := s.Store.AppendAudit(ctx, audit(a, s.now(), "message.view", "message", m.ID, "")); err != nil {
			return nil, err
		}
		return s.workerDetail(ctx, m)
	}
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	m, err := s.workerMessage(ctx, a, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	ch := &Change{Audit: []AuditEntry{audit(a, now, "message.view", "message", m.ID, "")}}
	if m.Status == StatusReceived {
		ch.Status = &StatusChange{MessageID: m.ID, From: []Status{StatusReceived}, To: StatusRead, At: now, By: a}
		ch.Audit = append(ch.Audit, audit(a, now, "message.status", "message", m.ID, string(StatusRead)))
	}
	if err := s.noteStandIn(ctx, a, m, ch.Audit); err != nil {
		return nil, err
	}
	view := ch.Audit[:1:1]
	err = s.apply(ctx, ch)
	if err != nil && ErrorCode(err) == EInvalidTransition {
		// Another worker opened it at the same moment: it is read either way.
		err = s.Store.AppendAudit(ctx, view...)
	}
	if err != nil {
		return nil, err
	}
	return s.workerDetail(ctx, m)
}

// workerDetail is detail with who of the county opened the customer's records.
func (s *Service) workerDetail(ctx context.Context, m *Message) (*MessageDetail, error) {
	d, err := s.detail(ctx, m)
	if err != nil {
		return nil, err
	}
	return d, s.fillSeenBy(ctx, append([]*Message{d.Message}, d.Thread...)...)
}

// detail is a record as it is now, read with its thread, history and
// uploads; m is the record as it was read before (its id and thread).
func (s *Service) detail(ctx context.Context, m *Message) (*MessageDetail, error) {
	d, err := s.Store.MessageDetail(ctx, m.ID, m.ThreadID)
	if err != nil {
		return nil, err
	}
	nameUploads(d.Uploads)
	return d, nil
}

// uploads returns a record's uploads, each named with its type's extension
// (UploadName): uploads stored before names were made so keep their
// customer's name in the database and are shown and served by this one.
func (s *Service) uploads(ctx context.Context, messageID string) ([]Upload, error) {
	ups, err := s.Store.Uploads(ctx, messageID)
	nameUploads(ups)
	return ups, err
}

func nameUploads(ups []Upload) {
	for i := range ups {
		ups[i].Filename = UploadName(ups[i].Filename, ups[i].ContentType)
	}
}

// workerMessage returns a record if it belongs to the worker's county (R2).
func (s *Service) workerMessage(ctx context.Context, a Actor, id string) (*Message, error) {
	return s.countyMessage(ctx, a.County, id)
}

// workerChange returns a record a worker is about to change (answer,
// close, cancel): the worker needs the send right, the record must be of
// their county (R2) and not archived.
func (s *Service) workerChange(ctx context.Context, a Actor, id string) (*Message, error) {
	if err := requireWorker(a, RightSend); err != nil {
		return nil, err
	}
	m, err := s.workerMessage(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := refuseArchived(m); err != nil {
		return nil, err
	}
	return m, nil
}

// countyMessage returns a record if it belongs to county ("" for a
// statewide system: any county); a record of another county is not found.
func (s *Service) countyMessage(ctx context.Context, county, id string) (*Message, error) {
	m, err := s.Store.Message(ctx, id)
	if err != nil || county != "" && m.County != county {
		if err == nil || ErrorCode(err) == ENotFound {
			return nil, NotFound("e-Message " + id)
		}
		return nil, err
	}
	return m, nil
}

// OpenUpload returns an uploaded document of a record of the worker's
// county (or the system's), audited.
func (s *Service) OpenUpload(ctx context.Context, a Actor, messageID, uploadID string) (*Upload, io.ReadCloser, error) {
	if err := requireWorker(a, RightView); err != nil && !a.IsSystem() {
		return nil, nil, err
	}
	m, err := s.countyMessage(ctx, a.County, messageID)
	if err != nil {
		return nil, nil, err
	}
	ups, err := s.uploads(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	for i := range ups {
		if ups[i].PublicID != uploadID {
			continue
		}
		rc, err := s.Files.Open(ctx, ups[i].StorageName)
		if err != nil {
			return nil, nil, err
		}
		if err := s.Store.AppendAudit(ctx, audit(a, s.now(), "upload.download", "upload", ups[i].PublicID, "message "+m.ID)); err != nil {
			rc.Close()
			return nil, nil, err
		}
		return &ups[i], rc, nil
	}
	return nil, nil, NotFound("Upload " + uploadID)
}

// parseDay reads a YYYY-MM-DD date in the service's location, plus addDays;
// an error names the field for programs and label for people.
func (s *Service) parseDay(v, field, label string, addDays int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, v, s.Location)
	if err != nil {
		return time.Time{}, FieldError(EInvalid, field, "The %s must be a date like 2026-12-31.", label)
	}
	return d.AddDate(0, 0, addDays), nil
}
