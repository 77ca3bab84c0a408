package web

import "net/http"

// workerCasePersons answers the worker site's script with a case of the
// worker's county in the API's shape (persons included), so that the Person
// Name list fills in without reloading the page.
func (s *server) workerCasePersons(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.svc.CaseSummary(r.Context(), actorFrom(r.Context()), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, caseSummaryJSON(sum))
	return nil
}
