package web

import (
	"context"
	"net/http"
	"time"

	"github.com/county/emessage/web/answer"
)

// handleHealthz answers whether the service can work: 200 {"status":"ok"},
// or 503 when Ready fails (the cause is logged, not shown).
func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			answer.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
	}
	answer.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
