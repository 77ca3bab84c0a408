package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/county/emessage"
)

// Bulk writes a generated dataset's accounts, cases, programs, persons,
// records and their history far faster than Import: rows are buffered and
// written table by table, in the order of the foreign keys, as multi-row
// INSERTs of one prepared shape in transactions of about BulkChunk rows on
// SQLite, and with COPY on PostgreSQL. Ids are the caller's, so it never
// reads back what it wrote. It writes only into tables that were empty when
// it began; the secondary indexes of those tables are dropped first and
// built again, from the data, by Close (unless KeepIndexes).
//
// A load that fails midway leaves a partial database without those
// indexes: delete it and generate again.
type Bulk struct {
	s      *Store
	ctx    context.Context
	conn   *sql.Conn
	tables []*bulkTable
	byName map[string]*bulkTable
	queued int // rows buffered in all tables
	// indexes are the names and definitions of the indexes dropped, to
	// build at the end.
	indexes []droppedIndex
	// indexing is BulkOptions.Indexing.
	indexing func(name string, i, n int)
	// restore are the SQLite settings to put back at the end.
	restore []string
	pg      *pgCopier // PostgreSQL's COPY, or nil
	// Written counts the rows written so far, table by table.
	Written map[string]int64
}

// BulkOptions are the choices of a bulk load.
type BulkOptions struct {
	// KeepIndexes writes into the tables with their indexes in place
	// rather than building them at the end (to measure the difference).
	KeepIndexes bool
	// Indexing, when not nil, is told before each index is built again at
	// the end (the name, which of how many): at state size the builds take
	// minutes with nothing else to show.
	Indexing func(name string, i, n int)
}

// BulkChunk is how many rows are buffered before they are written: one
// SQLite transaction, or one COPY per table on PostgreSQL.
const BulkChunk = 50_000

// bulkCacheKiB is SQLite's page cache during a bulk load, for the indexes
// being written into (the store's own is 13 MB a connection).
const bulkCacheKiB = 1 << 20

// bulkTableNames are the tables a bulk load writes, in copyTables' order.
var bulkTableNames = []string{"ssp_accounts", "cases", "case_programs", "persons", "messages", "message_history"}

type bulkTable struct {
	copyTable
	names []string
	rows  []any // flat, len(names) values a row
	stmt  *sql.Stmt
}

func (t *bulkTable) count() int { return len(t.rows) / len(t.names) }

// BeginBulk starts a bulk load. It refuses when a table it writes holds
// rows. On SQLite the load holds the writer connection until Close: run it
// with nothing else writing.
func (s *Store) BeginBulk(ctx context.Context, o BulkOptions) (*Bulk, error) {
	b := &Bulk{s: s, ctx: ctx, byName: map[string]*bulkTable{}, Written: map[string]int64{}, indexing: o.Indexing}
	for _, t := range copyTables {
		for _, name := range bulkTableNames {
			if t.name == name {
				names, _ := t.cols()
				bt := &bulkTable{copyTable: t, names: names}
				b.tables = append(b.tables, bt)
				b.byName[name] = bt
			}
		}
	}
	var err error
	if b.conn, err = s.writer.Conn(ctx); err != nil {
		return nil, err
	}
	if err := b.begin(o); err != nil {
		b.discard()
		return nil, err
	}
	return b, nil
}

// discard gives the connection up without putting it back in the pool: it
// may hold the load's settings.
func (b *Bulk) discard() {
	b.conn.Raw(func(any) error { return driver.ErrBadConn })
	b.conn.Close()
}

