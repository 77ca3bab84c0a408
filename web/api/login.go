package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// OTP is a worker's authenticator code or recovery code; workers who
	// set up an authenticator app must send it (401 mfa_required without).
	OTP string `json:"otp,omitempty"`
}

type loginResponse struct {
	Token string `json:"token"`
	Role  string `json:"role"`
	Name  string `json:"name"`
}

// login signs a worker or an SSP user in and hands out a bearer token.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := answer.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := h.svc.SignIn(r.Context(), emessage.LoginInput{Username: in.Username, Password: in.Password, OTP: in.OTP})
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, loginResponse{Token: res.Token, Role: string(res.Actor.Role), Name: res.Actor.Name})
	return nil
}
