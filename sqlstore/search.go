package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// args collects the arguments of a query being built and names their placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

func (a *args) list(vs []emessage.Status) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = a.add(string(v))
	}
	return strings.Join(ps, ", ")
}

// overdue is "response overdue" (SPEC section 3) over the record m.
func overdue(a *args, c emessage.Cutoffs) string {
	return "((m.status IN ('received', 'read') AND m.created_at < " + a.add(micros(c.ResponseBefore)) +
		") OR (m.status = 'new_action' AND m.due_date < " + a.add(c.Today) + "))"
}

// caseload joins a worker's caseload in a county to its records m (SPEC
// sections 11 and 12): the (case, program) pairs of case_programs cp that
// heldBy picks, found by the covering index case_programs_worker, each
// walked to its records by the indexes on messages (case_id, program, ...);
// by messages_open alone when open is set, on SQLite (see openRecords).
// table is messages, or messages_archive for an archived search.
func caseload(d *dialect, county, table string, open bool) string {
	messages := table + " m"
	if open && table == "messages" && d.name == "sqlite" {
		messages += " INDEXED BY messages_open"
	}
	return "case_programs cp JOIN cases c ON c.id = cp.case_id AND c.county = " + county +
		" JOIN " + messages + " ON m.case_id = cp.case_id AND m.program = cp.code"
}

// heldBy is "the pair cp belongs to the worker on day today": it is held by
// the worker or by a worker away today whom they stand in for. A pair has
// one holder, so no record comes twice.
func heldBy(worker, today string) string {
	return "cp.worker_id IN (SELECT sw.id FROM workers sw WHERE sw.id = " + worker +
		" UNION ALL " + standingInFor(worker, today) + ")"
}

// owns is "the record m belongs to the worker on day today" (SPEC sections
// 11 and 12): its program on its case is assigned to the worker, or to a
// worker away today whom they stand in for. A lookup by the unique
// (case_id, code) of case_programs; the workers stood in for are one small
// list the database reads once per query.
func owns(worker, today string) string {
	return "EXISTS (SELECT 1 FROM case_programs op WHERE op.case_id = m.case_id AND op.code = m.program" +
		" AND (op.worker_id = " + worker + " OR op.worker_id IN (" + standingInFor(worker, today) + ")))"
}

// standingInFor selects the workers away on day today whom worker stands in for.
func standingInFor(worker, today string) string {
	return "SELECT aw.id FROM workers aw WHERE aw.stand_in_id = " + worker +
		" AND aw.away_from <= " + today + " AND aw.away_to >= " + today
}

// openRecords is the condition of the partial index messages_open: the
// records that may need a worker. A caseload query whose filter keeps only
// such records says it too, so that the database walks that small index
// rather than every recent record of the caseload: a busy sender's
// thousands of sent records made "needs review" 20 times slower. SQLite,
// which keeps no statistics here, must also be told to use that index
// (INDEXED BY): both it and messages_case_program begin (case_id,
// program, created_at), and it took the latter, reading the busy sender's
// 100,000 recent records for each search (docs/PERFORMANCE.md).
const openRecords = "m.status IN ('received', 'read', 'action_completed', 'new_action')"

// onlyOpen reports whether statuses name only statuses of openRecords.
func onlyOpen(statuses []emessage.Status) bool {
	for _, st := range statuses {
		if !st.NeedsReview() && st != emessage.StatusNewAction {
			return false
		}
	}
	return len(statuses) > 0
}

// forCustomer keeps from the customer the records scheduled for later or
// cancelled before they were sent (SPEC 22). Every query of a customer's
// records says it.
const forCustomer = "m.scheduled = FALSE AND m.cancelled = FALSE"

