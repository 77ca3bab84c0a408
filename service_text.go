package emessage

import (
	"context"
	"regexp"
	"strings"
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// normalizePhone returns typed as an E.164 number, "" for an empty one, or
// a 422 naming field. Without PhoneNumbers, only numbers already written
// in E.164 are taken.
func (s *Service) normalizePhone(field, typed string) (string, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", nil
	}
	refuse := FieldError(EInvalid, field, "Enter a mobile phone number with its country code, like +1 213 555 0142.")
	if s.Phones == nil {
		if !e164.MatchString(typed) {
			return "", refuse
		}
		return typed, nil
	}
	n, err := s.Phones.Normalize(typed)
	if err != nil || !e164.MatchString(n) {
		return "", refuse
	}
	return n, nil
}

// TextReply takes a text a customer sent back to the county's number
// (SPEC 20), from phone, as the SMS provider posted it: STOP (or another
// stop word) turns texts off for every account of the phone and calls off
// the texts waiting for them, START turns them on again, anything else
// changes nothing. Each account changed is audited. It returns what the
// text asked for and the usernames changed.
func (s *Service) TextReply(ctx context.Context, phone, body string) (TextKeyword, []string, error) {
	kw := ParseTextKeyword(body)
	if kw == TextNoKeyword {
		return kw, nil, nil
	}
	p, err := s.normalizePhone("From", phone)
	if err != nil || p == "" {
		return kw, nil, nil // not a number any account can have
	}
	action, detail := "account.texts_stop", "answered "+strings.ToUpper(strings.TrimSpace(body))
	if kw == TextStart {
		action = "account.texts_start"
	}
	entry := AuditEntry{At: s.now(), ActorKind: "sms", Actor: p, Action: action, ObjectType: "account", Detail: detail}
	names, err := s.Store.SetTextsByPhone(ctx, p, kw == TextStart, entry)
	return kw, names, err
}
