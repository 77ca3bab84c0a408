package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/sqlstore"
)

// progressCases is how often, in cases, a bulk generation tells its progress.
const progressCases = 10_000

// generateBulk writes the plan's dataset with the store's bulk load (see
// GenerateBulk), or finds it there already.
func generateBulk(ctx context.Context, s *sqlstore.Store, p *Plan, now time.Time, passwordHash string,
	progress func(cases, messages int)) (emessage.ImportResult, error) {
	return GenerateBulk(ctx, s, p, now, passwordHash, sqlstore.BulkOptions{}, progress)
}

// GenerateBulk writes the plan's dataset into an empty store: the counties,
// workers and documents through the store's import (a few thousand rows),
// then the accounts, cases, programs, persons, e-Messages and their
// history through its bulk load, with ids of its own: records as the
// service writes them (ids like NewMessageID's, from the seed; each status
// change in the history by whoever made it). A store that holds this plan's
// dataset already is left as it is; one that holds other data is refused.
func GenerateBulk(ctx context.Context, s *sqlstore.Store, p *Plan, now time.Time, passwordHash string,
	o sqlstore.BulkOptions, progress func(cases, messages int)) (emessage.ImportResult, error) {
	var total emessage.ImportResult
	empty, err := s.Empty(ctx)
	if err != nil {
		return total, err
	}
	if !empty {
		return p.kept(ctx, s)
	}
	res, err := s.Import(ctx, p.reference(passwordHash))
	if err != nil {
		return total, fmt.Errorf("reference data: %w", err)
	}
	total.Add(res)
	g := &bulkGen{p: p, now: now, hash: passwordHash, workers: map[string]int64{},
		r: rand.New(rand.NewPCG(p.Seed, 0x1d5)), ids: map[string]*emessage.Message{}}
	for _, w := range p.Workers {
		found, err := s.WorkerByUsername(ctx, w.Username)
		if err != nil {
			return total, fmt.Errorf("worker %s: %w", w.Username, err)
		}
		g.workers[w.Username] = found.ID
	}
	if g.b, err = s.BeginBulk(ctx, o); err != nil {
		return total, err
	}
	err = p.records(now, func(i int, msgs []emessage.ImportMessage) error {
		if err := g.addCase(i); err != nil {
			return err
		}
		if err := g.addMessages(i, msgs); err != nil {
			return err
		}
		if progress != nil && ((i+1)%progressCases == 0 || i+1 == len(p.Cases)) {
			progress(i+1, g.messages)
		}
		return nil
	})
	if cerr := g.b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return total, fmt.Errorf("%w (the database holds part of the dataset: delete it and generate again)", err)
	}
	total.Accounts.Added, total.Cases.Added, total.MessagesAdded = int(g.account), len(p.Cases), g.messages
	return total, nil
}

// kept checks that a store that is not empty holds this plan's dataset:
// as many cases and e-Messages. It reports them kept.
func (p *Plan) kept(ctx context.Context, s *sqlstore.Store) (emessage.ImportResult, error) {
	var res emessage.ImportResult
	counts, err := s.Counts(ctx)
	if err != nil {
		return res, err
	}
	have := map[string]int64{}
	for _, c := range counts {
		have[c.Table] = c.Rows
	}
	want := 0
	p.records(time.Now(), func(_ int, msgs []emessage.ImportMessage) error { want += len(msgs); return nil })
	if have["cases"] != int64(len(p.Cases)) || have["messages"] != int64(want) {
		return res, fmt.Errorf("the database is not empty (%d cases, %d e-Messages) and is not this plan's dataset "+
			"(%d cases, %d e-Messages): generate into an empty database", have["cases"], have["messages"], len(p.Cases), want)
	}
	res.MessagesKept = want
	return res, nil
}

// bulkGen turns the plan's cases and records into the bulk load's rows.
type bulkGen struct {
	b       *sqlstore.Bulk
	p       *Plan
	now     time.Time
	hash    string
	workers map[string]int64 // by username
	r       *rand.Rand       // ids, and when later status changes happened
	// the last ids given
	account, person, program, history int64
	messages                          int
	// the case being written: its first person, and its records by import id
	personKey, accountID int64
	ids                  map[string]*emessage.Message
}

func (g *bulkGen) addCase(i int) error {
	c := g.p.Cases[i]
	caseID := int64(i + 1)
	if err := g.b.Case(caseID, c.Number, g.p.Counties[c.County].Code, emessage.CaseStatus(c.Status)); err != nil {
		return err
	}
	for _, pr := range c.Programs {
		g.program++
		if err := g.b.Program(g.program, caseID, pr.Code, g.workers[g.p.Workers[pr.Worker].Username]); err != nil {
			return err
		}
	}
	for j, pp := range c.Persons {
		var account int64
		if pp.Account != "" {
			g.account++
			account = g.account
			email, lang := "", "en"
			if pp.Email {
				email = pp.Account + "@example.org"
			}
			if pp.Spanish {
				lang = "es"
			}
			if err := g.b.Account(account, pp.Account, g.hash, email, pp.Notify, lang); err != nil {
				return err
			}
		}
		g.person++
		if err := g.b.Person(g.person, caseID, pp.ID, pp.Name, account); err != nil {
			return err
		}
		if j == 0 {
			g.personKey, g.accountID = g.person, account
		}
	}
	return nil
}

