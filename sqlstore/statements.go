package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// statements keeps the store's SQLite statements prepared, one *sql.Stmt
// per query text of a pool, which database/sql prepares once on each
// connection that runs it and keeps there. Without it the driver parsed
// and planned every statement on every call, a quarter of a send's
// processor time (docs/PERFORMANCE.md). PostgreSQL's driver keeps its own
// cache of prepared statements per connection, so the store keeps none
// there.
type statements struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
	// waiting are texts first seen inside a transaction, to prepare once it
	// ends: the writer's one connection is the transaction's meanwhile.
	waiting map[string]bool
}

// maxStatements bounds how many query texts are kept prepared: the search
// builds its text from the filters given, a few hundred combinations. A
// text past the bound runs unprepared.
const maxStatements = 1000

func newStatements(db *sql.DB) *statements {
	return &statements{db: db, stmts: map[string]*sql.Stmt{}, waiting: map[string]bool{}}
}

// get returns the prepared statement of query, preparing it the first
// time; nil when it is not to be kept (a script of several statements, or
// the bound reached) or cannot be prepared, and the query then runs as it
// is and reports its own error. Inside a transaction (inTx) a text seen
// for the first time waits for prepareWaiting. No lock is held while a
// statement is prepared: preparing waits for a connection, which another
// caller may hold while it asks for a statement.
func (s *statements) get(ctx context.Context, query string, inTx bool) *sql.Stmt {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	st, ok := s.stmts[query]
	s.mu.RUnlock()
	if ok {
		return st
	}
	if strings.Contains(query, ";") {
		return nil // migrations: the driver runs each statement of a script
	}
	if inTx {
		s.mu.Lock()
		if len(s.stmts)+len(s.waiting) < maxStatements {
			s.waiting[query] = true
		}
		s.mu.Unlock()
		return nil
	}
	return s.prepare(ctx, query)
}

// prepare prepares query and keeps it, unless the bound is reached.
func (s *statements) prepare(ctx context.Context, query string) *sql.Stmt {
	s.mu.RLock()
	full := len(s.stmts) >= maxStatements
	s.mu.RUnlock()
	if full {
		return nil
	}
	st, err := s.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if kept, ok := s.stmts[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return kept
	}
	s.stmts[query] = st
	return st
}

// prepareWaiting prepares the texts first seen inside a transaction, once
// it has ended and given its connection back.
func (s *statements) prepareWaiting(ctx context.Context) {
	if s == nil {
		return
	}
	s.mu.Lock()
	var texts []string
	for q := range s.waiting {
		texts = append(texts, q)
		delete(s.waiting, q)
	}
	s.mu.Unlock()
	for _, q := range texts {
		s.prepare(ctx, q)
	}
}

// close closes every statement kept.
func (s *statements) close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.stmts {
		st.Close()
		delete(s.stmts, q)
	}
}
