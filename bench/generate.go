package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
	"github.com/county/emessage/sqlstore"
)

// batchCases is how many cases, with their persons, accounts and messages,
// go into one import transaction.
const batchCases = 500

// Generate writes the plan's dataset into an empty store: the reference data
// and about Size.Messages e-Messages over the two years before now, in every
// status and type, with the busy sender's recent records. On a
// *sqlstore.Store the records are written by its bulk load (see
// generateBulk); on another store through its own import. passwordHash is
// the stored hash of Password for every user. progress, when not nil, is
// told now and then how many of the plan's cases are written, and how many
// messages. A store that holds this plan's dataset already is left as it
// is (MessagesKept); one that holds other data is refused.
func Generate(ctx context.Context, store emessage.Store, p *Plan, now time.Time, passwordHash string,
	progress func(cases, messages int)) (emessage.ImportResult, error) {
	if s, ok := store.(*sqlstore.Store); ok {
		return generateBulk(ctx, s, p, now, passwordHash, progress)
	}
	return GenerateImport(ctx, store, p, now, passwordHash, progress)
}

// GenerateImport writes the plan's dataset through the store's own import,
// in transactions of batchCases cases: slower than the bulk load (15
// minutes for full on PostgreSQL), but it works on every store, and a
// second run adds nothing.
func GenerateImport(ctx context.Context, store emessage.Store, p *Plan, now time.Time, passwordHash string,
	progress func(cases, messages int)) (emessage.ImportResult, error) {
	var total emessage.ImportResult
	add := total.Add
	res, err := store.Import(ctx, p.reference(passwordHash))
	if err != nil {
		return total, fmt.Errorf("reference data: %w", err)
	}
	add(res)
	data := &emessage.ImportData{}
	from := 0
	err = p.records(now, func(i int, msgs []emessage.ImportMessage) error {
		p.addCase(data, i, passwordHash)
		data.Messages = append(data.Messages, msgs...)
		if i+1 < len(p.Cases) && (i+1)%batchCases != 0 {
			return nil
		}
		res, err := store.Import(ctx, data)
		if err != nil {
			return fmt.Errorf("cases %d-%d: %w", from+1, i+1, err)
		}
		add(res)
		if progress != nil {
			progress(i+1, total.MessagesAdded+total.MessagesKept)
		}
		data, from = &emessage.ImportData{}, i+1
		return nil
	})
	return total, err
}

// records makes the plan's records case by case, the same from the same
// seed, and gives fn each case's: its history of worker messages, actions
// and customer messages with answers, then (for the busy sender's cases)
// the busy sender's recent sent records. msgs is reused after fn returns.
func (p *Plan) records(now time.Time, fn func(i int, msgs []emessage.ImportMessage) error) error {
	messaged := 0
	for _, c := range p.Cases {
		if c.Persons[0].Account != "" {
			messaged++
		}
	}
	// Replies to customers' messages add about 18% to the records an event makes.
	perCase := float64(p.Size.Messages) / 1.18 / float64(max(messaged, 1))
	r := rand.New(rand.NewPCG(p.Seed, 0xbeef))
	busy := rand.New(rand.NewPCG(p.Seed, 0xb5e5))
	quota := p.busyQuota()
	var msgs []emessage.ImportMessage
	for i := range p.Cases {
		seq := 0
		msgs = p.addMessages(msgs[:0], i, &seq, r, perCase, now)
		msgs = p.addBusy(msgs, i, &seq, quota[i], busy, now)
		if err := fn(i, msgs); err != nil {
			return err
		}
	}
	return nil
}

// busyQuota shares Size.BusySent out among the busy sender's cases.
func (p *Plan) busyQuota() map[int]int {
	quota := map[int]int{}
	if p.Busy < 0 {
		return quota
	}
	cases := p.busyCases(p.Busy)
	for j, ci := range cases {
		quota[ci] = p.Size.BusySent / len(cases)
		if j < p.Size.BusySent%len(cases) {
			quota[ci]++
		}
	}
	return quota
}

// addBusy adds n of the busy sender's sent records to case i, all from
// the last 30 days, in the program the busy sender holds on the case.
func (p *Plan) addBusy(msgs []emessage.ImportMessage, i int, seq *int, n int, r *rand.Rand, now time.Time) []emessage.ImportMessage {
	if n == 0 {
		return msgs
	}
	c := p.Cases[i]
	program := c.Programs[0].Code
	for _, pr := range c.Programs {
		if pr.Worker == p.Busy {
			program = pr.Code
			break
		}
	}
	for range n {
		*seq++
		age := time.Duration(r.Float64() * float64(30*24*time.Hour))
		msgs = append(msgs, emessage.ImportMessage{
			ID: fmt.Sprintf("G%07d-%03d", i+1, *seq), CaseNumber: c.Number, PersonID: c.Persons[0].ID,
			Direction: emessage.ToCustomer, Type: emessage.TypeMessage, Status: emessage.StatusSent,
			CreatedAt: now.Add(-age).UTC().Truncate(time.Second), Author: p.Workers[p.Busy].Username, Program: program,
			Subject: subjects[r.IntN(len(subjects))], Body: "Generated message body for load testing. " + c.Number,
		})
	}
	return msgs
}

// Documents are the forms of a generated dataset; the first two are sendable.
var Documents = []struct{ Code, Title string }{
	{"CW2200", "Request for Verification"},
	{"SAWS2", "Application for CalFresh, Cash Aid and Medi-Cal"},
	{"SAR7", "Eligibility Status Report"},
}

