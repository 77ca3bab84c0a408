package web

import "net/http"

// workerETools shows the e-Tools page of the Case Info menu: its Task
// navigation bar holds E-Messages, as the job aid's steps 1-3 walk it.
func (s *server) workerETools(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = "e-Tools"
	s.render(w, r, http.StatusOK, "worker_etools", p)
	return nil
}
