package portal

import (
	"net/http"
	"net/url"
)

// Routes lists the customer portal of SPEC section 6 on mux.
func (h *Handler) Routes(m *http.ServeMux) {
	m.Handle("GET /portal/login", h.public(h.loginShow))
	m.Handle("POST /portal/login", h.public(h.loginCheck))
	m.Handle("POST /portal/logout", h.public(h.logout))
	m.Handle("POST /portal/language", h.public(h.languageSave))
	m.Handle("GET /portal", http.RedirectHandler("/portal/", http.StatusMovedPermanently))

	m.Handle("GET /portal/{$}", h.signedIn("inbox", h.inboxShow))
	m.Handle("GET /portal/messages/new", h.signedIn("new", h.messageNew))
	m.Handle("POST /portal/messages/new", h.signedIn("new", h.messageSave))
	m.Handle("GET /portal/messages/{id}", h.signedIn("inbox", h.messageShow))
	m.Handle("POST /portal/messages/{id}/reply", h.signedIn("inbox", h.messageReply))
	m.Handle("POST /portal/messages/{id}/uploads", h.signedIn("inbox", h.uploadSave))
	m.Handle("GET /portal/messages/{id}/document", h.signedIn("inbox", h.documentShow))
	m.Handle("POST /portal/messages/{id}/document", h.signedIn("inbox", h.documentOpen))
	m.Handle("GET /portal/settings", h.signedIn("settings", h.settingsShow))
	m.Handle("POST /portal/settings", h.signedIn("settings", h.settingsSave))
}

// messageURL is the address of a record's page in the portal.
func messageURL(id string) string { return "/portal/messages/" + url.PathEscape(id) }
