package emessage

import (
	"context"
	"fmt"
	"strings"
)

// CreateSystemToken makes a token for a system, bound to a county when one
// is given, and returns it: it is shown once and kept only as its hash.
func (s *Service) CreateSystemToken(ctx context.Context, by Operator, name, county string) (string, error) {
	if err := checkSystemName(name); err != nil {
		return "", err
	}
	if county != "" {
		if _, err := s.Store.County(ctx, county); err != nil {
			if ErrorCode(err) == ENotFound {
				return "", FieldError(EInvalid, "county", "There is no county %q: import it first.", county)
			}
			return "", err
		}
	}
	secret, _ := NewToken()
	token := SystemTokenPrefix + secret
	now := s.now()
	t := SystemToken{Name: name, County: county, CreatedAt: now}
	if err := s.Store.CreateSystemToken(ctx, t, HashToken(token), operatorAudit(by, now, "system_token.create", "system", name, scopeText(county))); err != nil {
		if ErrorCode(err) == EConflict {
			return "", FieldError(EConflict, "system", "A live token for %s exists already: revoke it first (emessage token revoke %s).", name, name)
		}
		return "", err
	}
	return token, nil
}

// SystemTokens lists every system token, live and revoked.
func (s *Service) SystemTokens(ctx context.Context) ([]SystemToken, error) {
	return s.Store.SystemTokens(ctx)
}

// RevokeSystemToken ends a system's live token at once.
func (s *Service) RevokeSystemToken(ctx context.Context, by Operator, name string) error {
	now := s.now()
	err := s.Store.RevokeSystemToken(ctx, name, now, operatorAudit(by, now, "system_token.revoke", "system", name, ""))
	if ErrorCode(err) == ENotFound {
		return Errorf(ENotFound, "There is no live token for a system named %q (emessage token list shows them).", name)
	}
	return err
}

// AuthenticateSystem returns the actor of a live system token.
func (s *Service) AuthenticateSystem(ctx context.Context, token string) (Actor, error) {
	if !strings.HasPrefix(token, SystemTokenPrefix) {
		return Actor{}, Errorf(EUnauthorized, "This needs a system token: Authorization: Bearer ems_... (emessage token create).")
	}
	t, err := s.Store.SystemTokenByHash(ctx, HashToken(token), s.now())
	if ErrorCode(err) == ENotFound {
		return Actor{}, Errorf(EUnauthorized, "This system token is unknown or was revoked.")
	}
	if err != nil {
		return Actor{}, err
	}
	return systemActor(t), nil
}

// requireSystem checks that the actor is a system, and may touch county
// when one is named.
func requireSystem(a Actor, county string) error {
	if !a.IsSystem() {
		return Errorf(EForbidden, "This is for the county's systems, with a system token.")
	}
	if county != "" && a.County != "" && county != a.County {
		return Errorf(EForbidden, "This system's token is for county %s only.", a.County)
	}
	return nil
}

// Sync takes a system's import document (SPEC 15) through the same checks
// and the same transaction as "emessage import". A token bound to a county
// may write that county's counties, workers, cases and records alone, and
// accounts no other county's case links to; the catalogue's documents are
// the state's, so only an unbound token may sync them.
func (s *Service) Sync(ctx context.Context, a Actor, data *ImportData) (ImportResult, error) {
	if err := requireSystem(a, ""); err != nil {
		return ImportResult{}, err
	}
	for i := range data.Documents {
		if data.Documents[i].PDF != "" {
			return ImportResult{}, FieldError(EInvalid, fmt.Sprintf("documents[%d].pdf", i),
				"documents[%d].pdf: a sync carries no files; leave pdf out to keep the form's PDF, and send a case's notices with PUT /api/v1/cases/{number}/documents/{code}", i)
		}
	}
	data.County = a.County
	if err := data.checkScope(); err != nil {
		return ImportResult{}, err
	}
	res, err := s.Import(ctx, data)
	if err != nil {
		return ImportResult{}, err
	}
	s.Store.AppendAudit(ctx, audit(a, s.now(), "sync", "system", a.Username, res.String()))
	return res, nil
}

func scopeText(county string) string {
	if county == "" {
		return "every county"
	}
	return "county " + county
}
