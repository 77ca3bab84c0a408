package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// logout ends the caller's token.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Logout(r.Context(), bearerToken(r)); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, struct{}{})
	return nil
}
