package sqlstore_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/bench"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/sqlstore"
)

// BenchmarkImport writes the tiny generated dataset (4 counties, 20
// workers, 500 cases, about 2,500 e-Messages) into a new SQLite database
// through Import, in the batches "emessage gen" uses: as it is, and with
// each record told to a progress meter as "emessage import" does.
func BenchmarkImport(b *testing.B) {
	b.Run("plain", func(b *testing.B) {
		benchmarkImport(b, func(s *sqlstore.Store) emessage.Store { return s })
	})
	b.Run("progress", func(b *testing.B) {
		benchmarkImport(b, func(s *sqlstore.Store) emessage.Store {
			return metered{s, progress.New(io.Discard, "import", 0, "records")}
		})
	})
}

func benchmarkImport(b *testing.B, wrap func(*sqlstore.Store) emessage.Store) {
	ctx := context.Background()
	plan := bench.NewPlan(bench.Sizes["tiny"], 1)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for b.Loop() {
		b.StopTimer()
		s, err := sqlstore.Open(ctx, dbtest.SQLite(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := bench.Generate(ctx, wrap(s), plan, now, "hash", nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// metered is the store with every import's progress told to a meter.
type metered struct {
	*sqlstore.Store
	meter *progress.Meter
}

func (s metered) Import(ctx context.Context, data *emessage.ImportData) (emessage.ImportResult, error) {
	data.Progress.Written = func(n int) { s.meter.Add(int64(n)) }
	return s.Store.Import(ctx, data)
}
