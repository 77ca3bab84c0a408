package api

import (
	"github.com/county/emessage"
)

type accountJSON struct {
	Username      string `json:"username"`
	Email         string `json:"email"`
	ENotification bool   `json:"e_notification"`
	Language      string `json:"language"`
}

func accountToJSON(a *emessage.Account) accountJSON {
	return accountJSON{Username: a.Username, Email: a.Email, ENotification: a.ENotification, Language: a.Language}
}
