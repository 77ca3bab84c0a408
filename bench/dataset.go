// Package bench makes a state-sized dataset and measures the service on it:
// the same operations through the JSON API and on the bare store, so that
// each figure has a ratio against what the database alone can do.
package bench

import (
	"fmt"
	"math/rand/v2"
)

// Size is how big a generated dataset is.
type Size struct {
	Counties int
	Workers  int
	Cases    int
	Messages int // about; threads make the exact count
	// BusySent is how many recent sent records the busy sender's caseload
	// holds, on top of Messages (issue 18).
	BusySent int
}

// Sizes by name: "full" is SPEC section 10's volume, "state" ten times it.
var Sizes = map[string]Size{
	"state": {Counties: 58, Workers: 20_000, Cases: 2_000_000, Messages: 10_000_000, BusySent: 100_000},
	"full":  {Counties: 58, Workers: 2000, Cases: 200_000, Messages: 1_000_000, BusySent: 100_000},
	"small": {Counties: 58, Workers: 200, Cases: 10_000, Messages: 50_000, BusySent: 5_000},
	"tiny":  {Counties: 4, Workers: 20, Cases: 500, Messages: 2_500, BusySent: 200},
}

// SizeNames lists the sizes, largest first.
var SizeNames = []string{"state", "full", "small", "tiny"}

// Password is every generated user's password.
const Password = "Bench-Password-2026!"

// countyNames are California's 58 counties, in the order of their codes.
var countyNames = []string{
	"Alameda", "Alpine", "Amador", "Butte", "Calaveras", "Colusa", "Contra Costa", "Del Norte",
	"El Dorado", "Fresno", "Glenn", "Humboldt", "Imperial", "Inyo", "Kern", "Kings", "Lake",
	"Lassen", "Los Angeles", "Madera", "Marin", "Mariposa", "Mendocino", "Merced", "Modoc",
	"Mono", "Monterey", "Napa", "Nevada", "Orange", "Placer", "Plumas", "Riverside",
	"Sacramento", "San Benito", "San Bernardino", "San Diego", "San Francisco", "San Joaquin",
	"San Luis Obispo", "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta",
	"Sierra", "Siskiyou", "Solano", "Sonoma", "Stanislaus", "Sutter", "Tehama", "Trinity",
	"Tulare", "Tuolumne", "Ventura", "Yolo", "Yuba",
}

// Plan is the reference data of a dataset, made the same way from the same
// seed every time, so the load generator knows the cases without asking.
type Plan struct {
	Size     Size
	Seed     uint64
	Counties []PlanCounty
	Workers  []PlanWorker
	Cases    []PlanCase
	// Busy is the busy sender: a worker of the biggest county whose
	// caseload holds Size.BusySent recent sent records (-1: none).
	Busy int
}

// PlanCounty is a generated county.
type PlanCounty struct {
	Code   string
	Name   string
	TwoWay bool
}

// PlanWorker is a generated worker.
type PlanWorker struct {
	Username string
	County   int // index into Counties
	Send     bool
	View     bool
	Cases    []int // indexes of the cases where the worker has a program
}

// PlanCase is a generated case; persons with an account come first.
type PlanCase struct {
	Number   string
	County   int
	Status   string
	Programs []PlanProgram
	Persons  []PlanPerson
}

// PlanProgram is a case program and its worker.
type PlanProgram struct {
	Code   string
	Worker int
}

// PlanPerson is a case person, with an SSP account or without.
type PlanPerson struct {
	ID      string
	Name    string
	Account string // "" without one
	Email   bool
	Notify  bool
	Spanish bool
}

// NewPlan makes the reference data of a dataset.
func NewPlan(size Size, seed uint64) *Plan {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	p := &Plan{Size: size, Seed: seed}
	for i := range size.Counties {
		name := countyNames[i%len(countyNames)]
		// Most counties have opted into Two Way Messaging; every fourth has not.
		p.Counties = append(p.Counties, PlanCounty{Code: fmt.Sprintf("%02d", i+1), Name: name, TwoWay: i%4 != 3})
	}
	// Los Angeles (or the first county in small plans) carries a quarter of the state.
	big := 18 % size.Counties
	pickCounty := func() int {
		if r.IntN(4) == 0 {
			return big
		}
		return r.IntN(size.Counties)
	}
	byCounty := make([][]int, size.Counties)
	for i := range size.Workers {
		c := i % size.Counties // every county has workers
		if i >= size.Counties {
			c = pickCounty()
		}
		w := PlanWorker{Username: fmt.Sprintf("w%05d", i+1), County: c, View: true, Send: true}
		switch n := r.IntN(100); {
		case n < 1:
			w.View, w.Send = false, false
		case n < 5:
			w.Send = false
		}
		p.Workers = append(p.Workers, w)
		byCounty[c] = append(byCounty[c], i)
	}
	programs := []string{"CF", "MC", "CW"}
	for i := range size.Cases {
		c := pickCounty()
		pc := PlanCase{Number: fmt.Sprintf("B%07d", i+1), County: c, Status: "active"}
		switch n := r.IntN(100); {
		case n < 10:
			pc.Status = "discontinued"
		case n < 25:
			pc.Status = "pending"
		}
		worker := byCounty[c][r.IntN(len(byCounty[c]))]
		for j, code := range programs[:1+r.IntN(3)] {
			w := worker
			if j > 0 && r.IntN(10) < 3 {
				w = byCounty[c][r.IntN(len(byCounty[c]))]
			}
			pc.Programs = append(pc.Programs, PlanProgram{Code: code, Worker: w})
			if ws := p.Workers[w].Cases; len(ws) == 0 || ws[len(ws)-1] != i {
				p.Workers[w].Cases = append(p.Workers[w].Cases, i)
			}
		}
		persons := 1 + r.IntN(2) // 300,000 persons over 200,000 cases
		for j := range persons {
			pp := PlanPerson{ID: fmt.Sprintf("P%07d%d", i+1, j+1), Name: fmt.Sprintf("Person %d-%d", i+1, j+1)}
			if j == 0 && r.IntN(10) < 7 {
				pp.Account = fmt.Sprintf("c%07d", i+1)
				pp.Email = r.IntN(100) < 85
				pp.Notify = pp.Email && r.IntN(100) < 70
				pp.Spanish = r.IntN(100) < 25
			}
			pc.Persons = append(pc.Persons, pp)
		}
		p.Cases = append(p.Cases, pc)
	}
	p.Busy = p.busySender(big)
	return p
}

// busySender picks the first worker of county big who can send and holds
// a program of at least three cases that can take e-Messages.
func (p *Plan) busySender(big int) int {
	for wi, w := range p.Workers {
		if w.County != big || !w.Send || !p.Counties[big].TwoWay || p.Size.BusySent == 0 {
			continue
		}
		if len(p.busyCases(wi)) >= 3 {
			return wi
		}
	}
	return -1
}

// busyCases are the cases of worker wi that can take e-Messages.
func (p *Plan) busyCases(wi int) []int {
	var out []int
	for _, ci := range p.Workers[wi].Cases {
		if p.Cases[ci].Messageable() {
			out = append(out, ci)
		}
	}
	return out
}

// Messageable reports whether a case can take new e-Messages: open, with a person who has an account.
func (c *PlanCase) Messageable() bool {
	return c.Status != "discontinued" && len(c.Persons) > 0 && c.Persons[0].Account != ""
}
