package web

import (
	"net/http"

	"github.com/county/emessage"
)

type messageCreateRequest struct {
	CaseNumber   string `json:"case_number"`
	PersonID     string `json:"person_id"`
	Type         string `json:"type"`
	ActionType   string `json:"action_type"`
	DocumentCode string `json:"document_code"`
	Subject      string `json:"subject"`
	Body         string `json:"body"`
	DueDate      string `json:"due_date"`
}

// apiMessagesCreate sends a worker's e-Message or Action Request.
func (s *server) apiMessagesCreate(w http.ResponseWriter, r *http.Request) error {
	var in messageCreateRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.svc.SendMessage(r.Context(), actorFrom(r.Context()), emessage.NewMessage{
		CaseNumber:   in.CaseNumber,
		PersonID:     in.PersonID,
		Type:         emessage.Type(in.Type),
		ActionType:   emessage.ActionType(in.ActionType),
		DocumentCode: in.DocumentCode,
		Subject:      in.Subject,
		Body:         in.Body,
		DueDate:      in.DueDate,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.messageJSON(m))
	return nil
}
