package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
)

// batchCases is how many cases, with their persons, accounts and messages,
// go into one import transaction.
const batchCases = 500

// Generate writes the plan's dataset into an empty store: the reference data
// and about Size.Messages e-Messages over the two years before now, in every
// status and type, through the store's own import (so it works on every
// store). passwordHash is the stored hash of Password for every user.
// progress, when not nil, is told after each batch how many of the plan's
// cases are written, and how many messages.
func Generate(ctx context.Context, store emessage.Store, p *Plan, now time.Time, passwordHash string,
	progress func(cases, messages int)) (emessage.ImportResult, error) {
	var total emessage.ImportResult
	add := total.Add
	res, err := store.Import(ctx, p.reference(passwordHash))
	if err != nil {
		return total, fmt.Errorf("reference data: %w", err)
	}
	add(res)
	messaged := 0
	for _, c := range p.Cases {
		if c.Persons[0].Account != "" {
			messaged++
		}
	}
	// Replies to customers' messages add about 18% to the records an event makes.
	perCase := float64(p.Size.Messages) / 1.18 / float64(max(messaged, 1))
	r := rand.New(rand.NewPCG(p.Seed, 0xbeef))
	for from := 0; from < len(p.Cases); from += batchCases {
		to := min(from+batchCases, len(p.Cases))
		data := &emessage.ImportData{}
		for i := from; i < to; i++ {
			p.addCase(data, i, passwordHash)
			p.addMessages(data, i, r, perCase, now)
		}
		res, err := store.Import(ctx, data)
		if err != nil {
			return total, fmt.Errorf("cases %d-%d: %w", from+1, to, err)
		}
		add(res)
		if progress != nil {
			progress(to, total.MessagesAdded+total.MessagesKept)
		}
	}
	return total, nil
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
			Username: w.Username, Name: "Worker " + w.Username[1:], County: p.Counties[w.County].Code,
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
// two-way counties, customer messages with the worker's answers.
func (p *Plan) addMessages(data *emessage.ImportData, i int, r *rand.Rand, perCase float64, now time.Time) {
	c := p.Cases[i]
	person := c.Persons[0]
	if person.Account == "" {
		return
	}
	twoWay := p.Counties[c.County].TwoWay
	worker := p.Workers[c.Programs[0].Worker].Username
	n := int(perCase*2*r.Float64() + 0.5)
	seq := 0
	id := func() string { seq++; return fmt.Sprintf("G%07d-%03d", i+1, seq) }
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
		data.Messages = append(data.Messages, m)
		if m.Status == emessage.StatusReplied {
			answer := m
			answer.ID, answer.InReplyTo = id(), m.ID
			answer.Direction, answer.Status, answer.Author = emessage.ToCustomer, emessage.StatusSent, worker
			answer.Subject = "Re: " + m.Subject
			answer.CreatedAt = at.Add(time.Duration(1+r.IntN(47)) * time.Hour)
			if answer.CreatedAt.After(now) {
				answer.CreatedAt = now.UTC().Truncate(time.Second)
			}
			data.Messages = append(data.Messages, answer)
		}
	}
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
