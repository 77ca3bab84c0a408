package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// messagesList answers the worker's search of e-Messages, newest first.
func (h *Handler) messagesList(w http.ResponseWriter, r *http.Request) error {
	f, err := answer.SearchFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.svc.SearchMessages(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, h.messageListJSON(page))
	return nil
}
