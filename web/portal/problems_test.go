package portal

import (
	"context"
	"strings"
	"testing"

	"github.com/county/emessage"
)

func TestPortalProblemsAreTranslated(t *testing.T) {
	// Every refusal the portal can meet has Spanish words of its own.
	for _, err := range []error{
		emessage.Errorf(emessage.EInvalidCredentials, "x"), emessage.Errorf(emessage.ETooManyRequests, "x"),
		emessage.FieldError(emessage.ETooLarge, "file", "x"), emessage.FieldError(emessage.EUnsupportedType, "file", "x"),
		emessage.FieldError(emessage.ETooManyFiles, "file", "x"), emessage.Errorf(emessage.ETwoWayDisabled, "x"),
		emessage.FieldError(emessage.ECaseDiscontinued, "case_number", "x"), emessage.FieldError(emessage.EInvalid, "body", "x"),
		emessage.FieldError(emessage.EInvalid, "subject", "x"), emessage.FieldError(emessage.EInvalid, "case_number", "x"),
		emessage.FieldError(emessage.EInvalid, "email", "x"), emessage.FieldError(emessage.EInvalid, "file", "x"),
		emessage.FieldError(emessage.EReauth, "password", "x"), emessage.Errorf(emessage.EInvalidTransition, "x"),
		emessage.Errorf(emessage.EMalformed, "x"), context.Canceled,
	} {
		_, es := portalProblem("es", err, typed{})
		_, en := portalProblem("en", err, typed{})
		if es == "" || es == en || strings.Contains(es, "x") && len(es) < 3 {
			t.Errorf("%v: es %q, en %q", err, es, en)
		}
	}
	_, got := portalProblem("en", emessage.FieldError(emessage.EInvalid, "body", "x"), typed{Body: strings.Repeat("a", 4001)})
	if got != "Your message can be at most 4000 characters; it has 4001." {
		t.Fatalf("a body too long: %q", got)
	}
}
