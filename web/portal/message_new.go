package web

import (
	"net/http"
	"strings"

	"github.com/county/emessage"
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
	Case                formField
	FixedCase, CaseText string
	Subject, Body       formField
}

// portalMessageNewForm shows the New message form.
func (s *server) portalMessageNewForm(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.T("new_title")
	p.Data = newMessageForm(p, emessage.NewCustomerMessage{CaseNumber: r.URL.Query().Get("case_number")})
	s.render(w, r, http.StatusOK, "portal_message_new", p)
	return nil
}

// portalMessageNew sends the customer's message to the county; the county
// receives it as a new record. A refusal shows the form again with
// everything typed kept.
func (s *server) portalMessageNew(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	in := emessage.NewCustomerMessage{
		CaseNumber: strings.TrimSpace(r.PostForm.Get("case_number")),
		Subject:    r.PostForm.Get("subject"),
		Body:       formText(r.PostForm.Get("body")),
	}
	m, err := s.svc.CustomerSend(r.Context(), p.Actor, in)
	if err == nil {
		http.Redirect(w, r, portalMessageURL(m.ID)+"?done=sent", http.StatusSeeOther)
		return nil
	}
	if !formRefusal(err) {
		return err
	}
	p.Errors = portalErrors(p.Lang, err, typed{Subject: in.Subject, Body: in.Body}, newMessageFields)
	p.Title = p.T("new_title")
	p.Data = newMessageForm(p, in)
	s.render(w, r, httpStatus(emessage.ErrorCode(err)), "portal_message_new", p)
	return nil
}

// newMessageForm fills the form: only cases the customer may write about
// are offered (R3, R4).
func newMessageForm(p *page, in emessage.NewCustomerMessage) *newMessagePage {
	cases := p.Portal.writable()
	d := &newMessagePage{Unavailable: len(cases) == 0}
	switch len(cases) {
	case 0:
	case 1:
		d.FixedCase = cases[0].Number
		d.CaseText = p.T("case_fixed", cases[0].Number, cases[0].County.Name)
	default:
		opts := []fieldOption{{Value: "", Label: p.T("case_choose")}}
		for _, c := range cases {
			opts = append(opts, fieldOption{Value: c.Number, Label: p.T("case_option", c.Number, c.County.Name), Selected: c.Number == in.CaseNumber})
		}
		d.Case = formField{Name: "case_number", Label: p.T("case_label"), Hint: p.T("case_hint"), Options: opts, Error: p.Errors.For("case_number")}
	}
	d.Subject = formField{Name: "subject", Label: p.T("subject_label"), Hint: p.T("subject_hint"), Value: in.Subject,
		Error: p.Errors.For("subject"), Autocomplete: "off"}
	d.Body = formField{Name: "body", Label: p.T("body_label"), Value: in.Body, Error: p.Errors.For("body"),
		MaxChars: emessage.MaxBody, Rows: 8, Lang: p.Lang}
	return d
}
