package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/county/emessage"
)

// Load writes the demo into an empty database through svc: the counties,
// workers, accounts, forms, cases and e-Messages as they were first written
// by import, then the story of what happened to them since, each step
// through the service at its own time (svc's clock is left as it is). It
// returns what the import wrote and the demo's logins.
func Load(ctx context.Context, svc *emessage.Service, now time.Time) (emessage.ImportResult, []Login, error) {
	data, logins := Data(now)
	res, err := svc.Import(ctx, data)
	if err != nil {
		return res, nil, err
	}
	passwords := map[string]string{}
	for _, l := range logins {
		passwords[l.Username] = l.Password
	}
	var at time.Time
	past := *svc
	past.Now = func() time.Time { return at }
	p := player{ctx: ctx, svc: &past, passwords: passwords, actors: map[string]emessage.Actor{}, ids: map[string]string{}}
	for _, st := range story() {
		at = now.Add(-st.ago)
		if err := p.play(st); err != nil {
			return res, nil, fmt.Errorf("demo story, %s by %s: %w", st.id, st.who, err)
		}
	}
	return res, logins, nil
}

// player plays the story's steps.
type player struct {
	ctx       context.Context
	svc       *emessage.Service
	passwords map[string]string
	actors    map[string]emessage.Actor // signed in so far, by username
	ids       map[string]string         // the answers' ids, by their names in the story
}

// actor signs a demo user in, the first time they act.
func (p *player) actor(username string) (emessage.Actor, error) {
	if a, ok := p.actors[username]; ok {
		return a, nil
	}
	_, a, err := p.svc.Login(p.ctx, username, p.passwords[username])
	if err == nil {
		p.actors[username] = a
	}
	return a, err
}

func (p *player) play(st step) error {
	a, err := p.actor(st.who)
	if err != nil {
		return err
	}
	id := st.id
	if real, ok := p.ids[id]; ok {
		id = real
	}
	switch st.do {
	case open:
		if a.IsCustomer() {
			_, err = p.svc.CustomerMessage(p.ctx, a, id)
		} else {
			_, err = p.svc.MessageDetail(p.ctx, a, id)
		}
	case reply:
		var answered *emessage.Message
		if answered, err = p.svc.Reply(p.ctx, a, id, st.text); err == nil {
			p.ids[st.as], err = p.answerTo(answered)
		}
	case openForm:
		_, _, err = p.svc.CustomerDocument(p.ctx, a, id, true)
	case upload:
		_, _, err = p.svc.CustomerUpload(p.ctx, a, id, []emessage.UploadFile{{Name: st.text, Data: PDF(st.text)}})
	case closeIt:
		_, err = p.svc.SetStatus(p.ctx, a, id, emessage.StatusActionClosed)
	}
	return err
}

// answerTo finds the id of the answer a worker just wrote to a record.
func (p *player) answerTo(answered *emessage.Message) (string, error) {
	thread, err := p.svc.Store.Thread(p.ctx, answered.ThreadID)
	if err != nil {
		return "", err
	}
	for _, m := range thread {
		if m.InReplyTo == answered.ID {
			return m.ID, nil
		}
	}
	return "", fmt.Errorf("no answer to %s in its thread", answered.ID)
}
