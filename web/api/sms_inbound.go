package api

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// MaxInboundText bounds the form the SMS provider posts for a text sent
// back to the county (its own fields and a text of at most 1,600
// characters fit many times over).
const MaxInboundText = 16 << 10

// headerTextSignature is where the provider signs what it posts (Twilio's
// X-Twilio-Signature).
const headerTextSignature = "X-Twilio-Signature"

// emptyTwiML answers the provider with nothing to send back: the provider
// answers STOP and START itself, and anything else gets no answer.
const emptyTwiML = `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Response/>\n"

// smsInbound is POST /api/v1/sms/inbound (SPEC 20): a text a customer
// sent to the county's number, as the SMS provider posts it (From, Body),
// signed with the account's token over the public address it posted to,
// the service's base URL and this path, not whatever Host the request
// names. Unsigned or wrongly signed: 403. STOP and its kin turn texts off
// for the phone's accounts, START on again (the service decides).
//
// No session and no cookie come with it, so the cross-origin protection
// has nothing to guard here; a server's POST carries neither Origin nor
// Sec-Fetch-Site, which that protection lets through, so the route needs
// no exemption.
func (h *Handler) smsInbound(w http.ResponseWriter, r *http.Request) error {
	if h.opts.ValidTextSignature == nil {
		return emessage.Errorf(emessage.ENotFound, "Text messages are not set up on this server (serve --sms-url).")
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxInboundText)
	if err := r.ParseForm(); err != nil {
		if answer.TooLarge(err) {
			return emessage.Errorf(emessage.ETooLarge, "The form is larger than %d KiB.", MaxInboundText>>10)
		}
		return emessage.Errorf(emessage.EMalformed, "The form could not be read.")
	}
	full := h.opts.BaseURL + r.URL.RequestURI()
	if !h.opts.ValidTextSignature(full, r.PostForm, r.Header.Get(headerTextSignature)) {
		h.log.Warn("inbound text refused: not signed by the SMS provider for this address", "url", full)
		return emessage.Errorf(emessage.EForbidden, "This request is not signed by the SMS provider.")
	}
	if err := answer.CleanValues(r.PostForm); err != nil {
		return err
	}
	kw, changed, err := h.svc.TextReply(r.Context(), r.PostForm.Get("From"), r.PostForm.Get("Body"))
	if err != nil {
		return err
	}
	if kw != emessage.TextNoKeyword {
		h.log.Info("inbound text", "keyword", keywordName(kw), "accounts", len(changed))
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(emptyTwiML))
	return nil
}

func keywordName(kw emessage.TextKeyword) string {
	if kw == emessage.TextStart {
		return "start"
	}
	return "stop"
}

// TextSignatureFunc reports whether signature is the SMS provider's for
// form posted to fullURL.
type TextSignatureFunc func(fullURL string, form url.Values, signature string) bool
