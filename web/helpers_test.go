package web

import (
	"net/http"

	"github.com/county/emessage"
)

// newTestHandler returns the whole handler over a service with no store:
// enough for everything that is refused before the service reads anything.
func newTestHandler(cfg Config) http.Handler {
	if cfg.Service == nil {
		cfg.Service = emessage.NewService(nil, nil, nil)
	}
	return NewHandler(cfg)
}