// searchSQL builds the query of SearchMessages. The inner query picks the
// page by the indexes alone (by case, by caseload, by county or by the
// account's persons, newest first); the outer one reads the page's records.
func searchSQL(d *dialect, q emessage.MessageQuery) (string, []any, error) {
	if q.County == "" && q.AccountID == 0 {
		return "", nil, errors.New("sqlstore: a message search needs a county or an account")
	}
	var a args
	var where []string
	table, columns := "messages", messageColumns
	if q.Archived {
		table, columns = "messages_archive", archivedColumns
	}
	from := table + " m"
	scoped := false
	if q.AccountID != 0 {
		where = append(where, "m.person_key IN (SELECT ap.id FROM persons ap WHERE ap.account_id = "+a.add(q.AccountID)+")",
			forCustomer)
	}
	if q.CaseNumber != "" {
		sub := "SELECT cn.id FROM cases cn WHERE cn.number = " + a.add(q.CaseNumber)
		if q.County != "" {
			sub += " AND cn.county = " + a.add(q.County)
		}
		where = append(where, "m.case_id = ("+sub+")")
		scoped = true
	}
	open := q.WorkerID != 0 && q.CaseNumber == "" && (q.Overdue || onlyOpen(q.Statuses))
	if q.WorkerID != 0 {
		w, today := a.add(q.WorkerID), a.add(q.Cutoffs.Today)
		if q.CaseNumber == "" {
			from = caseload(d, a.add(q.County), table, open)
			where = append(where, heldBy(w, today))
			scoped = true
		} else {
			where = append(where, owns(w, today))
		}
	}
	if len(q.Programs) > 0 {
		ps := make([]string, len(q.Programs))
		for i, p := range q.Programs {
			ps[i] = a.add(p)
		}
		where = append(where, "m.program IN ("+strings.Join(ps, ", ")+")")
	}
	if q.County != "" && !scoped {
		where = append(where, "m.county = "+a.add(q.County))
	}
	if q.PersonID != "" {
		where = append(where, "EXISTS (SELECT 1 FROM persons pf WHERE pf.id = m.person_key AND pf.person_id = "+a.add(q.PersonID)+")")
	}
	if open {
		where = append(where, openRecords)
	}
	if len(q.Statuses) == 1 {
		where = append(where, "m.status = "+a.add(string(q.Statuses[0])))
	} else if len(q.Statuses) > 1 {
		where = append(where, "m.status IN ("+a.list(q.Statuses)+")")
	}
	if q.Type != "" {
		where = append(where, "m.type = "+a.add(string(q.Type)))
	}
	if !q.From.IsZero() {
		where = append(where, "m.created_at >= "+a.add(micros(q.From)))
	}
	if !q.To.IsZero() {
		where = append(where, "m.created_at < "+a.add(micros(q.To)))
	}
	if q.Text != "" {
		where = append(where, d.containsText("m.subject", a.add("%"+escapeLike(strings.ToLower(q.Text))+"%")))
	}
	if q.Overdue {
		where = append(where, overdue(&a, q.Cutoffs))
	}
	if q.After != nil {
		where = append(where, "(m.created_at, m.id) < ("+a.add(micros(q.After.CreatedAt))+", "+a.add(q.After.ID)+")")
	}
	limit := min(q.Limit, 1000)
	if limit <= 0 {
		limit = 50
	}
	if len(where) == 0 {
		where = append(where, "TRUE")
	}
	inner := "SELECT m.id FROM " + from + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY m.created_at DESC, m.id DESC LIMIT " + a.add(limit)
	query := "SELECT " + columns + " FROM (" + inner + ") page JOIN " + table + " m ON m.id = page.id" +
		messageJoins + " ORDER BY m.created_at DESC, m.id DESC"
	return query, a, nil
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchMessages lists records newest first, by (created_at, id), strictly
// after q.After: a worker's county or caseload, or an account's inbox.
func (s *Store) SearchMessages(ctx context.Context, q emessage.MessageQuery) ([]*emessage.Message, error) {
	query, args, err := searchSQL(s.dialect, q)
	if err != nil {
		return nil, err
	}
	rows, err := s.read().query(ctx, query, args...)
	return scanMessages(rows, err)
}

// homeCountsSQL counts, in one pass over the open records of the worker's
// caseload, what needs the worker: one seek per (case, program) pair into
// the partial index messages_open, which covers the counts.
func homeCountsSQL(workerID int64, c emessage.Cutoffs) (string, []any) {
	var a args
	w, today := a.add(workerID), a.add(c.Today)
	query := `SELECT
		COUNT(CASE WHEN m.status = 'received' THEN 1 END),
		COUNT(CASE WHEN m.status = 'read' THEN 1 END),
		COUNT(CASE WHEN m.status = 'action_completed' THEN 1 END),
		COUNT(CASE WHEN ` + overdue(&a, c) + ` THEN 1 END)
	FROM ` + caseload(nil, "(SELECT cw.county FROM workers cw WHERE cw.id = "+w+")", "messages", false) + `
	WHERE ` + heldBy(w, today) + ` AND ` + openRecords
	return query, a
}

// HomeCounts returns the worker's "My e-Messages" counts over their caseload (R10).
func (s *Store) HomeCounts(ctx context.Context, workerID int64, c emessage.Cutoffs) (emessage.HomeCounts, error) {
	query, args := homeCountsSQL(workerID, c)
	var h emessage.HomeCounts
	err := s.read().queryRow(ctx, query, args...).Scan(&h.Received, &h.Read, &h.ActionCompleted, &h.ResponseOverdue)
	return h, err
}
