package portal

import "net/http"

// settingsShow shows the customer's email, e-Notification, phone, texts
// (and whether STOP turned them off) and language. A new email address needs the password when the sign-in is
// more than a few minutes old (the service decides).
func (h *Handler) settingsShow(w http.ResponseWriter, r *http.Request, p *view) error {
	acct, err := h.svc.CustomerAccount(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "saved" {
		p.Notice = p.T("settings_saved")
	}
	p.Title = p.T("settings_title")
	p.Data = newSettingsForm(p, acct.Email, onOff(acct.ENotification), acct.Language,
		textSettings{Phone: acct.Phone, On: acct.SMSNotification, Stopped: acct.SMSStopped})
	h.render(w, r, http.StatusOK, "settings", p)
	return nil
}
