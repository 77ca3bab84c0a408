package api

import (
	"github.com/county/emessage"
)

type accountJSON struct {
	Username      string `json:"username"`
	Email         string `json:"email"`
	ENotification bool   `json:"e_notification"`
	Language      string `json:"language"`
	// Phone is E.164 ("" for none); SMSStopped says the customer answered
	// STOP to a text and has not turned texts on since (SPEC 20).
	Phone           string `json:"phone"`
	SMSNotification bool   `json:"sms_notification"`
	SMSStopped      bool   `json:"sms_stopped"`
}

func accountToJSON(a *emessage.Account) accountJSON {
	return accountJSON{Username: a.Username, Email: a.Email, ENotification: a.ENotification, Language: a.Language,
		Phone: a.Phone, SMSNotification: a.SMSNotification, SMSStopped: a.SMSStopped}
}
