package web

import (
	"net/http"

	"github.com/county/emessage"
)

type accountJSON struct {
	Username      string `json:"username"`
	Email         string `json:"email"`
	ENotification bool   `json:"e_notification"`
	Language      string `json:"language"`
}

// accountPatchRequest takes any of the settings; an absent field is left as it is.
// Username is accepted so that a client may send back what it read, but it
// cannot be changed.
type accountPatchRequest struct {
	Username      *string `json:"username"`
	Email         *string `json:"email"`
	ENotification *bool   `json:"e_notification"`
	Language      *string `json:"language"`
	// Password re-authenticates a change of email address made more than a
	// few minutes after signing in.
	Password *string `json:"password"`
}

// apiSSPAccountGet answers the customer's notification settings.
func (s *server) apiSSPAccountGet(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.svc.CustomerAccount(r.Context(), actorFrom(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accountToJSON(acct))
	return nil
}

// apiSSPAccountPatch changes the customer's notification settings.
func (s *server) apiSSPAccountPatch(w http.ResponseWriter, r *http.Request) error {
	var in accountPatchRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	actor := actorFrom(r.Context())
	if in.Username != nil && actor.IsCustomer() && *in.Username != actor.Username {
		return emessage.FieldError(emessage.EInvalid, "username", "The username cannot be changed.")
	}
	acct, err := s.svc.UpdateCustomerAccount(r.Context(), actor, emessage.AccountSettings{
		Email: in.Email, ENotification: in.ENotification, Language: in.Language, Password: in.Password,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accountToJSON(acct))
	return nil
}

func accountToJSON(a *emessage.Account) accountJSON {
	return accountJSON{Username: a.Username, Email: a.Email, ENotification: a.ENotification, Language: a.Language}
}
