package portal

import (
	"net/http"
	"strconv"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// documentShow serves the form of a View Document action, shown in the
// browser (or saved, with ?download=1). Opening it completes the action
// only when the request surely came from the customer (openedHere); one
// that another web site may have made the browser send shows the form of
// an action already completed, and for one still waiting asks the customer
// to open it with a button (documentOpen), changing nothing.
func (h *Handler) documentShow(w http.ResponseWriter, r *http.Request, p *view) error {
	doc, pending, err := h.svc.CustomerDocument(r.Context(), p.Actor, r.PathValue("id"), openedHere(r))
	if err != nil {
		return err
	}
	if pending {
		action := messageURL(r.PathValue("id")) + "/document"
		if r.URL.Query().Get("download") != "" {
			action += "?download=1"
		}
		p.Title = p.T("form_confirm_title")
		p.Data = formConfirm{Action: action, MessageURL: messageURL(r.PathValue("id"))}
		h.render(w, r, http.StatusOK, "document_confirm", p)
		return nil
	}
	serveForm(w, r, doc)
	return nil
}

// documentOpen serves the form when the customer asks for it with the
// button of documentShow's page, completing the action: a POST, which
// cross-origin protection keeps to this site's own pages.
func (h *Handler) documentOpen(w http.ResponseWriter, r *http.Request, p *view) error {
	doc, _, err := h.svc.CustomerDocument(r.Context(), p.Actor, r.PathValue("id"), true)
	if err != nil {
		return err
	}
	serveForm(w, r, doc)
	return nil
}

// formConfirm is the page asking a customer to open a form.
type formConfirm struct {
	Action     string // where the button posts
	MessageURL string
}

// openedHere reports whether a GET surely came from the customer: from a
// page of this site (Sec-Fetch-Site: same-origin) or by their own hand,
// an address typed or a bookmark (none). Anything else may have been
// made by another web site: cross-site; same-site too, since another host
// of the same domain is not this service; and no header at all (an older
// browser), since a GET navigation carries no Origin and the portal's
// pages send no Referer (Referrer-Policy: no-referrer), so nothing tells.
func openedHere(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	}
	return false
}

// serveForm writes a form's PDF, shown in the browser, or saved with
// ?download=1. The name is the form's code, never anything a user typed.
func serveForm(w http.ResponseWriter, r *http.Request, doc *emessage.Document) {
	kind := "inline"
	if r.URL.Query().Get("download") != "" {
		kind = "attachment"
	}
	hd := w.Header()
	hd.Set("Content-Type", emessage.TypePDF)
	hd.Set("Content-Disposition", answer.Disposition(kind, doc.Code+".pdf"))
	hd.Set("Content-Length", strconv.Itoa(len(doc.PDF)))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(doc.PDF)
	}
}
