package emessage

import (
	"context"
	"strings"
	"time"
)

// NewMessage is what a worker fills in to send an e-Message or Action Request.
type NewMessage struct {
	CaseNumber   string
	PersonID     string
	Program      string // a program of the case; "" for the worker's own (Case.ProgramForWorker)
	Type         Type
	ActionType   ActionType
	DocumentCode string
	Subject      string
	Body         string
	DueDate      string // YYYY-MM-DD, actions only; default the county's ActionDueDays after sending
	// SendAt is when the record goes out to the customer (SPEC 22): zero
	// for now; otherwise in the future, at most MaxScheduleAhead ahead.
	SendAt time.Time
}

// SendMessage creates a worker's e-Message or Action Request (R3-R7).
func (s *Service) SendMessage(ctx context.Context, a Actor, in NewMessage) (*Message, error) {
	if err := requireWorker(a, RightSend); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.CaseNumber) == "" {
		return nil, FieldError(EInvalid, "case_number", "Enter a Case Number.")
	}
	c, err := s.workerCase(ctx, a, in.CaseNumber)
	if err != nil {
		return nil, err
	}
	if !c.Status.Open() {
		return nil, discontinued(c.Number)
	}
	county, err := s.Store.County(ctx, c.County)
	if err != nil {
		return nil, err
	}
	m := &Message{
		Type: in.Type, Direction: ToCustomer, Subject: NeutralizeDirection(strings.TrimSpace(in.Subject)), Body: NeutralizeDirection(in.Body),
		AuthorKind: a.Kind(), AuthorID: a.ID, AuthorUsername: a.Username,
	}
	if !in.SendAt.IsZero() {
		if err := s.checkSendAt(in.SendAt, s.Now()); err != nil {
			return nil, err
		}
		at := in.SendAt.UTC().Truncate(time.Microsecond)
		m.SendAt, m.Scheduled = &at, true
	}
	switch in.Type {
	case TypeMessage:
		m.Status = StatusSent
	case TypeAction:
		if !county.TwoWay {
			return nil, Errorf(ETwoWayDisabled, "%s County has not opted into Two Way Messaging, so it can send e-Messages of type Message only.", county.Name)
		}
		m.Status = StatusNewAction
		if err := s.fillAction(ctx, m, in, county); err != nil {
			return nil, err
		}
	default:
		return nil, FieldError(EInvalid, "type", "Choose an e-Message Type: Message or Action.")
	}
	if in.PersonID == "" {
		return nil, FieldError(EInvalid, "person_id", "Choose a Person Name.")
	}
	p, ok := c.Person(in.PersonID)
	if !ok {
		return nil, FieldError(EInvalid, "person_id", "Person %s is not on case %s.", in.PersonID, c.Number)
	}
	if !p.Linked() {
		return nil, FieldError(ENoSSPAccount, "person_id", "%s has no Self-Service Portal account, so an e-Message cannot be sent to them.", p.Name)
	}
	if err := CheckText(m.Subject, m.Body); err != nil {
		return nil, err
	}
	m.addressTo(c, p)
	if m.Document != nil {
		if err := checkCaseDocument(m.Document, m); err != nil {
			return nil, err
		}
	}
	if m.Program, err = c.chooseProgram(strings.TrimSpace(in.Program), c.ProgramForWorker(a.ID)); err != nil {
		return nil, err
	}
	m.asWritten(county, c) // the owner first: noteStandIn asks for it
	if err := s.create(ctx, a, m, ""); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Service) fillAction(ctx context.Context, m *Message, in NewMessage, county *County) error {
	m.ActionType = in.ActionType
	switch in.ActionType {
	case ActionUploadDocument:
	case ActionViewDocument:
		if in.DocumentCode == "" {
			return FieldError(EInvalid, "document_code", "Choose a form from View Documents.")
		}
		doc, err := s.Store.Document(ctx, in.DocumentCode, false)
		if ErrorCode(err) == ENotFound {
			return FieldError(EInvalid, "document_code", "There is no form %s.", in.DocumentCode)
		} else if err != nil {
			return err
		}
		if !doc.SSPSendable {
			return FieldError(ENotSendable, "document_code", "Form %s cannot be sent through the Self-Service Portal.", doc.Code)
		}
		m.Document = doc
	default:
		return FieldError(EInvalid, "action_type", "Choose an Action Type: Upload Document or View Document.")
	}
	// The customer gets the full days from when the request reaches them:
	// a scheduled one counts from its send time (SPEC 22).
	sent := s.Now()
	if m.SendAt != nil {
		sent = *m.SendAt
	}
	sentDay := sent.In(s.Location).Format(time.DateOnly)
	switch {
	case in.DueDate == "":
		m.DueDate = sent.In(s.Location).AddDate(0, 0, county.DueDays()).Format(time.DateOnly)
	default:
		d, err := time.Parse(time.DateOnly, in.DueDate)
		if err != nil {
			return FieldError(EInvalid, "due_date", "The due date must be a date like 2026-12-31.")
		}
		if in.DueDate < s.today() {
			return FieldError(EInvalid, "due_date", "The due date cannot be in the past.")
		}
		if in.DueDate < sentDay {
			return FieldError(EInvalid, "due_date", "The due date cannot be before the day the request is sent (%s).", sentDay)
		}
		m.DueDate = d.Format(time.DateOnly)
	}
	return nil
}

