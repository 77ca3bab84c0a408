package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// sspAccountGet answers the customer's notification settings.
func (h *Handler) sspAccountGet(w http.ResponseWriter, r *http.Request) error {
	acct, err := h.svc.CustomerAccount(r.Context(), actor(r))
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, accountToJSON(acct))
	return nil
}
