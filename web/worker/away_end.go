package worker

import "net/http"

// awayEnd ends the worker's out of office.
func (h *Handler) awayEnd(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.svc.ClearAway(r.Context(), p.Actor); err != nil {
		return err
	}
	http.Redirect(w, r, awayPath+"?done=ended", http.StatusSeeOther)
	return nil
}
