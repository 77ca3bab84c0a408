package sqlstore

import (
	"context"
	"testing"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

// BenchmarkCase reads a case with its programs and persons, as every
// send, answer and case page does first, on each database: the
// round trips of that read are a send's (issue 18).
func BenchmarkCase(b *testing.B) {
	for _, tg := range dbtest.Targets(b) {
		b.Run(tg.Name, func(b *testing.B) {
			s := MustOpen(b, tg.URL)
			mustImport(b, s, fixture.World())
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.Case(ctx, "B1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