func (p *Plan) reference(passwordHash string) *emessage.ImportData {
	data := &emessage.ImportData{}
	for _, c := range p.Counties {
		days := 2
		data.Counties = append(data.Counties, emessage.ImportCounty{Code: c.Code, Name: c.Name, TwoWay: c.TwoWay, ResponseBusinessDays: &days})
	}
	for _, w := range p.Workers {
		var rights []string
		if w.View {
			rights = append(rights, emessage.RightView)
		}
		if w.Send {
			rights = append(rights, emessage.RightSend)
		}
		data.Workers = append(data.Workers, emessage.ImportWorker{
			Username: w.Username, Name: workerName(w.Username), County: p.Counties[w.County].Code,
			Password: Password, PasswordHash: passwordHash, Rights: rights,
		})
	}
	for i, d := range Documents {
		data.Documents = append(data.Documents, emessage.ImportDocument{
			Code: d.Code, Title: d.Title, SSPSendable: i < 2, PDF: d.Code + ".pdf", PDFData: demo.PDF(d.Title),
		})
	}
	return data
}

func (p *Plan) addCase(data *emessage.ImportData, i int, passwordHash string) {
	c := p.Cases[i]
	ic := emessage.ImportCase{Number: c.Number, County: p.Counties[c.County].Code, Status: emessage.CaseStatus(c.Status)}
	for _, pr := range c.Programs {
		ic.Programs = append(ic.Programs, emessage.ImportProgram{Code: pr.Code, Worker: p.Workers[pr.Worker].Username})
	}
	for _, pp := range c.Persons {
		ic.Persons = append(ic.Persons, emessage.ImportPerson{ID: pp.ID, Name: pp.Name, SSPAccount: pp.Account})
		if pp.Account == "" {
			continue
		}
		a := emessage.ImportAccount{Username: pp.Account, Password: Password, PasswordHash: passwordHash, Language: "en", ENotification: pp.Notify}
		if pp.Email {
			a.Email = pp.Account + "@example.org"
		}
		if pp.Spanish {
			a.Language = "es"
		}
		data.Accounts = append(data.Accounts, a)
	}
	data.Cases = append(data.Cases, ic)
}

var subjects = []string{
	"Your interview appointment", "Documents we need", "Your benefits were approved",
	"Change of address", "Question about my case", "Paystubs for last month",
	"Renewal packet", "Missing verification", "Childcare receipts", "Semi-annual report",
}

// addMessages adds case i's history: worker messages, actions and, in
// two-way counties, customer messages with the worker's answers. seq counts
// the case's records, for their ids.
func (p *Plan) addMessages(msgs []emessage.ImportMessage, i int, seq *int, r *rand.Rand, perCase float64, now time.Time) []emessage.ImportMessage {
	c := p.Cases[i]
	person := c.Persons[0]
	if person.Account == "" {
		return msgs
	}
	twoWay := p.Counties[c.County].TwoWay
	worker := p.Workers[c.Programs[0].Worker].Username
	n := int(perCase*2*r.Float64() + 0.5)
	id := func() string { *seq++; return fmt.Sprintf("G%07d-%03d", i+1, *seq) }
	for range n {
		age := time.Duration(r.Float64() * float64(730*24*time.Hour))
		if r.IntN(10) == 0 { // a tenth of the traffic is from the last fortnight
			age = time.Duration(r.Float64() * float64(14*24*time.Hour))
		}
		at := now.Add(-age).UTC().Truncate(time.Second)
		days := age.Hours() / 24
		m := emessage.ImportMessage{
			ID: id(), CaseNumber: c.Number, PersonID: person.ID, Direction: emessage.ToCustomer,
			Type: emessage.TypeMessage, Status: emessage.StatusSent, CreatedAt: at, Author: worker,
			Subject: subjects[r.IntN(len(subjects))], Body: "Generated message body for load testing. " + c.Number,
		}
		kind := r.IntN(100)
		switch {
		case twoWay && kind >= 55 && kind < 75:
			m.Type = emessage.TypeAction
			m.ActionType = emessage.ActionUploadDocument
			if r.IntN(10) < 3 {
				m.ActionType, m.DocumentCode = emessage.ActionViewDocument, Documents[r.IntN(2)].Code
			}
			m.DueDate = at.AddDate(0, 0, emessage.DefaultDueDays).Format(time.DateOnly)
			m.Status = pick(r, days < 10, []emessage.Status{emessage.StatusNewAction, emessage.StatusActionCompleted, emessage.StatusActionClosed},
				[]int{60, 30, 10}, []int{10, 10, 80})
		case twoWay && kind >= 75:
			m.Direction, m.Author = emessage.FromCustomer, ""
			m.Status = pick(r, days < 3, []emessage.Status{emessage.StatusReceived, emessage.StatusRead, emessage.StatusReplied},
				[]int{50, 30, 20}, []int{3, 5, 92})
		}
		msgs = append(msgs, m)
		if m.Status == emessage.StatusReplied {
			answer := m
			answer.ID, answer.InReplyTo = id(), m.ID
			answer.Direction, answer.Status, answer.Author = emessage.ToCustomer, emessage.StatusSent, worker
			answer.Subject = "Re: " + m.Subject
			answer.CreatedAt = at.Add(time.Duration(1+r.IntN(47)) * time.Hour)
			if answer.CreatedAt.After(now) {
				answer.CreatedAt = now.UTC().Truncate(time.Second)
			}
			msgs = append(msgs, answer)
		}
	}
	return msgs
}

// pick chooses a status with the recent or the older weights.
func pick(r *rand.Rand, recent bool, statuses []emessage.Status, recentWeights, olderWeights []int) emessage.Status {
	w := olderWeights
	if recent {
		w = recentWeights
	}
	n := r.IntN(100)
	for i, x := range w {
		if n < x {
			return statuses[i]
		}
		n -= x
	}
	return statuses[len(statuses)-1]
}
