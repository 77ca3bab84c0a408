// Package oidc signs workers in at the county's identity provider with
// OpenID Connect (SPEC section 17): the authorization code flow with PKCE
// (S256), state and nonce, and the ID token verified against the keys the
// provider publishes. It is the emessage.IdentityProvider of the service;
// which worker the token names, and what is audited, is the service's.
package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/county/emessage"
)

// DefaultUsernameClaim is the ID token's claim that names the worker,
// unless the county chooses another (serve --oidc-username-claim).
const DefaultUsernameClaim = "preferred_username"

// CallbackPath is where the identity provider sends the browser back: the
// redirect URI registered for e-Messages is the service's base URL and this.
const CallbackPath = "/worker/oidc/callback"

// requestTimeout bounds each request to the identity provider.
const requestTimeout = 10 * time.Second

// Config is how e-Messages is registered at the county's identity provider.
type Config struct {
	// Issuer is the provider's issuer URL, exactly as its discovery
	// document (Issuer + "/.well-known/openid-configuration") says it.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is the registered redirect URI: BASE_URL + CallbackPath.
	RedirectURL string
	// UsernameClaim is the claim matched to a worker's username
	// (DefaultUsernameClaim when "").
	UsernameClaim string
	// HTTPClient makes the requests to the provider (nil: one with a
	// 10-second timeout).
	HTTPClient *http.Client
	// Logger is told why the provider could not be reached during a
	// sign-in (nil: nobody).
	Logger *slog.Logger
}

// Provider is the county's identity provider, as its discovery document
// describes it.
type Provider struct {
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
	clientID string
	claim    string
	client   *http.Client
	log      *slog.Logger
}

// Discover reads the provider's discovery document and returns the
// provider. An issuer over plain HTTP is refused unless it is on this
// machine (tests, a local proxy): its keys could be changed on the way.
func Discover(ctx context.Context, c Config) (*Provider, error) {
	u, err := url.Parse(c.Issuer)
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("the issuer %q is not an https:// address", c.Issuer)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("the issuer %q is not an https:// address", c.Issuer)
	}
	if c.ClientID == "" {
		return nil, errors.New("a client id is needed with the issuer")
	}
	p := &Provider{clientID: c.ClientID, claim: c.UsernameClaim, client: c.HTTPClient, log: c.Logger}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.claim == "" {
		p.claim = DefaultUsernameClaim
	}
	if p.client == nil {
		p.client = &http.Client{Timeout: requestTimeout}
	}
	ctx, cancel := context.WithTimeout(gooidc.ClientContext(ctx, p.client), requestTimeout)
	defer cancel()
	op, err := gooidc.NewProvider(ctx, c.Issuer)
	var mismatch *gooidc.IssuerMismatchError
	if errors.As(err, &mismatch) {
		return nil, fmt.Errorf("the discovery document names the issuer %q: set the issuer to exactly that", mismatch.Discovered)
	}
	var unreachable *url.Error
	if errors.As(err, &unreachable) {
		err = unreachable.Err // the address is said once
	}
	if err != nil {
		return nil, fmt.Errorf("discovery at %s/.well-known/openid-configuration failed: %w", strings.TrimSuffix(c.Issuer, "/"), err)
	}
	p.oauth = oauth2.Config{
		ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: c.RedirectURL,
		Endpoint: op.Endpoint(), Scopes: []string{gooidc.ScopeOpenID, "profile", "email"},
	}
	// The audience is checked by Finish, to say so when it is another client's.
	p.verifier = op.Verifier(&gooidc.Config{SkipClientIDCheck: true})
	return p, nil
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// Begin returns the provider's address that starts a sign-in, with a new
// random state, nonce and PKCE verifier (256 bits each) for the browser to
// keep: the provider gets the state, the nonce and the verifier's hash.
func (p *Provider) Begin(context.Context) (string, emessage.SSOAttempt, error) {
	a := emessage.SSOAttempt{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	authURL := p.oauth.AuthCodeURL(a.State, gooidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier))
	return authURL, a, nil
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Finish exchanges the code, with the attempt's PKCE verifier, for the
// provider's tokens; checks the ID token's signature against the
// provider's published keys, its issuer, its expiry, that it is for this
// client, and that it holds the attempt's nonce; and returns the value of
// the username claim. The provider refuses a code used before.
func (p *Provider) Finish(ctx context.Context, a emessage.SSOAttempt, code string) (string, error) {
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, p.client), requestTimeout)
	defer cancel()
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		// The provider's description may repeat the code: only its error code is kept.
		why := refused.ErrorCode
		if why == "" && refused.Response != nil {
			why = refused.Response.Status
		}
		return "", fmt.Errorf("the identity provider refused the code (%s)", why)
	}
	if err != nil {
		p.log.WarnContext(ctx, "the identity provider's token endpoint could not be reached", "err", err)
		return "", emessage.Errorf(emessage.EUnavailable, "Your county's sign-in service could not be reached. Please try again in a minute.")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", errors.New("the identity provider sent no ID token (is the openid scope allowed?)")
	}
	idt, err := p.verifier.Verify(gooidc.ClientContext(ctx, p.client), raw)
	var expired *gooidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return "", fmt.Errorf("the ID token expired at %s", expired.Expiry.UTC().Format(time.RFC3339))
	case err != nil:
		return "", fmt.Errorf("the ID token did not pass verification: %w", err)
	case !slices.Contains(idt.Audience, p.clientID):
		return "", fmt.Errorf("the ID token is for another client (audience %s)", strings.Join(idt.Audience, " "))
	case subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(a.Nonce)) != 1:
		return "", errors.New("the ID token's nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return "", fmt.Errorf("the ID token's claims could not be read: %w", err)
	}
	if azp, _ := claims["azp"].(string); azp != "" && azp != p.clientID {
		return "", fmt.Errorf("the ID token was issued to another client (azp %s)", azp)
	}
	username, _ := claims[p.claim].(string)
	if username == "" {
		return "", fmt.Errorf("the ID token has no %s claim (check --oidc-username-claim and the claims the identity provider sends)", p.claim)
	}
	return username, nil
}
