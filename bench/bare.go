package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/county/emessage"
)

// Bare does the operations on the store alone: the same queries and writes
// the service makes for a request, the session lookup included, with no
// HTTP and no rule checks. It is the database's own limit that the API
// figures are compared with.
type Bare struct {
	Store    emessage.Store
	Plan     *Plan
	Location *time.Location
}

// Name implements Target.
func (b *Bare) Name() string { return "bare" }

// Prepare looks up the users' ids and some message ids of their caseloads.
func (b *Bare) Prepare(ctx context.Context, users []*User) error {
	for _, u := range users {
		w, err := b.Store.WorkerByUsername(ctx, b.Plan.Workers[u.Worker].Username)
		if err != nil {
			return fmt.Errorf("worker %s: %w", b.Plan.Workers[u.Worker].Username, err)
		}
		county, err := b.Store.County(ctx, w.County)
		if err != nil {
			return err
		}
		u.WorkerID, u.County = w.ID, *county
		a, err := b.Store.AccountByUsername(ctx, u.Customer)
		if err != nil {
			return fmt.Errorf("account %s: %w", u.Customer, err)
		}
		u.AccountID = a.ID
		now := time.Now().UTC()
		_, u.WorkerSession = emessage.NewToken()
		_, u.CustSession = emessage.NewToken()
		for _, sess := range []emessage.Session{
			{TokenHash: u.WorkerSession, Role: emessage.RoleWorker, UserID: w.ID},
			{TokenHash: u.CustSession, Role: emessage.RoleSSP, UserID: a.ID},
		} {
			sess.CreatedAt, sess.LastSeen, sess.ExpiresAt = now, now, now.Add(24*time.Hour)
			if err := b.Store.CreateSession(ctx, sess); err != nil {
				return err
			}
		}
		msgs, err := b.Store.SearchMessages(ctx, emessage.MessageQuery{County: w.County, WorkerID: w.ID, Limit: 200})
		if err != nil {
			return err
		}
		for _, m := range msgs {
			u.MessageIDs = append(u.MessageIDs, m.ID)
		}
		if len(u.MessageIDs) == 0 {
			return fmt.Errorf("worker %s has no messages in the dataset", w.Username)
		}
	}
	return nil
}

// Do implements Target.
func (b *Bare) Do(ctx context.Context, op Op, u *User, r *rand.Rand) error {
	session := u.WorkerSession
	if op == OpInbox {
		session = u.CustSession
	}
	if _, _, err := b.Store.SessionActor(ctx, session, time.Now()); err != nil {
		return err
	}
	cut := emessage.CutoffsAt(time.Now(), b.Location, u.County.ResponseBusinessDays, u.County.Holidays)
	switch op {
	case OpHome:
		if _, err := b.Store.County(ctx, u.County.Code); err != nil {
			return err
		}
		_, err := b.Store.HomeCounts(ctx, u.WorkerID, cut)
		return err
	case OpCase:
		c := b.Plan.Cases[u.Cases[r.IntN(len(u.Cases))]]
		return b.search(ctx, emessage.MessageQuery{County: u.County.Code, WorkerID: u.WorkerID, CaseNumber: c.Number, Cutoffs: cut, Limit: 51})
	case OpCaseload, OpBusy:
		statuses, from := caseloadFilter(time.Now())
		return b.search(ctx, emessage.MessageQuery{County: u.County.Code, WorkerID: u.WorkerID, Statuses: statuses, From: from, Cutoffs: cut, Limit: 51})
	case OpDetail:
		return b.detail(ctx, u, u.MessageIDs[r.IntN(len(u.MessageIDs))])
	case OpSend, OpAction:
		return b.send(ctx, u, b.Plan.Cases[u.Sendable[r.IntN(len(u.Sendable))]], op == OpAction)
	case OpInbox:
		_, err := b.Store.SearchMessages(ctx, emessage.MessageQuery{AccountID: u.AccountID, Limit: 51})
		return err
	}
	return fmt.Errorf("unknown operation %q", op)
}

func (b *Bare) search(ctx context.Context, q emessage.MessageQuery) error {
	if _, err := b.Store.County(ctx, q.County); err != nil {
		return err
	}
	_, err := b.Store.SearchMessages(ctx, q)
	return err
}

// detail reads a record as the service does: the record, its audit entry,
// then the record in its thread, with its history and uploads, read together.
func (b *Bare) detail(ctx context.Context, u *User, id string) error {
	m, err := b.Store.Message(ctx, id)
	if err != nil {
		return err
	}
	entry := emessage.AuditEntry{At: time.Now(), ActorKind: "worker", ActorID: u.WorkerID, Action: "message.view", ObjectType: "message", ObjectID: m.ID}
	if err := b.Store.Apply(ctx, &emessage.Change{Audit: []emessage.AuditEntry{entry}}); err != nil {
		return err
	}
	_, err = b.Store.MessageDetail(ctx, m.ID, m.ThreadID)
	return err
}

// send writes a record as the service does: case, county and account
// read, then the record, its history, its email and its audit entry in one
// transaction. Like the service (since it answers from what it wrote), it
// does not read the record back.
func (b *Bare) send(ctx context.Context, u *User, pc PlanCase, action bool) error {
	c, err := b.Store.Case(ctx, pc.Number)
	if err != nil {
		return err
	}
	if _, err := b.Store.County(ctx, c.County); err != nil {
		return err
	}
	p, _ := c.Person(pc.Persons[0].ID)
	now := time.Now().UTC().Truncate(time.Microsecond)
	m := &emessage.Message{
		ID: emessage.NewMessageID(now), CaseID: c.ID, CaseNumber: c.Number, County: c.County,
		PersonKey: p.ID, PersonID: p.PersonID, PersonName: p.Name, AccountID: p.AccountID,
		Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Status: emessage.StatusSent,
		Subject: "Your interview", Body: benchBody, CreatedAt: now, UpdatedAt: now,
		AuthorKind: "worker", AuthorID: u.WorkerID, AuthorUsername: b.Plan.Workers[u.Worker].Username,
	}
	m.ThreadID = m.ID
	if action {
		m.Type, m.ActionType, m.Status = emessage.TypeAction, emessage.ActionUploadDocument, emessage.StatusNewAction
		m.DueDate = now.AddDate(0, 0, emessage.DefaultDueDays).Format(time.DateOnly)
	}
	ch := &emessage.Change{
		Messages: []*emessage.Message{m},
		Audit:    []emessage.AuditEntry{{At: now, ActorKind: "worker", ActorID: u.WorkerID, Action: "message.create", ObjectType: "message", ObjectID: m.ID}},
	}
	acct, err := b.Store.Account(ctx, p.AccountID)
	if err != nil {
		return err
	}
	if acct.Email != "" && acct.ENotification {
		// Queued as already sent: the same insert, but no server delivers these later.
		ch.Notifications = []emessage.Notification{{MessageID: m.ID, AccountID: acct.ID, Email: acct.Email, Language: acct.Language,
			Status: emessage.NotificationSent, NextAt: now, CreatedAt: now, SentAt: &now, MailID: emessage.NewMailID("bench.local")}}
	}
	return b.Store.Apply(ctx, ch)
}
