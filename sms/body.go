package sms

import (
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// Body is a text-message e-Notification's words in lang (English when
// lang is unknown): that a new message waits, and the portal's address
// under baseURL, the address the e-Notification email links to. Nothing
// about the case: a text is read on a phone's lock screen (SPEC 20).
func Body(lang, baseURL string) string {
	if !emessage.ValidLanguage(lang) {
		lang = "en"
	}
	return words.T(lang, "sms_body", "URL", PortalURL(baseURL))
}

// PortalURL is the portal's address under baseURL (as mail.PortalURL;
// the two senders import the root, not each other).
func PortalURL(baseURL string) string {
	return strings.TrimRight(baseURL, "/") + "/portal/"
}
