package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/county/emessage"
)

// messageSelect reads whole records: the case number, the county and its
// Two Way settings, response window and holidays, the person, the document (without PDF) and the upload count.
const messageColumns = `m.id, m.case_id, c.number, c.county, co.two_way, co.response_business_days, co.holidays,
	m.person_key, p.person_id, p.name, COALESCE(m.account_id, 0), m.program,
	m.type, COALESCE(m.action_type, ''), d.code, d.title, m.direction, m.subject, m.body, m.status,
	m.created_at, m.updated_at, m.author_kind, m.author_id, m.author_name,
	COALESCE(m.due_date, ''), m.viewed_at, m.thread_id, COALESCE(m.in_reply_to, ''), COALESCE(m.legacy_id, ''),
	m.send_at, m.scheduled, m.cancelled,
	(SELECT COUNT(*) FROM uploads u WHERE u.message_id = m.id),
	COALESCE(mw.id, 0), COALESCE(mw.username, ''), COALESCE(mw.name, ''), FALSE`

// archivedColumns are messageColumns over the archive's tables (retention).
var archivedColumns = strings.NewReplacer("FROM uploads u", "FROM uploads_archive u", ", FALSE", ", TRUE").Replace(messageColumns)

// messageJoins follow "messages m" for messageColumns.
const messageJoins = `
JOIN cases c ON c.id = m.case_id
JOIN counties co ON co.code = c.county
JOIN persons p ON p.id = m.person_key
LEFT JOIN documents d ON d.code = m.document_code
LEFT JOIN case_programs mp ON mp.case_id = m.case_id AND mp.code = m.program
LEFT JOIN workers mw ON mw.id = mp.worker_id`

const messageSelect = `SELECT ` + messageColumns + ` FROM messages m` + messageJoins

// archivedSelect reads whole records of the archive.
var archivedSelect = `SELECT ` + archivedColumns + ` FROM messages_archive m` + messageJoins

func scanMessage(r scanner) (*emessage.Message, error) {
	var (
		m                 emessage.Message
		docCode, docTitle sql.NullString
		created, updated  int64
		viewed, sendAt    sql.NullInt64
		holidays          string
	)
	err := r.Scan(&m.ID, &m.CaseID, &m.CaseNumber, &m.County, &m.TwoWay, &m.ResponseDays, &holidays,
		&m.PersonKey, &m.PersonID, &m.PersonName, &m.AccountID, &m.Program,
		&m.Type, &m.ActionType, &docCode, &docTitle, &m.Direction, &m.Subject, &m.Body, &m.Status,
		&created, &updated, &m.AuthorKind, &m.AuthorID, &m.AuthorUsername,
		&m.DueDate, &viewed, &m.ThreadID, &m.InReplyTo, &m.LegacyID, &sendAt, &m.Scheduled, &m.Cancelled, &m.UploadCount,
		&m.OwnerID, &m.OwnerUsername, &m.OwnerName, &m.Archived)
	if err != nil {
		return nil, err
	}
	if docCode.Valid {
		m.Document = &emessage.Document{Code: docCode.String, Title: docTitle.String}
	}
	m.CreatedAt, m.UpdatedAt, m.ViewedAt, m.SendAt = fromMicros(created), fromMicros(updated), timePtr(viewed), timePtr(sendAt)
	m.Holidays = splitDays(holidays)
	return &m, nil
}

func scanMessages(rows *sql.Rows, err error) ([]*emessage.Message, error) {
	return collect(rows, err, func(r scanner, m **emessage.Message) (err error) {
		*m, err = scanMessage(r)
		return err
	})
}

// Message returns a whole record by id.
//
// A record of an archived thread is read from the archive (Archived set).
func (s *Store) Message(ctx context.Context, id string) (*emessage.Message, error) {
	return message(ctx, s.read(), id)
}

// Thread returns the records of a thread, oldest first.
func (s *Store) Thread(ctx context.Context, threadID string) ([]*emessage.Message, error) {
	return thread(ctx, s.read(), threadID)
}

// History returns the status changes of a record, oldest first.
func (s *Store) History(ctx context.Context, messageID string) ([]emessage.HistoryEntry, error) {
	return history(ctx, s.read(), messageID)
}

