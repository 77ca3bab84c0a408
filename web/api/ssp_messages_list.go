package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// sspMessagesList answers the messages of the persons linked to the customer's account.
func (h *Handler) sspMessagesList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := answer.Limit(q)
	if err != nil {
		return err
	}
	page, err := h.svc.CustomerMessages(r.Context(), actor(r), limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageListJSON(page))
	return nil
}
