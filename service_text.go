package emessage

import (
	"context"
	"regexp"
	"strings"
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// checkPhone returns typed, a phone number in E.164 (+12135550142), or ""
// for an empty one; anything else is a 422 naming field (SPEC 20: the API,
// import and sync take E.164 only). With PhoneNumbers, the number must
// also be one that can exist.
func (s *Service) checkPhone(field, typed string) (string, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", nil
	}
	refuse := FieldError(EInvalid, field, "Enter a mobile phone number in E.164 form, with + and its country code, like +12135550142.")
	if !e164.MatchString(typed) {
		return "", refuse
	}
	if s.Phones != nil {
		if n, err := s.Phones.Normalize(typed); err != nil || n != typed {
			return "", refuse
		}
	}
	return typed, nil
}

// ReadPhone is a phone number as a person typed it into a page, "(213)
// 555-0142", written in E.164 when it is one (a number without a country
// code is taken to be in the United States), else typed as it was, for
// UpdateCustomerAccount to refuse.
func (s *Service) ReadPhone(typed string) string {
	if s.Phones == nil || strings.TrimSpace(typed) == "" {
		return typed
	}
	if n, err := s.Phones.Normalize(typed); err == nil {
		return n
	}
	return typed
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
	p, err := s.checkPhone("From", phone)
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
