// Package phone reads phone numbers as people type them, with Google's
// libphonenumber rules (github.com/nyaruka/phonenumbers), and writes them
// in E.164 (+12135550142), the form texts are sent to (SPEC 20).
package phone

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the country of a number typed without its country
// code: the counties are Californian.
const DefaultRegion = "US"

// ErrInvalid refuses what is not a phone number that can exist.
var ErrInvalid = errors.New("not a valid phone number")

// Numbers implements emessage.PhoneNumbers.
type Numbers struct {
	// Region is the country of numbers typed without a country code ("":
	// DefaultRegion).
	Region string
}

// maxTyped bounds what is parsed: no phone number is longer.
const maxTyped = 64

// Normalize returns typed in E.164, or ErrInvalid unless it is a valid
// number: "(213) 555-0142" and "+1 213 555 0142" are +12135550142.
func (n Numbers) Normalize(typed string) (string, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" || len(typed) > maxTyped {
		return "", ErrInvalid
	}
	region := n.Region
	if region == "" {
		region = DefaultRegion
	}
	num, err := phonenumbers.Parse(typed, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}
