package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/county/emessage/sqlstore"
)

// BenchmarkGenerateBulk writes the small dataset (50,000 records) with
// the bulk load into a new SQLite file each time, indexes included: the
// state dataset's load is this two hundred times over (issue 18's
// 10-minute goal). Run with -cpuprofile to see the generator's share
// against SQLite's.
func BenchmarkGenerateBulk(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	plan := NewPlan(Sizes["small"], 1)
	dir := b.TempDir()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, fmt.Sprintf("bulk%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		res, err := Generate(ctx, s, plan, now, "plain:x", nil)
		s.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.MessagesAdded), "records")
	}
}
