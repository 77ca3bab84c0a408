package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// password is every fixture user's password.
const password = "Crash-Test-Password-2026"

// worker is one signed-in county worker and the customer of their first case.
type worker struct {
	Username string
	Customer string   // username of the customer on the worker's first case
	Cases    []string // case numbers, each with person P1 linked to an account
}

// fixture is the import document: one two-way county, n workers with the
// view and send rights, two active cases each, one customer on each case
// with an email and e-Notification on (half in Spanish).
func fixture(n int) (doc map[string]any, workers []worker) {
	var ws, accounts, cases []map[string]any
	for i := 1; i <= n; i++ {
		w := worker{Username: fmt.Sprintf("w%02d", i), Customer: fmt.Sprintf("c%02da", i)}
		ws = append(ws, map[string]any{"username": w.Username, "name": fmt.Sprintf("Worker %02d", i), "county": "01",
			"password": password, "rights": []string{"emessage.view", "emessage.send"}})
		for j, suffix := range []string{"a", "b"} {
			customer := fmt.Sprintf("c%02d%s", i, suffix)
			lang := map[string]string{"a": "en", "b": "es"}[suffix]
			accounts = append(accounts, map[string]any{"username": customer, "password": password,
				"email": customer + "@example.org", "e_notification": true, "language": lang})
			number := fmt.Sprintf("C%02d%02d", i, j+1)
			cases = append(cases, map[string]any{"number": number, "county": "01", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": w.Username}},
				"persons":  []map[string]any{{"id": "P1", "name": "Customer " + customer, "ssp_account": customer}}})
			w.Cases = append(w.Cases, number)
		}
		workers = append(workers, w)
	}
	doc = map[string]any{
		"counties":     []map[string]any{{"code": "01", "name": "Alameda", "two_way": true, "response_business_days": 2}},
		"workers":      ws,
		"ssp_accounts": accounts,
		"cases":        cases,
	}
	return doc, workers
}

// writeFixture writes the import document into dir and returns its path.
func writeFixture(dir string, n int) (string, []worker, error) {
	doc, workers := fixture(n)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, "import.json")
	return path, workers, os.WriteFile(path, b, 0o644)
}
