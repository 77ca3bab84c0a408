package worker

import (
	"context"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

// awayFields are the fields of the Out of office form, in order; their
// names are the API's (PUT /api/v1/me/away).
var awayFields = []string{"from", "to", "stand_in"}

// awayPage is the data of the Out of office page.
type awayPage struct {
	// Current is the period saved, if any: the page says so and offers to end it.
	Current           emessage.Away
	From, To, StandIn page.Field
}

// awayForm fills the form with from, to and standIn (what was saved, or
// what was typed), the stand-in chosen among the workers who may stand in.
func (h *Handler) awayForm(ctx context.Context, p *view, current emessage.Away, from, to, standIn string) (*awayPage, error) {
	choices, err := h.svc.StandInChoices(ctx, p.Actor)
	if err != nil {
		return nil, err
	}
	opts := []page.Option{{Value: "", Label: "- Select -"}}
	for _, w := range choices {
		opts = append(opts, page.Option{Value: w.Username, Label: w.Name + " (" + w.Username + ")", Selected: w.Username == standIn})
	}
	e := p.Errors
	return &awayPage{
		Current: current,
		From: page.Field{Name: "from", Label: "First day away", Type: "date", Value: from, Error: e.For("from"), Required: true,
			Hint: "Days are counted in the county's time zone."},
		To: page.Field{Name: "to", Label: "Last day away", Type: "date", Value: to, Error: e.For("to"), Required: true,
			Hint: "Your stand-in sees your e-Messages through this day."},
		StandIn: page.Field{Name: "stand_in", Label: "Stand-in", Options: opts, Error: e.For("stand_in"), Required: true,
			Hint: "A worker of your county who can send e-Messages. Your e-Messages count in their My e-Messages while you are away, marked with your name."},
	}, nil
}
