package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type messageCreateRequest struct {
	CaseNumber   string `json:"case_number"`
	PersonID     string `json:"person_id"`
	Program      string `json:"program"`
	Type         string `json:"type"`
	ActionType   string `json:"action_type"`
	DocumentCode string `json:"document_code"`
	Subject      string `json:"subject"`
	Body         string `json:"body"`
	DueDate      string `json:"due_date"`
	// SendAt schedules the send (SPEC 22): RFC 3339, in the future, at
	// most 90 days ahead; empty or absent to send now.
	SendAt string `json:"send_at"`
}

// messagesCreate sends a worker's e-Message or Action Request.
func (h *Handler) messagesCreate(w http.ResponseWriter, r *http.Request) error {
	var in messageCreateRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sendAt, err := emessage.ParseSendAt(in.SendAt)
	if err != nil {
		return err
	}
	m, err := h.svc.SendMessage(r.Context(), actor(r), emessage.NewMessage{
		CaseNumber:   in.CaseNumber,
		PersonID:     in.PersonID,
		Program:      in.Program,
		Type:         emessage.Type(in.Type),
		ActionType:   emessage.ActionType(in.ActionType),
		DocumentCode: in.DocumentCode,
		Subject:      in.Subject,
		Body:         in.Body,
		DueDate:      in.DueDate,
		SendAt:       sendAt,
	})
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusCreated, h.messageJSON(m))
	return nil
}
