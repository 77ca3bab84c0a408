package emessage

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web layer (SPEC section 8).
const (
	EMalformed          = "malformed"                 // 400
	EUnauthorized       = "unauthorized"              // 401
	EInvalidCredentials = "invalid_credentials"       // 401
	EMFARequired        = "mfa_required"              // 401: the password was right, the authenticator code is missing
	EForbidden          = "forbidden"                 // 403
	EReauth             = "reauthentication_required" // 403
	EMFAEnrolment       = "mfa_enrolment_required"    // 403: the worker must set up an authenticator app first
	EPasswordLogin      = "password_login_disabled"   // 403: workers sign in with their county account only
	ENotSetUp           = "account_not_set_up"        // 403: the county account names no worker of e-Messages
	ESSORefused         = "sign_in_refused"           // 403: the identity provider's answer did not pass its checks
	ETwoWayDisabled     = "two_way_disabled"          // 403
	ENotFound           = "not_found"                 // 404
	EInvalidTransition  = "invalid_transition"        // 409
	ERequestInProgress  = "request_in_progress"       // 409: the same Idempotency-Key is being answered
	EConflict           = "conflict"                  // 409
	ETooLarge           = "too_large"                 // 413
	EUnsupportedType    = "unsupported_type"          // 415
	EInvalid            = "invalid"                   // 422
	ENoSSPAccount       = "no_ssp_account"            // 422
	ECaseDiscontinued   = "case_discontinued"         // 422
	ENotSendable        = "document_not_sendable"
	ETooManyFiles       = "too_many_files"         // 422
	EIdempotencyReused  = "idempotency_key_reused" // 422: the key was used for another request
	ETooManyRequests    = "too_many_requests"
	EUnavailable        = "unavailable" // 503: the database is held by another process; try again shortly
	EInternal           = "internal"    // 500
)

// Error is the one error type of the service: a code, a sentence for a person,
// and the field at fault when there is one.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an *Error naming the field at fault.
func FieldError(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for anything that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorMessage returns the sentence for a person; internal errors never show their text.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again."
}

// ErrorField returns the field at fault, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrNotWritable is a database that answers reads but takes no writes now.
var ErrNotWritable = errors.New("the database takes no writes")

// NotFound is the error for what does not exist or what the caller may not see.
func NotFound(what string) *Error {
	return Errorf(ENotFound, "%s was not found.", what)
}
