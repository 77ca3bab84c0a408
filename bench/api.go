package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// API does the operations through the JSON API of a running server.
type API struct {
	BaseURL string
	Plan    *Plan
	Client  *http.Client
}

// Name implements Target.
func (a *API) Name() string { return "api" }

// Login signs the users' workers and customers in.
func (a *API) Login(ctx context.Context, users []*User) error {
	for _, u := range users {
		var err error
		if u.Token, err = a.login(ctx, a.Plan.Workers[u.Worker].Username); err != nil {
			return err
		}
		if u.CustToken, err = a.login(ctx, u.Customer); err != nil {
			return err
		}
	}
	return nil
}

func (a *API) login(ctx context.Context, username string) (string, error) {
	var out struct{ Token string }
	err := a.call(ctx, "", "POST", "/api/v1/login", map[string]string{"username": username, "password": Password}, &out)
	if err != nil {
		return "", fmt.Errorf("login %s: %w", username, err)
	}
	return out.Token, nil
}

// Do implements Target.
func (a *API) Do(ctx context.Context, op Op, u *User, r *rand.Rand) error {
	switch op {
	case OpHome:
		return a.call(ctx, u.Token, "GET", "/api/v1/home", nil, nil)
	case OpCase:
		c := a.Plan.Cases[u.Cases[r.IntN(len(u.Cases))]]
		return a.call(ctx, u.Token, "GET", "/api/v1/messages?case_number="+c.Number, nil, nil)
	case OpCaseload, OpBusy:
		statuses, from := caseloadFilter(time.Now())
		q := url.Values{"from": {from.Format(time.DateOnly)}}
		for _, s := range statuses {
			q.Add("status", string(s))
		}
		return a.call(ctx, u.Token, "GET", "/api/v1/messages?"+q.Encode(), nil, nil)
	case OpDetail:
		return a.call(ctx, u.Token, "GET", "/api/v1/messages/"+u.MessageIDs[r.IntN(len(u.MessageIDs))], nil, nil)
	case OpSend, OpAction:
		c := a.Plan.Cases[u.Sendable[r.IntN(len(u.Sendable))]]
		msg := map[string]string{"case_number": c.Number, "person_id": c.Persons[0].ID, "type": "message",
			"subject": "Your interview", "body": benchBody}
		if op == OpAction {
			msg["type"], msg["action_type"] = "action", "upload_document"
		}
		return a.call(ctx, u.Token, "POST", "/api/v1/messages", msg, nil)
	case OpInbox:
		return a.call(ctx, u.CustToken, "GET", "/api/v1/ssp/messages", nil, nil)
	}
	return fmt.Errorf("unknown operation %q", op)
}

func (a *API) call(ctx context.Context, token, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.BaseURL+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.Client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.NewDecoder(res.Body).Decode(out)
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}
