package portal

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
	"github.com/county/emessage/words"
)

// The service's sentences are English. The portal says each refusal in the
// customer's language instead, from the error's code and field and from
// what the customer typed (to tell an empty field from one too long).

// typed is what the customer sent with the form that was refused.
type typed struct {
	Subject, Body, Email, Password, Phone string
	Files                                 []string // names of the files chosen
	UploadsLeft                           int
	Upload                                bool // the form was an upload
}

// portalProblem returns the field a refusal belongs to ("" for none) and
// its sentence in lang.
func portalProblem(lang string, err error, in typed) (field, sentence string) {
	t := func(key string, args ...any) string { return words.T(lang, key, args...) }
	field = emessage.ErrorField(err)
	switch emessage.ErrorCode(err) {
	case emessage.EInvalidCredentials:
		return "username", t("err_credentials")
	case emessage.ETooManyRequests:
		return "", t("err_too_many_requests")
	case emessage.ETooLarge:
		if len(in.Files) == 1 {
			return "file", t("upload_refused_too_large", "File", emessage.CleanFileName(in.Files[0]))
		}
		return "file", t("upload_refused_too_large_any")
	case emessage.EUnsupportedType:
		if len(in.Files) == 1 {
			return "file", t("upload_refused_unsupported", "File", emessage.CleanFileName(in.Files[0]))
		}
		return "file", t("upload_refused_unsupported_any")
	case emessage.ETooManyFiles:
		return "file", t("upload_refused_too_many", "Count", in.UploadsLeft)
	case emessage.EReauth:
		if in.Password == "" {
			return "password", t("err_reauth_needed")
		}
		return "password", t("err_reauth_wrong")
	case emessage.ETwoWayDisabled:
		return "", t("err_two_way")
	case emessage.ECaseDiscontinued:
		return "case_number", t("err_case_discontinued")
	case emessage.EMalformed:
		return "", t("err_form")
	case emessage.EInvalidTransition, emessage.EConflict:
		if in.Upload {
			return "", t("err_request_closed")
		}
		return "", t("err_changed")
	case emessage.EInvalid:
		return invalidProblem(t, field, in)
	case emessage.EInternal:
		return "", t("err_internal")
	}
	return "", t("err_generic")
}

// invalidProblem says what is wrong with a field the service found invalid.
func invalidProblem(t func(string, ...any) string, field string, in typed) (string, string) {
	switch field {
	case "file":
		return field, t("err_choose_file")
	case "body":
		return field, textProblem(t, in.Body, emessage.MaxBody, "err_body_empty", "err_body_long")
	case "subject":
		return field, textProblem(t, in.Subject, emessage.MaxSubject, "err_subject_empty", "err_subject_long")
	case "case_number":
		return field, t("err_case")
	case "program":
		return field, t("err_program")
	case "email":
		if strings.TrimSpace(in.Email) == "" {
			return field, t("err_email_needed")
		}
		return field, t("err_email")
	case "phone":
		if strings.TrimSpace(in.Phone) == "" {
			return field, t("err_phone_needed")
		}
		return field, t("err_phone")
	case "language":
		return field, t("err_language")
	case "":
		if in.Upload {
			return "", t("err_no_upload")
		}
	}
	return "", t("err_generic")
}

// textProblem tells an empty text from one over its limit.
func textProblem(t func(string, ...any) string, text string, limit int, empty, long string) string {
	if strings.TrimSpace(text) == "" {
		return t(empty)
	}
	if n := utf8.RuneCountInString(text); n > limit {
		return t(long, "Count", limit, "Typed", n)
	}
	return t("err_form")
}

// portalErrors turns a refusal into the form's errors: beside its field
// when the form has it, else in the summary only.
func portalErrors(lang string, err error, in typed, fields []string) *page.Errors {
	field, sentence := portalProblem(lang, err, in)
	e := &page.Errors{}
	e.Add(field, sentence, fields)
	return e
}

// formRefusal reports whether a refusal is one the page shows beside the
// form with what was typed kept, rather than as an error page.
func formRefusal(err error) bool {
	st := answer.StatusOf(err)
	return st < 500 && st != http.StatusNotFound && st != http.StatusUnauthorized
}
