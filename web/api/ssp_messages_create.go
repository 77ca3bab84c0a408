package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type sspMessageCreateRequest struct {
	CaseNumber string `json:"case_number"`
	Program    string `json:"program"`
	Subject    string `json:"subject"`
	Body       string `json:"body"`
}

// sspMessagesCreate sends a customer's new message to the county.
func (h *Handler) sspMessagesCreate(w http.ResponseWriter, r *http.Request) error {
	var in sspMessageCreateRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.CustomerSend(r.Context(), actor(r), emessage.NewCustomerMessage{
		CaseNumber: in.CaseNumber, Program: in.Program, Subject: in.Subject, Body: in.Body,
	})
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusCreated, h.messageJSON(m))
	return nil
}
