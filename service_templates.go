package emessage

import (
	"context"
	"strings"
)

// Templates lists the templates of the worker's county in language, or in
// every language for "", by code and language (SPEC section 13). They are
// for writing, so they need emessage.send.
func (s *Service) Templates(ctx context.Context, a Actor, language string) ([]Template, error) {
	if err := requireWorker(a, RightSend); err != nil {
		return nil, err
	}
	if language != "" && !ValidLanguage(language) {
		return nil, FieldError(EInvalid, "language", "language must be one of %s.", strings.Join(Languages, ", "))
	}
	return s.Store.Templates(ctx, a.County, language)
}

// TemplatesFor lists the templates of the worker's county for a new record
// to person personID of case c (nil while no case is chosen): those in the
// customer's language, their SSP account's, first (FirstInLanguage).
func (s *Service) TemplatesFor(ctx context.Context, a Actor, c *Case, personID string) ([]Template, error) {
	ts, err := s.Templates(ctx, a, "")
	if err != nil {
		return nil, err
	}
	var lang string
	if c != nil && c.County == a.County {
		if p, ok := c.Person(personID); ok {
			lang = p.Language
		}
	}
	return FirstInLanguage(ts, lang), nil
}

// InsertTemplate returns body with the county's template code in language
// inserted (InsertTemplate), for a worker writing without the page's script.
func (s *Service) InsertTemplate(ctx context.Context, a Actor, body, code, language string) (string, error) {
	ts, err := s.Templates(ctx, a, "")
	if err != nil {
		return body, err
	}
	for _, t := range ts {
		if t.Code == code && t.Language == language {
			return InsertTemplate(body, t)
		}
	}
	return body, FieldError(EInvalid, "template", "Choose a template from the list.")
}
