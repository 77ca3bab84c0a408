package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/county/emessage"
)

// Op is one operation the benchmark measures.
type Op string

// The operations of issue 7's table.
const (
	OpHome     Op = "home"     // the worker's My e-Messages counts
	OpCase     Op = "case"     // search by case
	OpCaseload Op = "caseload" // filtered caseload search
	// OpBusy is the filtered caseload search of the busy sender, whose
	// caseload holds Size.BusySent recent sent records.
	OpBusy   Op = "caseload-busy"
	OpDetail Op = "detail" // message detail (with its audit entry)
	OpSend   Op = "send"   // send an e-Message, email queued
	OpAction Op = "action" // send an Action Request, email queued
	OpInbox  Op = "inbox"  // the customer's inbox
)

// Ops lists every operation in report order.
var Ops = []Op{OpHome, OpCase, OpCaseload, OpBusy, OpDetail, OpSend, OpAction, OpInbox}

// ParseOps reads a comma-separated list of operations.
func ParseOps(s string) ([]Op, error) {
	if s == "" || s == "all" {
		return Ops, nil
	}
	var out []Op
	for _, name := range strings.Split(s, ",") {
		op := Op(strings.TrimSpace(name))
		found := false
		for _, known := range Ops {
			found = found || op == known
		}
		if !found {
			return nil, fmt.Errorf("unknown operation %q (known: %v)", op, Ops)
		}
		out = append(out, op)
	}
	return out, nil
}

// Target does operations: the JSON API or the bare store.
type Target interface {
	Name() string
	Do(ctx context.Context, op Op, u *User, r *rand.Rand) error
}

// User is one simulated worker with one of their customers.
type User struct {
	Worker     int // index into Plan.Workers
	WorkerID   int64
	County     emessage.County
	Cases      []int // the worker's caseload, as indexes into Plan.Cases
	Sendable   []int // open cases of the county whose first person has an account
	MessageIDs []string
	Customer   string // username of a customer account
	AccountID  int64
	Token      string // API token of the worker
	CustToken  string // API token of the customer
	// WorkerSession and CustSession are the stored hashes of the bare
	// store's own sessions, looked up as the API looks its tokens up.
	WorkerSession, CustSession string
	// Busy marks the busy sender, who does OpBusy and nothing else.
	Busy bool
}

// Users picks n workers who can send, in two-way counties, with a caseload,
// and pairs each with a customer of their caseload; then the busy sender,
// when the plan has one.
func Users(p *Plan, n int) ([]*User, error) {
	var out []*User
	sendable := map[int][]int{}
	for i, c := range p.Cases {
		if c.Messageable() {
			sendable[c.County] = append(sendable[c.County], i)
		}
	}
	for wi, w := range p.Workers {
		if len(out) == n {
			break
		}
		if wi == p.Busy || !w.Send || !p.Counties[w.County].TwoWay || len(w.Cases) < 3 || len(sendable[w.County]) == 0 {
			continue
		}
		u := &User{Worker: wi, Cases: w.Cases, Sendable: sendable[w.County]}
		for _, ci := range w.Cases {
			if c := p.Cases[ci]; c.Messageable() {
				u.Customer = c.Persons[0].Account
				break
			}
		}
		if u.Customer == "" {
			continue
		}
		out = append(out, u)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the dataset has no worker who can send in a two-way county")
	}
	if p.Busy >= 0 {
		cases := p.busyCases(p.Busy)
		out = append(out, &User{Worker: p.Busy, Cases: p.Workers[p.Busy].Cases, Sendable: cases,
			Customer: p.Cases[cases[0]].Persons[0].Account, Busy: true})
	}
	return out, nil
}

// caseloadFilter is the filtered caseload search: what needs review, last 90 days.
func caseloadFilter(now time.Time) (statuses []emessage.Status, from time.Time) {
	return []emessage.Status{emessage.StatusReceived, emessage.StatusRead, emessage.StatusActionCompleted},
		now.AddDate(0, 0, -90)
}

const benchBody = "Please bring your last two paystubs to your interview, or upload them here."
