package emessage

import "context"

type clientAddrKey struct{}

// WithClientAddr returns a context that carries the client's network
// address, for sign-in throttling and the audit trail.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddr returns the client address carried by ctx, or "".
func ClientAddr(ctx context.Context) string {
	a, _ := ctx.Value(clientAddrKey{}).(string)
	return a
}
