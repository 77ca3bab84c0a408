package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// Routes lists the JSON API of SPEC section 8 on mux.
func (h *Handler) Routes(m *http.ServeMux) {
	m.Handle("POST /api/v1/login", h.public(h.login))
	m.Handle("POST /api/v1/logout", h.authedAnyone(h.logout))
	m.Handle("GET /api/v1/openapi.json", h.public(h.openapiGet))

	// Worker.
	m.Handle("GET /api/v1/home", h.authed(h.homeGet))
	m.Handle("GET /api/v1/me/away", h.authed(h.meAwayGet))
	m.Handle("PUT /api/v1/me/away", h.authed(h.meAwayPut))
	m.Handle("DELETE /api/v1/me/away", h.authed(h.meAwayDelete))
	m.Handle("GET /api/v1/team", h.authed(h.teamGet))
	m.Handle("GET /api/v1/cases/{number}", h.authed(h.caseGet))
	m.Handle("GET /api/v1/cases/{number}/audit", h.authed(h.caseAuditGet))
	m.Handle("GET /api/v1/cases/{number}/export.pdf", h.authed(h.caseExportGet))
	m.Handle("GET /api/v1/documents", h.authed(h.documentsList))
	m.Handle("GET /api/v1/templates", h.authed(h.templatesList))
	m.Handle("GET /api/v1/messages", h.authed(h.messagesList))
	m.Handle("POST /api/v1/messages", h.authed(h.once(answer.MaxJSONBody, h.messagesCreate)))
	m.Handle("GET /api/v1/messages/{id}", h.authedOrSystem(h.messageGet))
	m.Handle("GET /api/v1/messages/{id}/audit", h.authed(h.messageAuditGet))
	m.Handle("POST /api/v1/messages/{id}/reply", h.authed(h.once(answer.MaxJSONBody, h.messageReply)))
	m.Handle("PATCH /api/v1/messages/{id}", h.authed(h.messagePatch))
	m.Handle("DELETE /api/v1/messages/{id}/schedule", h.authed(h.messageScheduleDelete))
	m.Handle("GET /api/v1/messages/{id}/uploads/{upload_id}", h.authedOrSystem(h.uploadGet))

	// Customer (SSP).
	m.Handle("GET /api/v1/ssp/messages", h.authed(h.sspMessagesList))
	m.Handle("POST /api/v1/ssp/messages", h.authed(h.once(answer.MaxJSONBody, h.sspMessagesCreate)))
	m.Handle("GET /api/v1/ssp/messages/{id}", h.authed(h.sspMessageGet))
	m.Handle("GET /api/v1/ssp/messages/{id}/document", h.authed(h.sspDocumentGet))
	m.Handle("POST /api/v1/ssp/messages/{id}/uploads", h.authed(h.once(answer.MaxUploadBody, h.sspUploadsCreate)))
	m.Handle("POST /api/v1/ssp/messages/{id}/reply", h.authed(h.once(answer.MaxJSONBody, h.sspMessageReply)))
	m.Handle("GET /api/v1/ssp/account", h.authed(h.sspAccountGet))
	m.Handle("PATCH /api/v1/ssp/account", h.authed(h.sspAccountPatch))

	// The SMS provider, signing with the account's token (SPEC 20).
	m.Handle("POST /api/v1/sms/inbound", h.public(h.smsInbound))

	// County systems, with a system token (SPEC 14, 15).
	m.Handle("PUT /api/v1/sync", h.system(h.syncPut))
	m.Handle("PUT /api/v1/cases/{number}/documents/{code}", h.system(h.caseDocumentPut))
}
