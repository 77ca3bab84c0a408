package web

import (
	"net/http"

	"github.com/county/emessage"
)

// apiLogout ends the caller's token.
func (s *server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.Logout(r.Context(), bearerToken(r)); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
		return err
	}
	writeJSON(w, http.StatusOK, struct{}{})
	return nil
}
