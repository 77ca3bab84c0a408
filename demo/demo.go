// Package demo builds a small demonstration dataset: two counties, workers
// with and without e-Message rights, customers in English and Spanish, cases
// in every status, forms with real PDFs, and e-Messages in every status, dated
// relative to the moment it is loaded. `emessage serve --demo` loads it.
package demo

import (
	"strings"
	"time"

	"github.com/county/emessage"
)

// Demo passwords: readable, but not trivial.
const (
	WorkerPassword   = "Demo-Worker-2026!"
	CustomerPassword = "Demo-Customer-2026!"
)

// Login is one demo user, for the table printed when the demo is loaded.
type Login struct {
	Role     string // "worker" or "ssp"
	Username string
	Password string
	Note     string // who this is and what to try with it
}

// Data returns the demo dataset with times relative to now (due dates are
// days in now's location) and the logins of its users.
func Data(now time.Time) (*emessage.ImportData, []Login) {
	two := 2
	d := &emessage.ImportData{
		Counties: []emessage.ImportCounty{
			{Code: "19", Name: "Los Angeles", TwoWay: true, ResponseBusinessDays: &two},
			{Code: "34", Name: "Sacramento", TwoWay: false, ResponseBusinessDays: &two},
		},
		Documents: documents(),
		Cases:     cases(),
		Messages:  messages(now),
	}
	var logins []Login
	for _, w := range workers {
		d.Workers = append(d.Workers, emessage.ImportWorker{
			Username: w.username, Name: w.name, County: w.county, Password: WorkerPassword, Rights: w.rights,
		})
		logins = append(logins, Login{Role: "worker", Username: w.username, Password: WorkerPassword, Note: w.note})
	}
	for _, a := range accounts {
		d.Accounts = append(d.Accounts, emessage.ImportAccount{
			Username: a.username, Password: CustomerPassword, Email: a.email,
			ENotification: a.notify, Language: a.language,
		})
		logins = append(logins, Login{Role: "ssp", Username: a.username, Password: CustomerPassword, Note: a.note})
	}
	return d, logins
}

var both = []string{emessage.RightView, emessage.RightSend}

var workers = []struct {
	username, name, county string
	rights                 []string
	note                   string
}{
	{"jdoe", "Jane Doe", "19", both, "Los Angeles (two-way), view + send; caseload B1000001, B1000002, B1000004, B1000005"},
	{"mgarcia", "Miguel Garcia", "19", both, "Los Angeles (two-way), view + send; caseload B1000001, B1000003 (Spanish)"},
	{"kchen", "Kim Chen", "19", []string{emessage.RightView}, "Los Angeles, view only: can read, cannot send"},
	{"rpatel", "Raj Patel", "19", nil, "Los Angeles, no e-Message rights: sees the 403 explanation"},
	{"swhite", "Sam White", "34", both, "Sacramento (one-way: Messages only), view + send"},
}

var accounts = []struct {
	username, email, language string
	notify                    bool
	note                      string
}{
	{"maria", "maria.lopez@example.org", "en", true, "Maria Lopez: persons on two Los Angeles cases; e-Notification on"},
	{"rosa", "rosa.hernandez@example.org", "es", true, "Rosa Hernandez: Spanish; e-Notification on"},
	{"david", "david.kim@example.org", "en", false, "David Kim: email given, e-Notification off"},
	{"ana", "ana.torres@example.org", "en", true, "Ana Torres: discontinued case only"},
	{"tom", "", "en", false, "Tom Nguyen: Sacramento (one-way); no email"},
	{"linda", "linda.park@example.org", "en", true, "Linda Park: Sacramento (one-way); e-Notification on"},
}

func documents() []emessage.ImportDocument {
	docs := []emessage.ImportDocument{
		{Code: "CW2200", Title: "Request for Verification", SSPSendable: true},
		{Code: "SAR7", Title: "SAR 7 Eligibility Status Report", SSPSendable: true},
		{Code: "MC210RV", Title: "Medi-Cal Annual Renewal", SSPSendable: true},
		{Code: "WKR100", Title: "Case Review Worksheet (county use only)", SSPSendable: false},
	}
	for i := range docs {
		docs[i].PDF = "forms/" + strings.ToLower(docs[i].Code) + ".pdf"
		docs[i].PDFData = PDF(docs[i].Code + " " + docs[i].Title)
	}
	return docs
}

func cases() []emessage.ImportCase {
	type p = emessage.ImportProgram
	type q = emessage.ImportPerson
	return []emessage.ImportCase{
		{Number: "B1000001", County: "19", Status: emessage.CaseActive,
			Programs: []p{{Code: "CF", Worker: "jdoe"}, {Code: "MC", Worker: "mgarcia"}},
			Persons:  []q{{ID: "P100011", Name: "Maria Lopez", SSPAccount: "maria"}, {ID: "P100012", Name: "Carlos Lopez"}}},
		{Number: "B1000002", County: "19", Status: emessage.CasePending,
			Programs: []p{{Code: "CW", Worker: "jdoe"}},
			Persons:  []q{{ID: "P100021", Name: "Maria Lopez", SSPAccount: "maria"}, {ID: "P100022", Name: "Sofia Lopez"}}},
		{Number: "B1000003", County: "19", Status: emessage.CaseActive,
			Programs: []p{{Code: "CF", Worker: "mgarcia"}, {Code: "MC", Worker: "mgarcia"}},
			Persons:  []q{{ID: "P100031", Name: "Rosa Hernandez", SSPAccount: "rosa"}, {ID: "P100032", Name: "Luis Hernandez"}}},
		{Number: "B1000004", County: "19", Status: emessage.CaseActive,
			Programs: []p{{Code: "CF", Worker: "jdoe"}, {Code: "CW", Worker: "jdoe"}},
			Persons:  []q{{ID: "P100041", Name: "David Kim", SSPAccount: "david"}}},
		{Number: "B1000005", County: "19", Status: emessage.CaseDiscontinued,
			Programs: []p{{Code: "CF", Worker: "jdoe"}},
			Persons:  []q{{ID: "P100051", Name: "Ana Torres", SSPAccount: "ana"}}},
		{Number: "S2000001", County: "34", Status: emessage.CaseActive,
			Programs: []p{{Code: "CF", Worker: "swhite"}},
			Persons:  []q{{ID: "P200011", Name: "Tom Nguyen", SSPAccount: "tom"}, {ID: "P200012", Name: "Mai Nguyen"}}},
		{Number: "S2000002", County: "34", Status: emessage.CasePending,
			Programs: []p{{Code: "MC", Worker: "swhite"}},
			Persons:  []q{{ID: "P200021", Name: "Linda Park", SSPAccount: "linda"}}},
	}
}
