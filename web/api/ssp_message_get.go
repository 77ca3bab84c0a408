package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// sspMessageGet answers a customer's message and its thread; the service
// records the read receipt.
func (h *Handler) sspMessageGet(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.CustomerMessage(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageDetailJSON(d, true))
	return nil
}
