package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/county/emessage"
)

// The service's sentences are English. The portal says each refusal in the
// customer's language instead, from the error's code and field and from
// what the customer typed (to tell an empty field from one too long).

// typed is what the customer sent with the form that was refused.
type typed struct {
	Subject, Body, Email, Password string
	Files                          []string // names of the files chosen
	UploadsLeft                    int
	Upload                         bool // the form was an upload
}

// portalProblem returns the field a refusal belongs to ("" for none) and
// its sentence in lang.
func portalProblem(lang string, err error, in typed) (field, sentence string) {
	t := func(key string, args ...any) string { return translate(lang, key, args...) }
	field = emessage.ErrorField(err)
	switch emessage.ErrorCode(err) {
	case emessage.EInvalidCredentials:
		return "username", t("err_credentials")
	case emessage.ETooManyRequests:
		return "", t("err_too_many_requests")
	case emessage.ETooLarge:
		s := t("err_too_large_any")
		if len(in.Files) == 1 {
			s = t("err_too_large", emessage.CleanFileName(in.Files[0]))
		}
		return "file", s + " " + t("err_nothing_sent")
	case emessage.EUnsupportedType:
		s := t("err_unsupported_any")
		if len(in.Files) == 1 {
			s = t("err_unsupported", emessage.CleanFileName(in.Files[0]))
		}
		return "file", s + " " + t("err_nothing_sent")
	case emessage.ETooManyFiles:
		return "file", t("err_too_many_files", in.UploadsLeft) + " " + t("err_nothing_sent")
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
	case "email":
		if strings.TrimSpace(in.Email) == "" {
			return field, t("err_email_needed")
		}
		return field, t("err_email")
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
		return t(long, limit, n)
	}
	return t("err_form")
}

// portalErrors turns a refusal into the form's errors: beside its field
// when the form has it, else in the summary only.
func portalErrors(lang string, err error, in typed, fields []string) *formErrors {
	field, sentence := portalProblem(lang, err, in)
	e := &formErrors{}
	e.add(field, sentence, fields)
	return e
}

// formRefusal reports whether a refusal is one the page shows beside the
// form with what was typed kept, rather than as an error page.
func formRefusal(err error) bool {
	st := httpStatus(emessage.ErrorCode(err))
	return st < 500 && st != http.StatusNotFound && st != http.StatusUnauthorized
}

// portalError shows an error as a portal page in the customer's language:
// a plain explanation and the way on. A page not found is the same whether
// it does not exist or belongs to another customer (R9).
func (s *server) portalError(w http.ResponseWriter, r *http.Request, p *page, err error) {
	code := emessage.ErrorCode(err)
	status := httpStatus(code)
	if status == http.StatusUnauthorized {
		s.loginRedirect(w, r, portalSite)
		return
	}
	if status >= 500 {
		level := s.log.ErrorContext
		if errors.Is(err, context.Canceled) {
			level = s.log.InfoContext
		}
		level(r.Context(), "page failed", "method", r.Method, "route", r.Pattern, "code", code, "err", err)
	}
	if p == nil || p.Layout != "portal_layout" {
		p = s.portalErrorFrame(w, r)
	}
	heading := "error_title"
	switch {
	case status == http.StatusNotFound:
		heading = "error_404_title"
	case status == http.StatusForbidden:
		heading = "error_403_title"
	case status >= 500:
		heading = "error_500_title"
	}
	_, msg := portalProblem(p.Lang, err, typed{})
	if status == http.StatusNotFound {
		msg = p.T("error_404")
	}
	s.portalErrorPage(w, r, p, status, p.T(heading), msg)
}

// portalCrossSite answers a form sent from another web site.
func (s *server) portalCrossSite(w http.ResponseWriter, r *http.Request) {
	p := s.portalErrorFrame(w, r)
	s.portalErrorPage(w, r, p, http.StatusForbidden, p.T("error_403_title"), p.T("err_cross_site"))
}

// portalErrorFrame starts an error page outside the portal's handlers (an
// unknown address, a refused cross-site form): the customer's language and
// menu when the browser holds a session.
func (s *server) portalErrorFrame(w http.ResponseWriter, r *http.Request) *page {
	if a, err := s.portalSession(r); err == nil {
		p := s.portalFrameFor(w, r, &a, "")
		if cases, err := s.svc.CustomerCases(r.Context(), a); err == nil {
			p.Portal.Cases = cases
		}
		return p
	}
	return s.portalFrameFor(w, r, nil, "")
}

func (s *server) portalErrorPage(w http.ResponseWriter, r *http.Request, p *page, status int, heading, msg string) {
	p.Title, p.Notice, p.Errors = heading, "", nil
	p.Data = &errorPage{Status: status, Heading: heading, Message: msg}
	s.render(w, r, status, "portal_error", p)
}
