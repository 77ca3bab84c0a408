package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// messageGet answers a record with its thread, history and uploads; the
// service moves a received record to read on the first worker access.
func (h *Handler) messageGet(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.MessageDetail(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageDetailJSON(d, false))
	return nil
}
