package worker

import "net/http"

// securityPasswordShow shows the password form of an action.
func (h *Handler) securityPasswordShow(act securityAction) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, p *view) error {
		h.renderPassword(w, r, p, act, http.StatusOK)
		return nil
	}
}