func (b *Bulk) begin(o BulkOptions) error {
	for _, t := range b.tables {
		var some bool
		if err := b.conn.QueryRowContext(b.ctx, "SELECT EXISTS (SELECT 1 FROM "+t.name+")").Scan(&some); err != nil {
			return err
		}
		if some {
			return fmt.Errorf("bulk load: table %s holds rows already; a bulk load writes only into an empty database", t.name)
		}
	}
	if b.s.dialect.name == "postgres" {
		b.pg = &pgCopier{conn: b.conn}
	} else {
		var cache int64
		if err := b.conn.QueryRowContext(b.ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			return err
		}
		// Nothing of a load is worth a sync: a load cut short is deleted.
		// Foreign keys are not looked up row by row: the rows are written
		// in the order of the keys, each with the ids it was given
		// (bench's tests check every reference of a load afterwards,
		// PRAGMA foreign_key_check); with the lookups off no INSERT may
		// stop halfway (insertRows), and SQLite keeps no statement
		// journal: the two were a quarter of the rows' time.
		// The index builds at the end sort every row. With temporary
		// files (not the writer's temp_store=MEMORY) SQLite sorts in runs
		// of cache_size, on helper threads, one per processor; in memory
		// it sorted on one thread and allocated each row alone.
		b.restore = []string{"PRAGMA synchronous = NORMAL", fmt.Sprintf("PRAGMA cache_size = %d", cache), "PRAGMA threads = 0",
			"PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY"}
		for _, p := range []string{"PRAGMA synchronous = OFF", fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB),
			"PRAGMA foreign_keys = OFF", "PRAGMA temp_store = FILE", fmt.Sprintf("PRAGMA threads = %d", runtime.NumCPU())} {
			if _, err := b.conn.ExecContext(b.ctx, p); err != nil {
				return err
			}
		}
	}
	if o.KeepIndexes {
		return nil
	}
	return b.dropIndexes()
}

