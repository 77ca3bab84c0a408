package mail

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSMTPSend measures the SMTP sender alone against an in-process
// server on 127.0.0.1, over one kept connection or a new one each time.
func BenchmarkSMTPSend(b *testing.B) {
	for _, c := range []struct {
		name    string
		opts    serverOpts
		newConn bool
	}{
		{"plain", serverOpts{}, false},
		{"starttls", serverOpts{StartTLS: true}, false},
		{"starttls, a connection per email", serverOpts{StartTLS: true}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv := newMailServer(b, c.opts)
			s := srv.sender()
			if c.newConn {
				s.KeepAlive = -1
			}
			defer s.Close()
			e := testEmail("maria@example.org")
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				if err := s.Send(ctx, e); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "emails/s")
		})
	}
}

// BenchmarkDelivery measures the whole path of a queued e-Notification: the
// claim on the SQLite queue, the email built from its template, the SMTP
// exchange with an in-process server over STARTTLS, and the record of the
// acceptance.
func BenchmarkDelivery(b *testing.B) {
	w := newWorld(b)
	for i := range b.N {
		w.send([]string{"P1", "P2"}[i%2])
	}
	d := w.dispatcher(w.store, nil)
	b.ResetTimer()
	total := 0
	for total < b.N {
		total += w.runOnce(d)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "emails/s")
	if got := len(w.srv.received()); got != b.N {
		b.Fatal(fmt.Sprintf("%d emails arrived, want %d", got, b.N))
	}
}
