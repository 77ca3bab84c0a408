package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// accountPatchRequest takes any of the settings; an absent field is left as it is.
// Username is accepted so that a client may send back what it read, but it
// cannot be changed.
type accountPatchRequest struct {
	Username      *string `json:"username"`
	Email         *string `json:"email"`
	ENotification *bool   `json:"e_notification"`
	Language      *string `json:"language"`
	// Phone is a mobile number, E.164 or as people write it ("" clears
	// it); it is answered in E.164.
	Phone           *string `json:"phone"`
	SMSNotification *bool   `json:"sms_notification"`
	// SMSStopped is answered, not set: it may be sent back as it was read.
	SMSStopped *bool `json:"sms_stopped"`
	// Password re-authenticates a change of email address made more than a
	// few minutes after signing in.
	Password *string `json:"password"`
}

// sspAccountPatch changes the customer's notification settings.
func (h *Handler) sspAccountPatch(w http.ResponseWriter, r *http.Request) error {
	var in accountPatchRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a := actor(r)
	if in.Username != nil && a.IsCustomer() && *in.Username != a.Username {
		return emessage.FieldError(emessage.EInvalid, "username", "The username cannot be changed.")
	}
	acct, err := h.svc.UpdateCustomerAccount(r.Context(), a, emessage.AccountSettings{
		Email: in.Email, ENotification: in.ENotification, Language: in.Language, Password: in.Password,
		Phone: in.Phone, SMSNotification: in.SMSNotification,
	})
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, accountToJSON(acct))
	return nil
}
