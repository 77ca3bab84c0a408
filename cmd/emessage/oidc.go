package main

import (
	"context"

	"github.com/county/emessage/oidc"
)

// Worker single sign-on (SPEC section 17): the --oidc-* flags and
// --worker-password-login, checked with the other flags, and the
// identity provider's discovery once the service exists.

// checkSSOFlags refuses flags that leave workers no way in, or that name
// half a registration.
func (s *serving) checkSSOFlags() error {
	c := s.c.OIDC
	switch {
	case c.Issuer == "" && (c.ClientID != "" || c.ClientSecret != ""):
		return refuse(exitUsage, "serve: --oidc-client-id and --oidc-client-secret need --oidc-issuer")
	case c.Issuer == "" && !s.c.WorkerPasswordLogin:
		return refuse(exitUsage, "serve: --worker-password-login=false needs --oidc-issuer: workers would have no way to sign in")
	case c.Issuer != "" && c.ClientID == "":
		return refuse(exitUsage, "serve: --oidc-issuer needs --oidc-client-id (the application's id at the identity provider)")
	case c.Issuer != "" && c.UsernameClaim == "":
		return refuse(exitUsage, "serve: --oidc-username-claim is empty (the default is %s)", oidc.DefaultUsernameClaim)
	}
	return nil
}

// connectSSO reads the identity provider's discovery document and lets
// workers sign in there. A provider that cannot be reached, or whose
// document does not name the issuer given, stops the start: the county
// learns at once, rather than from the first worker who cannot sign in
// (a service manager's restart tries again).
func (s *serving) connectSSO(ctx context.Context) error {
	s.svc.WorkerPasswordLogin = s.c.WorkerPasswordLogin
	c := s.c.OIDC
	if c.Issuer == "" {
		return nil
	}
	redirect := s.baseURL + oidc.CallbackPath
	op, err := oidc.Discover(ctx, oidc.Config{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		RedirectURL: redirect, UsernameClaim: c.UsernameClaim, Logger: s.logger.With("component", "oidc")})
	if err != nil {
		return refuse(exitError, "serve: --oidc-issuer: %v", err)
	}
	s.svc.IdentityProvider = op
	s.logger.Info("workers sign in with their county account", "issuer", c.Issuer, "redirect_uri", redirect,
		"username_claim", c.UsernameClaim, "worker_password_login", s.c.WorkerPasswordLogin)
	return nil
}
