package api

import "github.com/county/emessage"

// awayJSON is a worker's out-of-office period (SPEC section 12); every
// field null when none.
type awayJSON struct {
	From    *string `json:"from"`
	To      *string `json:"to"`
	StandIn *string `json:"stand_in"`
}

func awayToJSON(w emessage.Away) awayJSON {
	if !w.Set() {
		return awayJSON{}
	}
	return awayJSON{From: &w.From, To: &w.To, StandIn: &w.StandIn}
}
