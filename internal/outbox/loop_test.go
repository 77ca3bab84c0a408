package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// fakeLoop is a Loop over ints whose every try goes, except those in fail,
// whose record fails with a store error.
func fakeLoop(items []int, fail map[int]bool) (*Loop[int], *[]int) {
	var mu sync.Mutex
	var tried []int
	return &Loop[int]{
		Batch: len(items),
		Claim: func(context.Context, time.Time, time.Time, int) ([]int, error) { return items, nil },
		Attrs: func(i int) []any { return []any{"item", i} },
		Send:  func(context.Context, int, time.Duration) ([]any, error) { return nil, nil },
		Sent: func(_ context.Context, _ *slog.Logger, i int, _ time.Time) error {
			mu.Lock()
			defer mu.Unlock()
			tried = append(tried, i)
			if fail[i] {
				return errors.New("store down")
			}
			return nil
		},
	}, &tried
}

func TestOnceStopsAtAStoreFailureUnlessKeepGoing(t *testing.T) {
	for _, keepGoing := range []bool{false, true} {
		l, tried := fakeLoop([]int{1, 2, 3}, map[int]bool{2: true})
		l.KeepGoing = keepGoing
		claimed, sent, err := l.Once(context.Background())
		want := map[bool]int{false: 2, true: 3}[keepGoing]
		if claimed != 3 || sent != want-1 || err == nil || len(*tried) != want {
			t.Errorf("KeepGoing %v: claimed %d, sent %d, %v, tried %v; want %d tried", keepGoing, claimed, sent, err,
				*tried, want)
		}
	}
}

func TestOnceTriesOnlyWhileTheLeaseLeavesTime(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	l, tried := fakeLoop([]int{1, 2, 3}, nil)
	l.Now = func() time.Time { return now }
	var budgets []time.Duration
	l.Send = func(_ context.Context, _ int, budget time.Duration) ([]any, error) {
		budgets = append(budgets, budget)
		now = now.Add(DefaultLease / 2)
		return nil, nil
	}
	if _, sent, err := l.Once(context.Background()); sent != 2 || err != nil {
		t.Fatalf("Once = %d, %v; want 2 sent within the lease", sent, err)
	}
	if len(*tried) != 2 || budgets[0] != DefaultLease*3/4 || budgets[1] != DefaultLease/4 {
		t.Errorf("tried %v with budgets %v", *tried, budgets)
	}
}

func TestRunClaimsAgainAfterAFullOrOrderedClaim(t *testing.T) {
	for _, tc := range []struct {
		ordered bool
		batch   int
		want    int // claims before Run waits
	}{{false, 2, 1}, {false, 1, 2}, {true, 2, 2}} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		l, _ := fakeLoop(nil, nil)
		l.Batch, l.Ordered, l.Idle = tc.batch, tc.ordered, time.Hour
		l.Counts = func(context.Context) (int, int, []any, error) { return 0, 0, nil, nil }
		claims := 0
		l.Claim = func(context.Context, time.Time, time.Time, int) ([]int, error) {
			if claims++; claims == 1 {
				return []int{1}, nil
			}
			return nil, nil
		}
		l.Run(ctx, nil)
		cancel()
		if claims != tc.want {
			t.Errorf("%+v: %d claims", tc, claims)
		}
	}
}
