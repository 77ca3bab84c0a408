// Package sms sends the text-message e-Notifications (SPEC 20) through a
// Twilio-compatible API, and checks the signature of the texts the
// provider posts back (STOP, START).
package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Timeout is how long a try waits for the provider's answer.
const Timeout = 10 * time.Second

// maxAnswer bounds how much of the provider's answer is read.
const maxAnswer = 64 << 10

// Client sends texts with the provider's Messages resource:
// POST {URL}/2010-04-01/Accounts/{Account}/Messages.json with the form
// fields To, From and Body, and HTTP basic auth Account:Token. A 2xx
// answer is a text accepted; anything else is an error.
type Client struct {
	URL     string // base address, e.g. https://api.twilio.com
	Account string // the account SID
	Token   string // the auth token; it also signs what the provider posts
	From    string // the county's number (E.164) or messaging service
	HTTP    *http.Client
}

// NewHTTPClient returns the HTTP client a Client uses by default: it
// follows no redirect (a 3xx is a failed try) and waits at most Timeout.
func NewHTTPClient() *http.Client {
	return &http.Client{
		Timeout: Timeout,
		Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: Timeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: Timeout,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// MessagesURL is where texts are posted.
func (c *Client) MessagesURL() string {
	return strings.TrimRight(c.URL, "/") + "/2010-04-01/Accounts/" + url.PathEscape(c.Account) + "/Messages.json"
}

// Error is the provider's refusal of a text: its HTTP status, and its
// own code and words when it gave them.
type Error struct {
	Status  int
	Code    int
	Message string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("the SMS provider answered %d %s", e.Status, http.StatusText(e.Status))
	if e.Code != 0 || e.Message != "" {
		msg += fmt.Sprintf(" (%d: %s)", e.Code, e.Message)
	}
	return msg
}

// Send posts one text to to (E.164) and returns the provider's id of it
// ("" when the answer names none).
func (c *Client) Send(ctx context.Context, to, body string) (string, error) {
	form := url.Values{"To": {to}, "From": {c.From}, "Body": {body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.MessagesURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "emessage-sms/1")
	req.SetBasicAuth(c.Account, c.Token)
	hc := c.HTTP
	if hc == nil {
		hc = NewHTTPClient()
	}
	res, err := hc.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return "", fmt.Errorf("the SMS provider did not answer in time")
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			return "", ue.Err // the URL holds the account: no need to repeat it in every log line
		}
		return "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, maxAnswer))
	io.Copy(io.Discard, io.LimitReader(res.Body, maxAnswer)) // so that the connection can serve the next text
	var answer struct {
		SID     string `json:"sid"`
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	json.Unmarshal(raw, &answer) // a body that is not JSON names nothing
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return "", &Error{Status: res.StatusCode, Code: answer.Code, Message: truncate(answer.Message, 200)}
	}
	return answer.SID, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "..."
}
