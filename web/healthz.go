package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// handleHealthz answers whether the service can work: 200 {"status":"ok"},
// or 503 when Ready fails, saying whether the database is unreachable or
// takes no writes (the cause is logged, not shown).
func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			database := "unreachable"
			if errors.Is(err, emessage.ErrNotWritable) {
				database = "not writable"
			}
			answer.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": database})
			return
		}
	}
	answer.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
