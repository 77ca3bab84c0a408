package sqlstore

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

// cpuTime is the processor time the process used so far (user and
// system): steadier than the clock on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSend writes sends as the service does (the record, its history,
// its email and its audit entry in one write), from 16 goroutines on 2
// cores, on SQLite: the writer's cost per send without HTTP
// (docs/PERFORMANCE.md, "Group commit"; run with -cpuprofile for where it
// goes).
func BenchmarkSend(b *testing.B) {
	s := MustOpen(b, dbtest.SQLite(b))
	mustImport(b, s, fixture.World())
	c, err := s.Case(context.Background(), "B1")
	if err != nil {
		b.Fatal(err)
	}
	p := c.Persons[0]
	defer func(check bool) { checkNestedWrites = check }(checkNestedWrites)
	checkNestedWrites = false // as in production: the tests' check reads every stack
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op") }()
	before := s.WriteStats()
	defer func() {
		if st := s.WriteStats(); st.Commits > before.Commits {
			b.ReportMetric(float64(st.Writes-before.Writes)/float64(st.Commits-before.Commits), "writes/commit")
		}
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			now := time.Now().UTC().Truncate(time.Microsecond)
			m := &emessage.Message{ID: emessage.NewMessageID(now), CaseID: c.ID, PersonKey: p.ID, AccountID: p.AccountID,
				Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "Bench", Body: "Body",
				Status: emessage.StatusSent, CreatedAt: now, UpdatedAt: now, AuthorKind: "worker", AuthorID: 1,
				AuthorUsername: "jdoe", Program: c.Programs[0].Code}
			err := s.Apply(context.Background(), &emessage.Change{
				Messages: []*emessage.Message{m},
				Notifications: []emessage.Notification{{MessageID: m.ID, AccountID: p.AccountID, Email: "a@example.org",
					Language: "en", NextAt: now, CreatedAt: now, MailID: "<" + m.ID + ">"}},
				Audit: []emessage.AuditEntry{{At: now, ActorKind: "worker", ActorID: 1, Actor: "jdoe",
					Action: "message.create", ObjectType: "message", ObjectID: m.ID}},
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
