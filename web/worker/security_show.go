package worker

import "net/http"

// securityShow shows where the worker's sign-in security stands.
func (h *Handler) securityShow(w http.ResponseWriter, r *http.Request, p *view) error {
	if r.URL.Query().Get("done") == "off" {
		p.Notice = "Two-step sign-in is turned off: you sign in with your password only."
	}
	return h.renderSecurity(w, r, p, http.StatusOK)
}

func (h *Handler) renderSecurity(w http.ResponseWriter, r *http.Request, p *view, status int) error {
	st, err := h.svc.WorkerSecurity(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	p.Title = "Sign-in security"
	p.Data = &securityPage{State: st, Enrol: h.svc.CheckMFAEnrolment(p.Actor) != nil,
		County: p.Actor.SSO, NoPassword: !h.svc.WorkerPasswordLogin}
	h.render(w, r, status, "security", p)
	return nil
}
