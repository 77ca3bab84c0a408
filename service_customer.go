package emessage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// CustomerMessages lists the records of the persons linked to the account, newest first (R9).
func (s *Service) CustomerMessages(ctx context.Context, a Actor, limit int, cursor string) (*Page, error) {
	if err := requireCustomer(a); err != nil {
		return nil, err
	}
	return s.page(ctx, MessageQuery{AccountID: a.ID}, limit, cursor)
}

// customerMessage returns a record of a person linked to the account; any
// other record is not found (R9), nor is one scheduled for later or
// cancelled before it was sent (SPEC 22): every customer path to a record
// (its page, its form, uploads, answers) comes this way.
func (s *Service) customerMessage(ctx context.Context, a Actor, id string) (*Message, error) {
	if err := requireCustomer(a); err != nil {
		return nil, err
	}
	m, err := s.Store.Message(ctx, id)
	if err != nil && ErrorCode(err) != ENotFound {
		return nil, err
	}
	if err == nil && !m.HiddenFromCustomer() {
		persons, err := s.Store.AccountPersons(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range persons {
			if p.Person.ID == m.PersonKey {
				return m, nil
			}
		}
	}
	return nil, NotFound("Message " + id)
}

// CustomerMessage returns a record and its thread, and records the read receipt.
func (s *Service) CustomerMessage(ctx context.Context, a Actor, id string) (*MessageDetail, error) {
	m, err := s.customerMessage(ctx, a, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	ch := &Change{Audit: []AuditEntry{audit(a, now, "message.view", "message", m.ID, "")}}
	if m.ViewedAt == nil && m.Direction == ToCustomer {
		ch.Viewed = &ViewedChange{MessageID: m.ID, At: now}
	}
	if err := s.apply(ctx, ch); err != nil {
		return nil, err
	}
	d, err := s.detail(ctx, m)
	if err != nil {
		return nil, err
	}
	d.ForCustomer()
	return d, nil
}

// CustomerDocument returns the form of a View Document action. complete
// says the customer surely asked for it (through the API, by a POST, or by
// a page of the portal itself): opening it then completes the action and
// sets the read receipt. Otherwise the request may have been made by
// another web site through the customer's browser, and changes nothing
// but the audit trail; while the action still awaits its form, it returns
// no form but pending, and the caller asks the customer to confirm.
func (s *Service) CustomerDocument(ctx context.Context, a Actor, id string, complete bool) (doc *Document, pending bool, err error) {
	m, err := s.customerMessage(ctx, a, id)
	if err != nil {
		return nil, false, err
	}
	if m.ActionType != ActionViewDocument || m.Document == nil {
		return nil, false, NotFound("A form for this message")
	}
	if !complete && m.Status == StatusNewAction {
		return nil, true, nil
	}
	doc, err = s.Store.Document(ctx, m.Document.Code, true)
	if err == nil {
		err = s.documentPDF(ctx, doc)
	}
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	ch := &Change{Audit: []AuditEntry{audit(a, now, "document.view", "message", m.ID, doc.Code)}}
	if !complete {
		return doc, false, s.apply(ctx, ch)
	}
	if m.ViewedAt == nil {
		ch.Viewed = &ViewedChange{MessageID: m.ID, At: now}
	}
	if err := s.applyCompleting(ctx, a, m, ch); err != nil {
		return nil, false, err
	}
	return doc, false, nil
}

// CustomerUpload stores documents for an Upload Document action and completes
// it, setting the read receipt if the customer had not opened the record
// (through the API, a customer may upload without reading). Every file is
// checked before any is stored; a refusal stores nothing.
// It returns the record after the change and the stored uploads.
func (s *Service) CustomerUpload(ctx context.Context, a Actor, id string, files []UploadFile) (*Message, []Upload, error) {
	m, err := s.customerMessage(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if m.ActionType != ActionUploadDocument {
		return nil, nil, Errorf(EInvalid, "This message does not ask for documents.")
	}
	if m.Status != StatusNewAction && m.Status != StatusActionCompleted {
		return nil, nil, Errorf(EInvalidTransition, "This request is closed; it takes no more documents.")
	}
	if len(files) == 0 {
		return nil, nil, FieldError(EInvalid, "file", "Choose at least one file to upload.")
	}
	if len(files)+m.UploadCount > MaxUploadsPerItem {
		return nil, nil, TooManyFiles()
	}
	now := s.now()
	ups := make([]Upload, len(files))
	data := make([][]byte, len(files)) // what is stored: the document without a phone's trailer
	for i, f := range files {
		if len(f.Data) > MaxUploadSize {
			return nil, nil, TooLarge(f.Name)
		}
		c, err := CheckUpload(f.Name, f.Data)
		if err != nil {
			return nil, nil, err
		}
		data[i] = c.Data
		sum := sha256.Sum256(c.Data)
		ups[i] = Upload{PublicID: NewUploadID(now), MessageID: m.ID, Filename: UploadName(f.Name, c.Type),
			ContentType: c.Type, Size: int64(len(c.Data)), SHA256: hex.EncodeToString(sum[:]), UploadedAt: now,
			AccountID: a.ID, Trimmed: int64(c.Trimmed)}
	}
	ch := &Change{Uploads: ups, UploadsTo: m.ID, UploadsWhile: []Status{StatusNewAction, StatusActionCompleted}}
	if m.ViewedAt == nil { // answering a message is having seen it, as opening its form is
		ch.Viewed = &ViewedChange{MessageID: m.ID, At: now}
	}
	for i := range files {
		name, err := s.Files.Put(ctx, data[i])
		if err != nil {
			s.deleteFiles(ctx, ups[:i])
			return nil, nil, err
		}
		ups[i].StorageName = name
		ch.Audit = append(ch.Audit, audit(a, now, "upload.create", "message", m.ID, uploadDetail(ups[i])))
	}
	if err := s.applyCompleting(ctx, a, m, ch); err != nil {
		s.deleteFiles(ctx, ups)
		return nil, nil, err
	}
	m, err = s.Store.Message(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	return m, ups, nil
}

// uploadDetail is an upload's audit entry: its name, its public id, and
// how much was taken off around it.
func uploadDetail(u Upload) string {
	d := u.Filename + " (" + u.PublicID + ")"
	if u.Trimmed > 0 {
		d += fmt.Sprintf("; %d bytes around the document left out", u.Trimmed)
	}
	return d
}

// applyCompleting applies ch and with it moves a new_action record to
// action_completed. When another request completed or closed the record a
// moment before, ch is applied without the move: the customer's document or
// view still counts.
func (s *Service) applyCompleting(ctx context.Context, a Actor, m *Message, ch *Change) error {
	entries := ch.Audit
	if m.Status == StatusNewAction {
		now := s.now()
		ch.Status = &StatusChange{MessageID: m.ID, From: []Status{StatusNewAction}, To: StatusActionCompleted, At: now, By: a}
		ch.Audit = append(entries[:len(entries):len(entries)], audit(a, now, "message.status", "message", m.ID, string(StatusActionCompleted)))
	}
	err := s.apply(ctx, ch)
	if ch.Status != nil && ErrorCode(err) == EInvalidTransition {
		ch.Status, ch.Audit = nil, entries
		err = s.apply(ctx, ch)
	}
	return err
}

func (s *Service) deleteFiles(ctx context.Context, ups []Upload) {
	for _, u := range ups {
		if u.StorageName != "" {
			s.Files.Delete(ctx, u.StorageName)
		}
	}
}

// NewCustomerMessage is what a customer writes to the county.
type NewCustomerMessage struct {
	CaseNumber string
	// Program is what the message is about: a program of the case, or ""
	// when the customer is not sure (Case.ProgramForCustomer).
	Program string
	Subject string
	Body    string
}

// CustomerSend creates a customer's message to the county (two-way counties only).
func (s *Service) CustomerSend(ctx context.Context, a Actor, in NewCustomerMessage) (*Message, error) {
	if err := requireCustomer(a); err != nil {
		return nil, err
	}
	persons, err := s.Store.AccountPersons(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	var ap *AccountPerson
	for i := range persons {
		if persons[i].CaseNumber == NormalizeCaseNumber(in.CaseNumber) {
			ap = &persons[i]
			break
		}
	}
	if ap == nil {
		return nil, FieldError(EInvalid, "case_number", "Choose one of your cases.")
	}
	if !ap.County.TwoWay {
		return nil, Errorf(ETwoWayDisabled, "%s County does not take messages through the portal. Please call or visit your county office.", ap.County.Name)
	}
	if !ap.CaseStatus.Open() {
		return nil, discontinued(ap.CaseNumber)
	}
	m := &Message{
		CaseID: ap.CaseID, CaseNumber: ap.CaseNumber, County: ap.County.Code,
		PersonKey: ap.Person.ID, PersonID: ap.Person.PersonID, PersonName: ap.Person.Name, AccountID: a.ID,
		Type: TypeMessage, Direction: FromCustomer, Status: StatusReceived,
		Subject: NeutralizeDirection(strings.TrimSpace(in.Subject)), Body: NeutralizeDirection(in.Body),
		AuthorKind: a.Kind(), AuthorID: a.ID, AuthorUsername: a.Username,
	}
	if err := CheckText(m.Subject, m.Body); err != nil {
		return nil, err
	}
	c, err := s.Store.Case(ctx, ap.CaseNumber)
	if err != nil {
		return nil, err
	}
	if m.Program, err = c.chooseProgram(strings.TrimSpace(in.Program), c.ProgramForCustomer(ap.County.DefaultProgram)); err != nil {
		return nil, err
	}
	m.asWritten(&ap.County, c)
	if err := s.create(ctx, a, m, ""); err != nil {
		return nil, err
	}
	return m, nil
}

// CustomerReply answers a record of the customer's thread with a new received record.
func (s *Service) CustomerReply(ctx context.Context, a Actor, id, body string) (*Message, error) {
	orig, err := s.customerMessage(ctx, a, id)
	if err == nil {
		err = refuseArchived(orig)
	}
	if err != nil {
		return nil, err
	}
	if !orig.TwoWay {
		return nil, Errorf(ETwoWayDisabled, "This county does not take answers through the portal. Please call or visit your county office.")
	}
	if err := CheckBody(body); err != nil {
		return nil, err
	}
	if _, err := s.openCase(ctx, orig.CaseNumber); err != nil {
		return nil, err
	}
	m := newAnswer(a, orig, body)
	if err := s.create(ctx, a, m, ""); err != nil {
		return nil, err
	}
	return s.Store.Message(ctx, m.ID)
}

// AccountSettings are the customer's notification settings.
type AccountSettings struct {
	Email         *string
	ENotification *bool
	Language      *string
	// Phone is the mobile number for texts ("" clears it), and
	// SMSNotification whether texts go to it (SPEC 20).
	Phone           *string
	SMSNotification *bool
	// Password re-authenticates a change of email address (ASVS V6.x); it
	// is not needed within ReauthWindow of signing in.
	Password *string
}

// ReauthWindow is how long after signing in a customer may change the email
// address without giving the password again.
const ReauthWindow = 5 * time.Minute

// reauthenticated reports whether a sensitive change may go ahead: the
// password given is right, or the sign-in is recent.
func (s *Service) reauthenticated(a Actor, acct *Account, password *string) bool {
	if password != nil {
		return s.Passwords.Verify(acct.PasswordHash, *password)
	}
	return !a.SignedInAt.IsZero() && s.Now().Sub(a.SignedInAt) < ReauthWindow
}

// CustomerAccount returns the signed-in customer's account.
func (s *Service) CustomerAccount(ctx context.Context, a Actor) (*Account, error) {
	if err := requireCustomer(a); err != nil {
		return nil, err
	}
	return s.Store.Account(ctx, a.ID)
}

// UpdateCustomerAccount changes email, e-Notification, language, phone
// and texts.
func (s *Service) UpdateCustomerAccount(ctx context.Context, a Actor, in AccountSettings) (*Account, error) {
	acct, err := s.CustomerAccount(ctx, a)
	if err != nil {
		return nil, err
	}
	if in.Email != nil {
		e := strings.TrimSpace(*in.Email)
		if e != "" && !ValidEmail(e) {
			return nil, FieldError(EInvalid, "email", "Enter an email address like name@example.com.")
		}
		if e != acct.Email && !s.reauthenticated(a, acct, in.Password) {
			return nil, FieldError(EReauth, "password", "Enter your password to change your email address.")
		}
		acct.Email = e
	}
	if in.ENotification != nil {
		acct.ENotification = *in.ENotification
	}
	if in.Language != nil {
		if !ValidLanguage(*in.Language) {
			return nil, FieldError(EInvalid, "language", "language must be one of %s.", strings.Join(Languages, ", "))
		}
		acct.Language = *in.Language
	}
	if in.Phone != nil {
		p, err := s.checkPhone("phone", *in.Phone)
		if err != nil {
			return nil, err
		}
		acct.Phone = p
	}
	if in.SMSNotification != nil {
		acct.SMSNotification = *in.SMSNotification
	}
	if acct.ENotification && acct.Email == "" {
		return nil, FieldError(EInvalid, "email", "Enter an email address to get e-Notifications.")
	}
	if acct.SMSNotification && acct.Phone == "" {
		return nil, FieldError(EInvalid, "phone", "Enter a mobile phone number to get texts.")
	}
	if err := s.Store.UpdateAccount(ctx, acct, audit(a, s.now(), "account.update", "account", a.Username, "")); err != nil {
		return nil, err
	}
	return acct, nil
}
