package sqlstore

import (
	"context"
	"strings"

	"github.com/county/emessage"
)

// SearchCases lists the cases of a county (or of a worker's caseload in it)
// whose number or one of whose persons' names contains q.Text, by number,
// with their programs and persons.
func (s *Store) SearchCases(ctx context.Context, q emessage.CaseQuery) ([]*emessage.Case, error) {
	var a args
	where := []string{"c.county = " + a.add(q.County)}
	if q.WorkerID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM case_programs cp WHERE cp.case_id = c.id AND cp.worker_id = "+a.add(q.WorkerID)+")")
	}
	if q.Text != "" {
		p := a.add("%" + escapeLike(strings.ToLower(q.Text)) + "%")
		where = append(where, "("+s.dialect.containsText("c.number", p)+
			" OR EXISTS (SELECT 1 FROM persons p WHERE p.case_id = c.id AND "+s.dialect.containsText("p.name", p)+"))")
	}
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	rows, err := s.read().query(ctx, "SELECT c.number FROM cases c WHERE "+strings.Join(where, " AND ")+
		" ORDER BY c.number LIMIT "+a.add(limit), a...)
	numbers, err := collect(rows, err, func(r scanner, n *string) error { return r.Scan(n) })
	if err != nil {
		return nil, err
	}
	out := make([]*emessage.Case, 0, len(numbers))
	for _, n := range numbers {
		c, err := s.Case(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
