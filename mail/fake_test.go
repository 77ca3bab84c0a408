package mail

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/county/emessage"
)

// memQueue is an in-memory emessage.NotificationStore for the dispatcher tests.
type memQueue struct {
	mu sync.Mutex
	ns map[int64]*emessage.Notification
}

var _ emessage.NotificationStore = (*memQueue)(nil)

func newQueue(ns ...emessage.Notification) *memQueue {
	q := &memQueue{ns: map[int64]*emessage.Notification{}}
	for _, n := range ns {
		q.add(n)
	}
	return q
}

func (q *memQueue) add(n emessage.Notification) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n.Status == "" {
		n.Status = emessage.NotificationPending
	}
	q.ns[n.ID] = &n
}

func (q *memQueue) get(id int64) emessage.Notification {
	q.mu.Lock()
	defer q.mu.Unlock()
	return *q.ns[id]
}

func (q *memQueue) ClaimNotifications(ctx context.Context, now, leaseUntil time.Time, limit int) ([]emessage.Notification, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []emessage.Notification
	for _, n := range q.ns {
		if n.Status != emessage.NotificationPending || n.NextAt.After(now) || (n.LeasedUntil != nil && n.LeasedUntil.After(now)) {
			continue
		}
		lu := leaseUntil
		n.LeasedUntil = &lu
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		for _, n := range out[limit:] {
			q.ns[n.ID].LeasedUntil = nil
		}
		out = out[:limit]
	}
	return out, nil
}

func (q *memQueue) NotificationSent(ctx context.Context, id int64, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	n, ok := q.ns[id]
	if !ok {
		return errors.New("no such notification")
	}
	n.Status, n.SentAt, n.LeasedUntil = emessage.NotificationSent, &at, nil
	n.Attempts++
	return nil
}

func (q *memQueue) NotificationRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	n, ok := q.ns[id]
	if !ok {
		return errors.New("no such notification")
	}
	n.Attempts++
	n.NextAt, n.LastError, n.LeasedUntil = next, lastError, nil
	if failed {
		n.Status = emessage.NotificationFailed
	}
	return nil
}

func (q *memQueue) NotificationCounts(ctx context.Context) (pending, failed int, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, n := range q.ns {
		switch n.Status {
		case emessage.NotificationPending:
			pending++
		case emessage.NotificationFailed:
			failed++
		}
	}
	return pending, failed, nil
}

// failingSender fails every send with err and counts the tries.
type failingSender struct {
	mu    sync.Mutex
	err   error
	tries int
}

func (s *failingSender) Send(ctx context.Context, e *Email) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries++
	return s.err
}
