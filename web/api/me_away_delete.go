package api

import "net/http"

// meAwayDelete ends the worker's out-of-office period.
func (h *Handler) meAwayDelete(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.ClearAway(r.Context(), actor(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