// dropIndexes drops the secondary indexes of the load's tables (not those
// of primary keys and unique constraints), keeping their definitions.
func (b *Bulk) dropIndexes() error {
	var quoted []string
	for _, t := range b.tables {
		quoted = append(quoted, "'"+t.name+"'")
	}
	in := strings.Join(quoted, ", ")
	query := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (" + in + ") ORDER BY name"
	if b.pg != nil {
		query = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()
			AND i.tablename IN (` + in + `) AND NOT EXISTS (SELECT 1 FROM pg_constraint c
				WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
			ORDER BY i.indexname`
	}
	rows, err := b.conn.QueryContext(b.ctx, query)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, b.indexes = append(names, name), append(b.indexes, droppedIndex{name, def})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := b.conn.ExecContext(b.ctx, "DROP INDEX "+name); err != nil {
			return err
		}
	}
	return nil
}

type droppedIndex struct{ name, def string }

func (b *Bulk) add(table string, row ...any) error {
	t := b.byName[table]
	t.rows = append(t.rows, row...)
	b.queued++
	if b.queued >= BulkChunk {
		return b.flush()
	}
	return nil
}

// Account adds an SSP account.
func (b *Bulk) Account(id int64, username, passwordHash, email string, notify bool, language string) error {
	return b.add("ssp_accounts", id, username, passwordHash, email, notify, language, false, "", false, false)
}

// Case adds a case.
func (b *Bulk) Case(id int64, number, county string, status emessage.CaseStatus) error {
	return b.add("cases", id, number, county, string(status))
}

// Program adds a program of a case, held by a worker.
func (b *Bulk) Program(id, caseID int64, code string, workerID int64) error {
	return b.add("case_programs", id, caseID, code, workerID)
}

// Person adds a person of a case, with an SSP account or none (0).
func (b *Bulk) Person(id, caseID int64, personID, name string, accountID int64) error {
	return b.add("persons", id, caseID, personID, name, nullID(accountID))
}

// Message adds a record as insertMessage writes it: m.County is the case's.
func (b *Bulk) Message(m *emessage.Message) error {
	var doc string
	if m.Document != nil {
		doc = m.Document.Code
	}
	return b.add("messages", m.ID, nullText(m.LegacyID), m.CaseID, m.County, m.PersonKey, nullID(m.AccountID),
		string(m.Type), nullText(string(m.ActionType)), nullText(doc), string(m.Direction), m.Subject, m.Body,
		string(m.Status), micros(m.CreatedAt), micros(updatedAt(m)), m.AuthorKind, m.AuthorID, m.AuthorUsername,
		nullText(m.DueDate), nullMicros(m.ViewedAt), m.ThreadID, nullText(m.InReplyTo), m.Program,
		nullMicros(m.SendAt), m.Scheduled, m.Cancelled)
}

// History adds a status change of a record, as insertHistory writes it:
// byName is the worker's name, or an account's username.
func (b *Bulk) History(id int64, messageID string, st emessage.Status, at time.Time, byKind string, byID int64, byUsername, byName string) error {
	return b.add("message_history", id, messageID, string(st), micros(at), byKind, byID, byUsername, byName, "")
}

// flush writes every buffered row, table by table in the order of the
// foreign keys: on SQLite in one transaction.
func (b *Bulk) flush() error {
	if b.queued == 0 {
		return nil
	}
	if b.pg == nil {
		if _, err := b.conn.ExecContext(b.ctx, "BEGIN IMMEDIATE"); err != nil {
			return b.s.dialect.translate(err)
		}
	}
	for _, t := range b.tables {
		if len(t.rows) == 0 {
			continue
		}
		var err error
		if b.pg != nil {
			err = b.pg.copy(b.ctx, t)
		} else {
			err = b.insert(t)
		}
		if err != nil {
			if b.pg == nil {
				b.conn.ExecContext(context.WithoutCancel(b.ctx), "ROLLBACK")
			}
			return fmt.Errorf("bulk load %s: %w", t.name, b.s.dialect.translate(err))
		}
		b.Written[t.name] += int64(t.count())
		t.rows = t.rows[:0]
	}
	b.queued = 0
	if b.pg == nil {
		if _, err := b.conn.ExecContext(b.ctx, "COMMIT"); err != nil {
			return b.s.dialect.translate(err)
		}
		return b.checkpoint()
	}
	return nil
}

// checkpoint copies what SQLite's WAL holds into the database and starts
// the WAL over, after each transaction and each index build of a load:
// nothing else reads during a load, and without it the WAL keeps every
// page written (24 GB at 60% of the state dataset, more than the disk had
// free; 2.8 GB more for its indexes). PostgreSQL checkpoints on its own.
func (b *Bulk) checkpoint() error {
	if b.pg != nil {
		return nil
	}
	_, err := b.conn.ExecContext(b.ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return b.s.dialect.translate(err)
}

// bulkRowsPerInsert is how many rows one INSERT of a bulk load holds, under
// SQLite's limit of 32,766 parameters.
func bulkRowsPerInsert(columns int) int { return min(500, 32000/columns) }

// insert writes a table's buffered rows as INSERTs of bulkRowsPerInsert
// rows, the statement prepared once; the rest in one INSERT of its own.
func (b *Bulk) insert(t *bulkTable) error {
	cols := len(t.names)
	per := bulkRowsPerInsert(cols)
	rows := t.rows
	for len(rows) >= per*cols {
		if t.stmt == nil {
			st, err := b.conn.PrepareContext(b.ctx, insertRows(t.name, t.names, per))
			if err != nil {
				return err
			}
			t.stmt = st
		}
		if _, err := t.stmt.ExecContext(b.ctx, rows[:per*cols]...); err != nil {
			return err
		}
		rows = rows[per*cols:]
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := b.conn.ExecContext(b.ctx, insertRows(t.name, t.names, len(rows)/cols), rows...)
	return err
}

// insertRows is "INSERT OR ROLLBACK INTO table (names) VALUES (?, ...),
// ..." for n rows. The placeholders are anonymous: the driver looks each
// numbered one (?1, ?2) up by name among all of the statement's, which made
// a 500-row INSERT spend 85% of its time there. OR ROLLBACK: a row that
// breaks a constraint ends the whole transaction (the load fails) rather
// than its statement alone, so SQLite needs no statement journal to undo
// the statement's earlier rows.
func insertRows(table string, names []string, n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	return "INSERT OR ROLLBACK INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// Close writes what is buffered, builds the dropped indexes again, puts
// SQLite's settings back (PostgreSQL: sets the identities after the ids
// written and analyzes the tables) and gives the connection back.
func (b *Bulk) Close() (err error) {
	defer func() {
		if err != nil {
			b.discard()
		} else {
			b.conn.Close()
		}
	}()
	err = b.flush()
	for _, t := range b.tables {
		if t.stmt != nil {
			t.stmt.Close()
		}
	}
	if err != nil {
		return err
	}
	for i, ix := range b.indexes {
		if b.indexing != nil {
			b.indexing(ix.name, i+1, len(b.indexes))
		}
		if _, err := b.conn.ExecContext(b.ctx, ix.def); err != nil {
			return fmt.Errorf("bulk load: build index again (%s): %w", ix.def, err)
		}
		if err := b.checkpoint(); err != nil {
			return err
		}
	}
	for _, p := range b.restore {
		if _, err := b.conn.ExecContext(b.ctx, p); err != nil {
			return err
		}
	}
	if b.pg == nil {
		_, err := b.conn.ExecContext(b.ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		return err
	}
	for _, t := range b.tables {
		if t.identity {
			if _, err := b.conn.ExecContext(b.ctx, strings.ReplaceAll(b.s.dialect.resetIdentity, "TABLE", t.name)); err != nil {
				return err
			}
		}
		if _, err := b.conn.ExecContext(b.ctx, "ANALYZE "+t.name); err != nil {
			return err
		}
	}
	return nil
}
