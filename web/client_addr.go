package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/county/emessage"
)

// withClientAddr puts the address a request came from into its context, for
// sign-in throttling and the audit trail: the connection's peer, or, when
// the peer is one of the county's trusted proxies, the client that the
// proxies name in X-Forwarded-For.
func withClientAddr(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(emessage.WithClientAddr(r.Context(), clientAddr(r, trusted))))
	})
}

// clientAddr is the address of the client that made r. A header is only
// believed when the connection comes from a trusted proxy, and then only
// as far as the proxies go: X-Forwarded-For is read from the right (each
// proxy appends the address it was connected from), past the addresses of
// trusted proxies, to the first address that is not one. Anything to its
// left was written by the client and may be made up.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(peer); err == nil {
		peer = host
	}
	addr, err := netip.ParseAddr(peer)
	if err != nil || !isTrusted(addr, trusted) {
		return peer
	}
	hops := forwardedFor(r.Header)
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(hops[i])
		if err != nil {
			// A proxy wrote something that is not an address: the chain
			// cannot be followed further than the last trusted one.
			return addr.String()
		}
		addr = hop.Unmap()
		if !isTrusted(addr, trusted) {
			return addr.String()
		}
	}
	return addr.String()
}

// forwardedFor is the list of addresses of every X-Forwarded-For header of
// h, in order, as proxies append them.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, v := range h.Values("X-Forwarded-For") {
		for hop := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	return hops
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	addr = addr.Unmap()
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of addresses and
// networks (10.0.0.5, 10.1.0.0/16, fd00::/8) of the proxies in front of
// the service.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, &proxyError{item}
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, &proxyError{item}
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 { // ::ffff:10.0.0.0/104 is 10.0.0.0/8
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

type proxyError struct{ item string }

func (e *proxyError) Error() string {
	return fmt.Sprintf("trusted proxy %q is not an address or a network (10.0.0.5 or 10.0.0.0/8)", e.item)
}
