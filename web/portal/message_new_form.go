package portal

import (
	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// newMessageFields are the fields of the New message form, in order; their
// names are the API's.
var newMessageFields = []string{"case_number", "subject", "body"}

// newMessagePage is the data of the New message page.
type newMessagePage struct {
	// Unavailable: no case of the customer's takes messages (one-way
	// counties, closed cases): the page says so and shows no form.
	Unavailable bool
	// Case is the drop list when there are several cases to choose from;
	// with one, FixedCase names it.
	Case                page.Field
	FixedCase, CaseText string
	Subject, Body       page.Field
}

// newMessageForm fills the form: only cases the customer may write about
// are offered (R3, R4).
func newMessageForm(p *view, in emessage.NewCustomerMessage) *newMessagePage {
	cases := p.writable()
	d := &newMessagePage{Unavailable: len(cases) == 0}
	switch len(cases) {
	case 0:
	case 1:
		d.FixedCase = cases[0].Number
		d.CaseText = p.T("case_fixed", cases[0].Number, cases[0].County.Name)
	default:
		opts := []page.Option{{Value: "", Label: p.T("case_choose")}}
		for _, c := range cases {
			opts = append(opts, page.Option{Value: c.Number, Label: p.T("case_option", c.Number, c.County.Name), Selected: c.Number == in.CaseNumber})
		}
		d.Case = page.Field{Name: "case_number", Label: p.T("case_label"), Hint: p.T("case_hint"), Options: opts, Error: p.Errors.For("case_number")}
	}
	d.Subject = page.Field{Name: "subject", Label: p.T("subject_label"), Hint: p.T("subject_hint"), Value: in.Subject,
		Error: p.Errors.For("subject"), Autocomplete: "off"}
	d.Body = page.Field{Name: "body", Label: p.T("body_label"), Value: in.Body, Error: p.Errors.For("body"),
		MaxChars: emessage.MaxBody, Rows: 8, Lang: p.Lang}
	return d
}