// addMessages writes case i's records and their history.
func (g *bulkGen) addMessages(i int, msgs []emessage.ImportMessage) error {
	c := g.p.Cases[i]
	clear(g.ids)
	for k, in := range msgs {
		at := in.CreatedAt.UTC().Truncate(time.Microsecond)
		m := &emessage.Message{
			ID: g.newID(at), CaseID: int64(i + 1), County: g.p.Counties[c.County].Code, PersonKey: g.personKey,
			AccountID: g.accountID, Type: in.Type, ActionType: in.ActionType, Direction: in.Direction,
			Subject: in.Subject, Body: in.Body, Status: in.Status, CreatedAt: at, DueDate: in.DueDate,
			Program: in.Program,
		}
		m.ThreadID = m.ID
		if parent := g.ids[in.InReplyTo]; parent != nil {
			m.InReplyTo, m.ThreadID = parent.ID, parent.ThreadID
			if m.Program == "" {
				m.Program = parent.Program // an answer stays in its thread's program
			}
		}
		if m.Program == "" {
			m.Program = c.Programs[0].Code
		}
		if in.DocumentCode != "" {
			m.Document = &emessage.Document{Code: in.DocumentCode}
		}
		customer := by{"ssp", g.accountID, c.Persons[0].Account, c.Persons[0].Account}
		holder := g.holder(c, m.Program)
		if in.Direction == emessage.ToCustomer && in.Author != "" {
			holder = by{"worker", g.workers[in.Author], in.Author, workerName(in.Author)}
			m.AuthorKind, m.AuthorID, m.AuthorUsername = holder.kind, holder.id, holder.username
		} else if in.Direction == emessage.FromCustomer {
			m.AuthorKind, m.AuthorID, m.AuthorUsername = customer.kind, customer.id, customer.username
		}
		answeredAt := g.now
		if k+1 < len(msgs) && msgs[k+1].InReplyTo == in.ID {
			answeredAt = msgs[k+1].CreatedAt.UTC()
		}
		changes := g.changes(m, customer, holder, answeredAt)
		m.UpdatedAt = changes[len(changes)-1].at
		if err := g.b.Message(m); err != nil {
			return err
		}
		for _, ch := range changes {
			g.history++
			if err := g.b.History(g.history, m.ID, ch.status, ch.at, ch.by.kind, ch.by.id, ch.by.username, ch.by.name); err != nil {
				return err
			}
		}
		g.ids[in.ID] = m
		g.messages++
	}
	return nil
}

// by is who made a status change, as the history names them.
type by struct {
	kind     string
	id       int64
	username string
	name     string
}

type change struct {
	status emessage.Status
	at     time.Time
	by     by
}

// holder is the worker who holds program code of case c.
func (g *bulkGen) holder(c PlanCase, code string) by {
	w := g.p.Workers[c.Programs[0].Worker].Username
	for _, pr := range c.Programs {
		if pr.Code == code {
			w = g.p.Workers[pr.Worker].Username
		}
	}
	return by{"worker", g.workers[w], w, workerName(w)}
}

// changes is the history that brought record m to its status, as the
// service writes it: each step by whoever takes it (SPEC section 3), the
// later ones at random times after the record was written and before now
// (a reply's read before its answer).
func (g *bulkGen) changes(m *emessage.Message, customer, worker by, answeredAt time.Time) []change {
	at := m.CreatedAt
	first := change{m.Status, at, worker}
	switch m.Status {
	case emessage.StatusReceived, emessage.StatusRead, emessage.StatusReplied:
		first = change{emessage.StatusReceived, at, customer}
	case emessage.StatusActionCompleted, emessage.StatusActionClosed:
		first.status = emessage.StatusNewAction
	}
	out := []change{first}
	switch m.Status {
	case emessage.StatusRead:
		out = append(out, change{emessage.StatusRead, g.between(at, at.Add(48*time.Hour)), worker})
	case emessage.StatusReplied:
		read := g.between(at, answeredAt)
		out = append(out, change{emessage.StatusRead, read, worker}, change{emessage.StatusReplied, answeredAt, worker})
	case emessage.StatusActionCompleted:
		out = append(out, change{emessage.StatusActionCompleted, g.between(at, at.Add(10*24*time.Hour)), customer})
	case emessage.StatusActionClosed:
		done := g.between(at, at.Add(10*24*time.Hour))
		if g.r.IntN(10) < 7 { // most are closed once the customer did what was asked
			out = append(out, change{emessage.StatusActionCompleted, done, customer})
		}
		out = append(out, change{emessage.StatusActionClosed, g.between(done, done.Add(5*24*time.Hour)), worker})
	}
	return out
}

// between is a random time from a to b, and never after now.
func (g *bulkGen) between(a, b time.Time) time.Time {
	if b.After(g.now) {
		b = g.now
	}
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(g.r.Int64N(int64(b.Sub(a))))).Truncate(time.Second).UTC()
}

// newID is a record id as emessage.NewMessageID makes at, from the seed.
func (g *bulkGen) newID(at time.Time) string {
	var random [10]byte
	a, b := g.r.Uint64(), g.r.Uint64()
	for j := range 8 {
		random[j] = byte(a >> (8 * j))
	}
	random[8], random[9] = byte(b), byte(b>>8)
	return emessage.MessageID(at, random)
}

// workerName is the name a generated worker has.
func workerName(username string) string { return "Worker " + username[1:] }
