package sms

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// HeaderSignature is the header in which the provider signs what it posts.
const HeaderSignature = "X-Twilio-Signature"

// Signature is what the provider puts in HeaderSignature when it posts
// form to fullURL, signed with the account's token, as Twilio computes it:
// base64 of the HMAC-SHA1 of the full URL followed by each POST parameter's
// name and value, sorted by name (a name given twice: each of its
// values once, sorted, as Twilio's own libraries do).
func Signature(token, fullURL string, form url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		values := append([]string(nil), form[name]...)
		sort.Strings(values)
		values = slices.Compact(values)
		for _, v := range values {
			b.WriteString(name)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// ValidSignature reports, in constant time, whether signature is the
// provider's for form posted to fullURL. An empty token or signature is
// never valid.
func ValidSignature(token, fullURL string, form url.Values, signature string) bool {
	if token == "" || signature == "" {
		return false
	}
	want := Signature(token, fullURL, form)
	return hmac.Equal([]byte(want), []byte(signature))
}
