package api

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// templateJSON is a county's template (SPEC section 13).
type templateJSON struct {
	Code     string `json:"code"`
	Language string `json:"language"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// templatesList answers the templates of the worker's county, in the
// language asked for or in all.
func (h *Handler) templatesList(w http.ResponseWriter, r *http.Request) error {
	ts, err := h.svc.Templates(r.Context(), actor(r), r.URL.Query().Get("language"))
	if err != nil {
		return err
	}
	out := struct {
		Templates []templateJSON `json:"templates"`
	}{Templates: make([]templateJSON, 0, len(ts))}
	for _, t := range ts {
		out.Templates = append(out.Templates, templateJSON{Code: t.Code, Language: t.Language, Title: t.Title, Body: t.Body})
	}
	answer.WriteJSON(w, http.StatusOK, out)
	return nil
}
