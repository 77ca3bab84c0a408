package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// sspMessageReply answers a record of the customer's thread; it responds
// with the new received record.
func (h *Handler) sspMessageReply(w http.ResponseWriter, r *http.Request) error {
	var in replyRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.CustomerReply(r.Context(), actor(r), r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusCreated, h.messageJSON(m))
	return nil
}