// Uploads returns the documents uploaded to a record, oldest first.
func (s *Store) Uploads(ctx context.Context, messageID string) ([]emessage.Upload, error) {
	return uploads(ctx, s.read(), messageID)
}

// MessageDetail returns a record of a thread with the thread, the record's
// history and its uploads, read together (readTogether): what the Detail
// pages show. The record is read as a record of its thread, once.
func (s *Store) MessageDetail(ctx context.Context, id, threadID string) (*emessage.MessageDetail, error) {
	var d *emessage.MessageDetail
	err := s.readTogether(ctx, func(r runner) error {
		th, err := thread(ctx, r, threadID)
		if err != nil {
			return err
		}
		d = &emessage.MessageDetail{Thread: th}
		for _, m := range th {
			if m.ID == id {
				d.Message = m
			}
		}
		if d.Message == nil { // not of that thread
			if d.Message, err = message(ctx, r, id); err != nil {
				return err
			}
		}
		if d.History, err = history(ctx, r, id); err != nil {
			return err
		}
		d.Uploads, err = uploads(ctx, r, id)
		return err
	})
	return d, err
}

func message(ctx context.Context, r runner, id string) (*emessage.Message, error) {
	m, err := scanMessage(r.queryRow(ctx, messageSelect+` WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		m, err = scanMessage(r.queryRow(ctx, archivedSelect+` WHERE m.id = $1`, id))
	}
	if err != nil {
		return nil, notFound(err, "e-Message "+id)
	}
	return m, nil
}

func thread(ctx context.Context, r runner, threadID string) ([]*emessage.Message, error) {
	rows, err := r.query(ctx, messageSelect+` WHERE m.thread_id = $1 ORDER BY m.created_at, m.id`, threadID)
	thread, err := scanMessages(rows, err)
	if err == nil && len(thread) == 0 { // threads are archived whole
		rows, err = r.query(ctx, archivedSelect+` WHERE m.thread_id = $1 ORDER BY m.created_at, m.id`, threadID)
		thread, err = scanMessages(rows, err)
	}
	return thread, err
}

func history(ctx context.Context, r runner, messageID string) ([]emessage.HistoryEntry, error) {
	const cols = `status, at, by_kind, by_id, by_username, by_name, note, id`
	rows, err := r.query(ctx, `SELECT `+cols+` FROM message_history WHERE message_id = $1
		UNION ALL SELECT `+cols+` FROM message_history_archive WHERE message_id = $1
		ORDER BY at, id`, messageID)
	return collect(rows, err, func(r scanner, h *emessage.HistoryEntry) error {
		var at int64
		var id int64
		err := r.Scan(&h.Status, &at, &h.ByKind, &h.ByID, &h.By, &h.ByName, &h.Note, &id)
		h.At = fromMicros(at)
		return err
	})
}

func uploads(ctx context.Context, r runner, messageID string) ([]emessage.Upload, error) {
	const cols = `id, public_id, message_id, filename, content_type, size, storage_name, sha256, uploaded_at, account_id, trimmed`
	rows, err := r.query(ctx, `SELECT `+cols+` FROM uploads WHERE message_id = $1
		UNION ALL SELECT `+cols+` FROM uploads_archive WHERE message_id = $1
		ORDER BY uploaded_at, id`, messageID)
	return collect(rows, err, func(r scanner, u *emessage.Upload) error {
		var at int64
		err := r.Scan(&u.ID, &u.PublicID, &u.MessageID, &u.Filename, &u.ContentType, &u.Size, &u.StorageName,
			&u.SHA256, &at, &u.AccountID, &u.Trimmed)
		u.UploadedAt = fromMicros(at)
		return err
	})
}

// CaseHasNew reports whether the case has a received or action_completed record (the yellow banner).
func (s *Store) CaseHasNew(ctx context.Context, caseID int64) (bool, error) {
	var has bool
	err := s.read().queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM messages
		WHERE case_id = $1 AND status IN ('received', 'action_completed'))`, caseID).Scan(&has)
	return has, err
}
