package answer

import (
	"errors"
	"net/http"

	"github.com/county/emessage"
)

// CodeMethodNotAllowed is the web layer's own code for a known address
// asked with the wrong method.
const CodeMethodNotAllowed = "method_not_allowed"

// errorStatus is the one table from error code to HTTP status (SPEC section 8).
// A code not in it is a 500.
var errorStatus = map[string]int{
	emessage.EMalformed:          http.StatusBadRequest,
	emessage.EUnauthorized:       http.StatusUnauthorized,
	emessage.EInvalidCredentials: http.StatusUnauthorized,
	emessage.EMFARequired:        http.StatusUnauthorized,
	emessage.EForbidden:          http.StatusForbidden,
	emessage.ETwoWayDisabled:     http.StatusForbidden,
	emessage.EReauth:             http.StatusForbidden,
	emessage.EMFAEnrolment:       http.StatusForbidden,
	emessage.EPasswordLogin:      http.StatusForbidden,
	emessage.ENotSetUp:           http.StatusForbidden,
	emessage.ESSORefused:         http.StatusForbidden,
	emessage.ENotFound:           http.StatusNotFound,
	CodeMethodNotAllowed:         http.StatusMethodNotAllowed,
	emessage.EInvalidTransition:  http.StatusConflict,
	emessage.EConflict:           http.StatusConflict,
	emessage.ERequestInProgress:  http.StatusConflict,
	emessage.ETooLarge:           http.StatusRequestEntityTooLarge,
	emessage.EUnsupportedType:    http.StatusUnsupportedMediaType,
	emessage.EInvalid:            http.StatusUnprocessableEntity,
	emessage.ENoSSPAccount:       http.StatusUnprocessableEntity,
	emessage.ECaseDiscontinued:   http.StatusUnprocessableEntity,
	emessage.ENotSendable:        http.StatusUnprocessableEntity,
	emessage.ETooManyFiles:       http.StatusUnprocessableEntity,
	emessage.EIdempotencyReused:  http.StatusUnprocessableEntity,
	emessage.ETooManyRequests:    http.StatusTooManyRequests,
	emessage.EUnavailable:        http.StatusServiceUnavailable,
	emessage.EInternal:           http.StatusInternalServerError,
}

// Status returns the HTTP status of an error code.
func Status(code string) int {
	if st, ok := errorStatus[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// StatusOf returns the HTTP status of an error.
func StatusOf(err error) int { return Status(emessage.ErrorCode(err)) }

// InternalMessage is the sentence a person sees for a failure of ours.
var InternalMessage = emessage.ErrorMessage(errors.New("internal"))
