package worker_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/web"
)

// The Detail form for a new record with the county's settings (SPEC 13).

// mustCountySite is the worker site over fixture.World where Los Angeles
// gives an action 21 days by default.
func mustCountySite(tb testing.TB) http.Handler {
	tb.Helper()
	world := fixture.World()
	days := 21
	world.Counties[0].ActionDueDays = &days
	rig := testrig.New(tb, world)
	rig.Service.Now = time.Now
	return web.NewHandler(web.Config{Service: rig.Service})
}

func TestDetailDueDateHintNamesCountyDays(t *testing.T) {
	h := mustCountySite(t)
	rec := testrig.Browse(h, "GET", "/worker/messages/new", nil, mustSignIn(t, h, "jdoe"))
	testrig.MustStatus(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, "Leave it empty for 21 days from today.") {
		t.Fatalf("the Due Date hint does not say the county's 21 days: %s", body)
	}
}