// create writes a new record written by a, with its history, its
// notification (R7) and its audit entry; status, if set, answers another record.
func (s *Service) create(ctx context.Context, a Actor, m *Message, answers Status) error {
	now := s.now()
	m.ID = NewMessageID(now)
	m.CreatedAt, m.UpdatedAt = now, now
	if m.ThreadID == "" {
		m.ThreadID = m.ID
	}
	detail := string(m.Type) + " " + string(m.Status)
	if m.Scheduled {
		detail += " scheduled for " + m.SendAt.Format(time.RFC3339)
	}
	ch := &Change{
		Messages: []*Message{m},
		Audit:    []AuditEntry{audit(a, now, "message.create", "message", m.ID, detail)},
	}
	if answers != "" {
		ch.Status = &StatusChange{MessageID: m.InReplyTo, From: answers.Sources(), To: answers, At: now, By: a}
		ch.Audit = append(ch.Audit, audit(a, now, "message.status", "message", m.InReplyTo, string(answers)))
	}
	if err := s.noteStandIn(ctx, a, m, ch.Audit); err != nil {
		return err
	}
	if m.Direction == ToCustomer && !m.Scheduled { // a scheduled record is announced at its time (release)
		if err := s.announce(ctx, ch, m, now); err != nil {
			return err
		}
	}
	if err := s.apply(ctx, ch); err != nil {
		return err
	}
	s.wakeNotices(ch)
	if m.Scheduled && s.ScheduledSend != nil {
		s.ScheduledSend()
	}
	return nil
}

// announce adds to ch what tells the customer that m, a record to them,
// is waiting at now: the e-Notification email (R7) and the text (SPEC 20),
// each when the account takes it. Whatever sends a to-customer record on
// its way calls it, in the change that does.
func (s *Service) announce(ctx context.Context, ch *Change, m *Message, now time.Time) error {
	acct, err := s.Store.Account(ctx, m.AccountID)
	if err != nil {
		return err
	}
	if acct.Disabled {
		return nil
	}
	if acct.Email != "" && acct.ENotification {
		ch.Notifications = append(ch.Notifications, Notification{
			MessageID: m.ID, AccountID: acct.ID, Email: acct.Email, Language: acct.Language,
			Status: NotificationPending, NextAt: now, CreatedAt: now, MailID: NewMailID(s.MailDomain),
		})
	}
	if s.Texts && acct.Phone != "" && acct.SMSNotification {
		ch.Texts = append(ch.Texts, Text{
			AccountID: acct.ID, Phone: acct.Phone, Language: acct.Language, MessageID: m.ID,
			State: TextPending, NextAt: TextAllowedAt(now, s.Location), CreatedAt: now,
		})
	}
	return nil
}

// wakeNotices wakes the dispatchers of what an applied change queued.
func (s *Service) wakeNotices(ch *Change) {
	if len(ch.Notifications) > 0 && s.Notify != nil {
		s.Notify()
	}
	if len(ch.Texts) > 0 && s.TextsQueued != nil {
		s.TextsQueued()
	}
}

