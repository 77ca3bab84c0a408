package portal

import (
	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
	"github.com/county/emessage/words"
)

// newMessageFields are the fields of the New message form, in order; their
// names are the API's.
var newMessageFields = []string{"case_number", "program", "subject", "body"}

// notSure is the answer "I'm not sure" to "What is your message about?":
// the service then chooses the program.
const notSure = "not_sure"

// newMessagePage is the data of the New message page.
type newMessagePage struct {
	// Unavailable: no case of the customer's takes messages (one-way
	// counties, closed cases): the page says so and shows no form.
	Unavailable bool
	// Case is the drop list when there are several cases to choose from;
	// with one, FixedCase names it.
	Case                page.Field
	FixedCase, CaseText string
	// Program asks what the message is about: the programs of the cases
	// offered, and "I'm not sure".
	Program       page.Field
	Subject, Body page.Field
	// Once is the form's one-time token: sending it twice sends once.
	Once string
}

// newMessageForm fills the form: only cases the customer may write about
// are offered (R3, R4).
func newMessageForm(p *view, in emessage.NewCustomerMessage, once string) *newMessagePage {
	cases := p.writable()
	d := &newMessagePage{Unavailable: len(cases) == 0, Once: once}
	switch len(cases) {
	case 0:
	case 1:
		d.FixedCase = cases[0].Number
		d.CaseText = p.T("case_fixed", "Case", cases[0].Number, "County", cases[0].County.Name)
	default:
		opts := []page.Option{{Value: "", Label: p.T("case_choose")}}
		for _, c := range cases {
			opts = append(opts, page.Option{Value: c.Number, Label: p.T("case_option", "Case", c.Number, "County", c.County.Name), Selected: c.Number == in.CaseNumber})
		}
		d.Case = page.Field{Name: "case_number", Label: p.T("case_label"), Hint: p.T("case_hint"), Options: opts, Error: p.Errors.For("case_number")}
	}
	d.Program = programQuestion(p, cases, in.Program)
	d.Subject = page.Field{Name: "subject", Label: p.T("subject_label"), Hint: p.T("subject_hint"), Value: in.Subject,
		Error: p.Errors.For("subject"), Autocomplete: "off"}
	d.Body = page.Field{Name: "body", Label: p.T("body_label"), Value: in.Body, Error: p.Errors.For("body"),
		MaxChars: emessage.MaxBody, Rows: 8, Lang: p.Lang}
	return d
}

// programQuestion is "What is your message about?": the programs of the
// cases offered, each once, by name in the customer's words, then "I'm not
// sure", chosen unless the customer chose a program.
func programQuestion(p *view, cases []emessage.CustomerCase, chosen string) page.Field {
	var opts []page.Option
	seen := map[string]bool{}
	for _, c := range cases {
		for _, code := range c.Programs {
			if !seen[code] {
				seen[code] = true
				opts = append(opts, page.Option{Value: code, Label: words.Program(p.Lang, code), Selected: code == chosen})
			}
		}
	}
	opts = append(opts, page.Option{Value: notSure, Label: p.T("program_not_sure"), Selected: !seen[chosen]})
	return page.Field{Name: "program", Label: p.T("program_label"), Hint: p.T("program_hint"), Options: opts,
		Error: p.Errors.For("program")}
}
