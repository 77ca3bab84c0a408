package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

type replyRequest struct {
	Body string `json:"body"`
}

// messageReply answers a customer's record; it responds with the answered
// record, now replied (the answer is in its thread).
func (h *Handler) messageReply(w http.ResponseWriter, r *http.Request) error {
	var in replyRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.Reply(r.Context(), actor(r), r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageJSON(m))
	return nil
}
