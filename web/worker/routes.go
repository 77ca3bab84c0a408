package worker

import "net/http"

// Routes lists the worker site of SPEC section 5 on mux.
func (h *Handler) Routes(m *http.ServeMux) {
	m.Handle("GET /worker/login", h.publicPage(h.loginShow))
	m.Handle("POST /worker/login", h.publicPage(h.loginCheck))
	m.Handle("GET /worker/login/code", h.publicPage(h.loginCodeShow))
	m.Handle("POST /worker/login/code", h.publicPage(h.loginCodeCheck))
	m.Handle("POST /worker/logout", h.publicPage(h.logout))
	m.Handle("GET "+ssoStartPath, h.publicPage(h.ssoStart))
	m.Handle("GET "+ssoCallbackPath, h.publicPage(h.ssoCallback))
	m.Handle("GET /worker", http.RedirectHandler("/worker/", http.StatusMovedPermanently))

	m.Handle("GET /worker/{$}", h.signedIn("home", "", h.homeShow))
	m.Handle("GET /worker/e-tools", h.signedIn("etools", "", h.etoolsShow))
	m.Handle("GET /worker/away", h.signedIn("away", "", h.awayShow))
	m.Handle("POST /worker/away", h.signedIn("away", "", h.awaySave))
	m.Handle("POST /worker/away/end", h.signedIn("away", "", h.awayEnd))
	m.Handle("GET /worker/team", h.signedIn("team", "", h.teamShow))
	m.Handle("GET /worker/cases", h.signedIn("cases", "", h.casesList))
	m.Handle("GET /worker/cases/{number}", h.signedIn("cases", "", h.caseShow))
	m.Handle("GET /worker/cases/{number}/audit", h.signedIn("cases", "", h.caseAuditShow))
	m.Handle("GET /worker/cases/{number}/export.pdf", h.signedIn("cases", "", h.caseExport))
	m.Handle("GET /worker/cases/{number}/persons", h.scriptJSON(h.casePersonsList))

	m.Handle("GET /worker/messages", h.signedIn("etools", "emessages", h.messagesList))
	m.Handle("GET /worker/messages/new", h.signedIn("etools", "emessages", h.messageNew))
	m.Handle("POST /worker/messages/new", h.signedIn("etools", "emessages", h.messageSave))
	m.Handle("GET /worker/messages/{id}", h.signedIn("etools", "emessages", h.messageShow))
	m.Handle("GET /worker/messages/{id}/edit", h.signedIn("etools", "emessages", h.messageEdit))
	m.Handle("POST /worker/messages/{id}/edit", h.signedIn("etools", "emessages", h.messageUpdate))
	m.Handle("POST /worker/messages/{id}/cancel", h.signedIn("etools", "emessages", h.messageCancel))
	m.Handle("GET /worker/messages/{id}/view", h.signedIn("etools", "emessages", h.messageView))
	m.Handle("GET /worker/messages/{id}/audit", h.signedIn("etools", "emessages", h.messageAuditShow))
	m.Handle("GET /worker/messages/{id}/uploads/{upload_id}", h.signedIn("etools", "emessages", h.uploadDownload))

	// Sign-in security: open to a worker who must still set up an app.
	m.Handle("GET /worker/security", h.securityPage(h.securityShow))
	m.Handle("GET /worker/security/setup", h.securityPage(h.securityPasswordShow(setupAction)))
	m.Handle("POST /worker/security/setup", h.securityPage(h.securitySetup))
	m.Handle("POST /worker/security/setup/confirm", h.securityPage(h.securityConfirm))
	m.Handle("GET /worker/security/recovery-codes", h.securityPage(h.securityPasswordShow(codesAction)))
	m.Handle("POST /worker/security/recovery-codes", h.securityPage(h.securityRecoveryCodes))
	m.Handle("GET /worker/security/turn-off", h.securityPage(h.securityPasswordShow(offAction)))
	m.Handle("POST /worker/security/turn-off", h.securityPage(h.securityTurnOff))
}