// Reply answers a customer's received or read record: the answer is a new
// to_customer record in the thread and the customer's record becomes replied.
// It returns the answered record.
func (s *Service) Reply(ctx context.Context, a Actor, id, body string) (*Message, error) {
	orig, err := s.workerChange(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := CheckMove(orig.Status, StatusReplied); err != nil {
		return nil, err
	}
	if err := CheckBody(body); err != nil {
		return nil, err
	}
	c, err := s.openCase(ctx, orig.CaseNumber)
	if err != nil {
		return nil, err
	}
	p, ok := c.Person(orig.PersonID)
	if !ok || !p.Linked() {
		return nil, Errorf(ENoSSPAccount, "%s has no Self-Service Portal account any more.", orig.PersonName)
	}
	answer := newAnswer(a, orig, body)
	answer.addressTo(c, p)
	if err := s.create(ctx, a, answer, StatusReplied); err != nil {
		return nil, err
	}
	return s.Store.Message(ctx, orig.ID)
}

// openCase returns a case that is active or pending (R3).
func (s *Service) openCase(ctx context.Context, number string) (*Case, error) {
	c, err := s.Store.Case(ctx, number)
	if err != nil {
		return nil, err
	}
	if !c.Status.Open() {
		return nil, discontinued(c.Number)
	}
	return c, nil
}

func discontinued(number string) *Error {
	return FieldError(ECaseDiscontinued, "case_number", "Case %s is discontinued; e-Messages can be sent only on active or pending cases.", number)
}

// newAnswer is the record a writes in answer to orig: a plain e-Message in
// orig's thread, on orig's case and person, its subject orig's after "Re: ".
// A customer's answer is theirs and goes to the county; a worker's goes to
// the customer (Reply addresses it to the case and person as they are now).
func newAnswer(a Actor, orig *Message, body string) *Message {
	m := &Message{
		CaseID: orig.CaseID, CaseNumber: orig.CaseNumber, County: orig.County,
		PersonKey: orig.PersonKey, PersonID: orig.PersonID, PersonName: orig.PersonName, AccountID: orig.AccountID,
		Type: TypeMessage, Direction: ToCustomer, Status: StatusSent,
		Subject: replySubject(orig.Subject), Body: NeutralizeDirection(body),
		AuthorKind: a.Kind(), AuthorID: a.ID, AuthorUsername: a.Username,
		ThreadID: orig.ThreadID, InReplyTo: orig.ID, Program: orig.Program,
		OwnerID: orig.OwnerID, OwnerUsername: orig.OwnerUsername, OwnerName: orig.OwnerName,
	}
	if a.IsCustomer() {
		m.AccountID, m.Direction, m.Status = a.ID, FromCustomer, StatusReceived
	}
	return m
}

// addressTo puts a worker's record on case c, for person p and the portal
// account linked to them.
// asWritten completes a record about to be written with what reading it
// back would add (its county's settings, its program's worker, no uploads
// yet), so that a send answers from what it wrote instead of reading its
// record again (issue 18: the read was 16% of a send's processor time).
// TestSendAnswersAsRead keeps the two the same.
func (m *Message) asWritten(county *County, c *Case) {
	m.TwoWay, m.ResponseDays, m.Holidays = county.TwoWay, county.ResponseBusinessDays, county.Holidays
	if pr, ok := c.Program(m.Program); ok {
		m.OwnerID, m.OwnerUsername, m.OwnerName = pr.WorkerID, pr.WorkerUsername, pr.WorkerName
	}
	if m.Document != nil {
		m.Document = &Document{Code: m.Document.Code, Title: m.Document.Title}
	}
}

func (m *Message) addressTo(c *Case, p Person) {
	m.CaseID, m.CaseNumber, m.County = c.ID, c.Number, c.County
	m.PersonKey, m.PersonID, m.PersonName, m.AccountID = p.ID, p.PersonID, p.Name, p.AccountID
}

func replySubject(subject string) string {
	if strings.HasPrefix(strings.ToLower(subject), "re:") {
		return subject
	}
	r := []rune("Re: " + subject)
	if len(r) > MaxSubject {
		r = r[:MaxSubject]
	}
	return string(r)
}

// SetStatus is the worker's status change from the Detail page: only Action
// Closed may be set by hand (replied comes with an answer, read with a view).
func (s *Service) SetStatus(ctx context.Context, a Actor, id string, to Status) (*Message, error) {
	m, err := s.workerChange(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !to.Valid() {
		return nil, FieldError(EInvalid, "status", "Unknown status %q.", to)
	}
	if m.Scheduled {
		return nil, Errorf(EInvalidTransition, "This Action Request has not been sent yet: cancel sending it instead.")
	}
	if err := CheckMove(m.Status, to); err != nil {
		return nil, err
	}
	if to != StatusActionClosed {
		return nil, FieldError(EInvalidTransition, "status", "A worker can set only Action Closed here; answer a message to set Replied.")
	}
	now := s.now()
	entries := []AuditEntry{audit(a, now, "message.status", "message", m.ID, string(to))}
	if err := s.noteStandIn(ctx, a, m, entries); err != nil {
		return nil, err
	}
	err = s.apply(ctx, &Change{
		Status: &StatusChange{MessageID: m.ID, From: to.Sources(), To: to, At: now, By: a},
		Audit:  entries,
	})
	if ErrorCode(err) == EInvalidTransition {
		return nil, Errorf(EInvalidTransition, "This e-Message was changed by someone else a moment ago; it is no longer open to that change.")
	}
	if err != nil {
		return nil, err
	}
	return s.Store.Message(ctx, m.ID)
}
