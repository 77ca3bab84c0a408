package answer

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

func TestHTTPStatusOfEveryCode(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{emessage.EMalformed, 400},
		{emessage.EUnauthorized, 401},
		{emessage.EInvalidCredentials, 401},
		{emessage.EMFARequired, 401},
		{emessage.EForbidden, 403},
		{emessage.ETwoWayDisabled, 403},
		{emessage.EReauth, 403},
		{emessage.EMFAEnrolment, 403},
		{emessage.EPasswordLogin, 403},
		{emessage.ENotSetUp, 403},
		{emessage.ESSORefused, 403},
		{emessage.ENotFound, 404},
		{CodeMethodNotAllowed, 405},
		{emessage.EInvalidTransition, 409},
		{emessage.EConflict, 409},
		{emessage.ERequestInProgress, 409},
		{emessage.ETooLarge, 413},
		{emessage.EUnsupportedType, 415},
		{emessage.EInvalid, 422},
		{emessage.ENoSSPAccount, 422},
		{emessage.ECaseDiscontinued, 422},
		{emessage.ENotSendable, 422},
		{emessage.ETooManyFiles, 422},
		{emessage.EIdempotencyReused, 422},
		{emessage.ETooManyRequests, 429},
		{emessage.EUnavailable, 503},
		{emessage.EInternal, 500},
		{"no_such_code", 500},
		{"", 500},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := Status(tt.code); got != tt.want {
				t.Errorf("Status(%q) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
	// Every code in the table is tested above.
	tested := make(map[string]bool)
	for _, tt := range tests {
		tested[tt.code] = true
	}
	for code := range errorStatus {
		if !tested[code] {
			t.Errorf("code %q of the table has no test", code)
		}
	}
}

func TestError(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantMsg    string
		wantField  string
	}{
		{"field error", emessage.FieldError(emessage.EInvalid, "body", "Too long."), 422, "invalid", "Too long.", "body"},
		{"no field", emessage.Errorf(emessage.ENotFound, "Gone."), 404, "not_found", "Gone.", ""},
		{"wrapped", fmt.Errorf("ctx: %w", emessage.Errorf(emessage.EForbidden, "No.")), 403, "forbidden", "No.", ""},
		{"internal", errors.New("pq: password authentication failed for secret"), 500, "internal", InternalMessage, ""},
		{"unknown code", emessage.FieldError("weird", "x", "Odd."), 500, "internal", InternalMessage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			rec := httptest.NewRecorder()
			Error(testrig.Logger(&logs), rec, httptest.NewRequest("GET", "/api/v1/x", nil), tt.err)
			testrig.MustStatus(t, rec, tt.wantStatus)
			got := testrig.MustErrorBody(t, rec)
			if got.Code != tt.wantCode || got.Message != tt.wantMsg || got.Field != tt.wantField {
				t.Errorf("error = %+v, want code %q message %q field %q", got, tt.wantCode, tt.wantMsg, tt.wantField)
			}
			if tt.wantField == "" && strings.Contains(rec.Body.String(), `"field"`) {
				t.Errorf("body %s has a field though none is at fault", rec.Body.String())
			}
			if tt.wantStatus == 500 {
				if strings.Contains(rec.Body.String(), "secret") {
					t.Errorf("body %s shows the internal cause", rec.Body.String())
				}
				if !strings.Contains(logs.String(), "request failed") {
					t.Errorf("the cause was not logged: %q", logs.String())
				}
			} else if logs.Len() != 0 {
				t.Errorf("a %d was logged: %q", tt.wantStatus, logs.String())
			}
		})
	}
}

func TestErrorUnauthorizedAsksForBearer(t *testing.T) {
	rec := httptest.NewRecorder()
	Error(testrig.Logger(nil), rec, httptest.NewRequest("GET", "/", nil), emessage.Errorf(emessage.EUnauthorized, "Sign in."))
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q, want Bearer", got)
	}
}
