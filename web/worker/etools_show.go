package worker

import "net/http"

// etoolsShow shows the e-Tools page of the Case Info menu: its Task
// navigation bar holds E-Messages, as the job aid's steps 1-3 walk it.
func (h *Handler) etoolsShow(w http.ResponseWriter, r *http.Request, p *view) error {
	p.Title = "e-Tools"
	h.render(w, r, http.StatusOK, "etools", p)
	return nil
}
