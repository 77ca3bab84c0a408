package web

import (
	"net/http"

	"github.com/county/emessage"
)

type sspMessageCreateRequest struct {
	CaseNumber string `json:"case_number"`
	Subject    string `json:"subject"`
	Body       string `json:"body"`
}

// apiSSPMessagesCreate sends a customer's new message to the county.
func (s *server) apiSSPMessagesCreate(w http.ResponseWriter, r *http.Request) error {
	var in sspMessageCreateRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.svc.CustomerSend(r.Context(), actorFrom(r.Context()), emessage.NewCustomerMessage{
		CaseNumber: in.CaseNumber, Subject: in.Subject, Body: in.Body,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.messageJSON(m))
	return nil
}
