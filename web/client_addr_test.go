package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.5, 10.1.0.0/16,fd00::/8 ,::ffff:192.0.2.0/120")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"a client's own header is not believed", "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"the proxy names the client", "10.0.0.5:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"what the client wrote before the proxy is not believed", "10.0.0.5:443", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"two proxies in a row", "10.0.0.5:443", []string{"198.51.100.1, 10.1.4.4"}, "198.51.100.1"},
		{"headers are read in order", "10.0.0.5:443", []string{"6.6.6.6", "198.51.100.1"}, "198.51.100.1"},
		{"IPv6 proxy and client", "[fd00::1]:443", []string{"2001:db8::9"}, "2001:db8::9"},
		{"mapped IPv4 is IPv4", "[::ffff:10.0.0.5]:443", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"a mapped network", "192.0.2.9:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"garbage stops the walk at the last proxy", "10.0.0.5:443", []string{"198.51.100.1, not-an-address"}, "10.0.0.5"},
		{"no header from a proxy", "10.0.0.5:443", nil, "10.0.0.5"},
		{"only proxies", "10.0.0.5:443", []string{"10.1.0.1"}, "10.1.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r, trusted); got != tc.want {
				t.Fatalf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}
	if got := clientAddr(httptest.NewRequest("GET", "/", nil), nil); got != "192.0.2.1" {
		t.Fatalf("no trusted proxies: %q", got)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	if p, err := ParseTrustedProxies(""); err != nil || len(p) != 0 {
		t.Fatalf("empty list = %v, %v", p, err)
	}
	for _, bad := range []string{"10.0.0", "10.0.0.0/33", "proxy.county.gov", "10.0.0.1:80"} {
		_, err := ParseTrustedProxies("10.0.0.5," + bad)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v, want an error naming it", bad, err)
		}
	}
}
