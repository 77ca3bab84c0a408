package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// copyTable is a table as "emessage copy" moves it: every column, by kind
// (i integer, t text, b boolean, x bytes), the key columns first (the
// first keys of them name a row). A test checks the lists against both
// dialects' schemas.
type copyTable struct {
	name     string
	identity bool // its id is given by the database (a sequence in PostgreSQL)
	keys     int
	columns  string
}

// copyTables are in an order that satisfies the foreign keys.
var copyTables = []copyTable{
	{"counties", false, 1, "code:t name:t two_way:b response_business_days:i default_program:t holidays:t action_due_days:i retention_years:i"},
	{"templates", false, 3, "county:t code:t language:t title:t body:t"},
	{"workers", true, 1, "id:i username:t name:t county:t password_hash:t rights:t disabled:b " +
		"totp_secret:t totp_last_step:i totp_pending:t totp_pending_at:i away_from:t away_to:t stand_in_id:i supervisor_id:i"},
	{"ssp_accounts", true, 1, "id:i username:t password_hash:t email:t e_notification:b language:t disabled:b " +
		"phone:t sms_notification:b sms_stopped:b"},
	{"cases", true, 1, "id:i number:t county:t status:t"},
	{"case_programs", true, 1, "id:i case_id:i code:t worker_id:i"},
	{"persons", true, 1, "id:i case_id:i person_id:t name:t account_id:i"},
	{"documents", false, 1, "code:t title:t ssp_sendable:b pdf:x case_id:i person_key:i file:t size:i updated_at:i"},
	{"messages", false, 1, "id:t legacy_id:t case_id:i county:t person_key:i account_id:i type:t action_type:t " +
		"document_code:t direction:t subject:t body:t status:t created_at:i updated_at:i author_kind:t author_id:i " +
		"author_name:t due_date:t viewed_at:i thread_id:t in_reply_to:t program:t send_at:i scheduled:b cancelled:b"},
	{"message_history", true, 1, "id:i message_id:t status:t at:i by_kind:t by_id:i by_username:t by_name:t note:t"},
	{"uploads", true, 1, "id:i message_id:t filename:t content_type:t size:i storage_name:t sha256:t uploaded_at:i account_id:i public_id:t trimmed:i"},
	{"notifications", true, 1, "id:i message_id:t account_id:i email:t language:t status:t attempts:i next_at:i mail_id:t " +
		"created_at:i sent_at:i last_error:t leased_until:i"},
	{"messages_archive", false, 1, "id:t legacy_id:t case_id:i county:t person_key:i account_id:i type:t action_type:t " +
		"document_code:t direction:t subject:t body:t status:t created_at:i updated_at:i author_kind:t author_id:i " +
		"author_name:t due_date:t viewed_at:i thread_id:t in_reply_to:t program:t " +
		"archived_at:i send_at:i scheduled:b cancelled:b"},
	{"message_history_archive", false, 1, "id:i message_id:t status:t at:i by_kind:t by_id:i by_username:t by_name:t note:t"},
	{"uploads_archive", false, 1, "id:i message_id:t filename:t content_type:t size:i storage_name:t sha256:t uploaded_at:i account_id:i public_id:t trimmed:i"},
	{"notifications_archive", false, 1, "id:i message_id:t account_id:i email:t language:t status:t attempts:i next_at:i mail_id:t " +
		"created_at:i sent_at:i last_error:t leased_until:i"},
	{"webhook_events", true, 1, "id:i event_id:t message_id:t type:t payload:t county:t state:t attempts:i next_at:i " +
		"created_at:i delivered_at:i last_error:t leased_until:i"},
	{"webhook_events_archive", false, 1, "id:i event_id:t message_id:t type:t payload:t county:t state:t attempts:i next_at:i " +
		"created_at:i delivered_at:i last_error:t leased_until:i"},
	{"texts", true, 1, "id:i account_id:i phone:t language:t message_id:t folded:i state:t attempts:i next_at:i " +
		"created_at:i sent_at:i last_error:t leased_until:i"},
	{"audit_log", true, 1, "id:i at:i actor_kind:t actor_id:i actor:t action:t object_type:t object_id:t detail:t"},
	{"system_tokens", true, 1, "id:i name:t county:t token_hash:t created_at:i last_used_at:i revoked_at:i"},
	{"sessions", false, 1, "token_hash:t role:t user_id:i created_at:i expires_at:i last_seen:i"},
	{"recovery_codes", false, 2, "worker_id:i code_hash:t used_at:i"},
	{"mfa_challenges", false, 1, "token_hash:t worker_id:i created_at:i expires_at:i"},
	{"once_keys", false, 2, "caller:t key:t fingerprint:t state:t status:i body:x created_at:i"},
}

func (t copyTable) cols() (names []string, kinds []byte) {
	for _, f := range strings.Fields(t.columns) {
		name, kind, _ := strings.Cut(f, ":")
		names = append(names, name)
		kinds = append(kinds, kind[0])
	}
	return names, kinds
}

// TableCount is how many rows a table holds.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// CopyResult is what Copy did.
type CopyResult struct {
	Tables []TableCount
	// Same is set when the target already held exactly the source's data,
	// so that nothing was copied (a copy run again after it succeeded).
	Same bool
}

// Progress hears how far a long operation is (Copy, Backup); a
// progress.Meter is one.
type Progress interface {
	SetTotal(n int64) // the work to do, once known
	Add(n int64)      // n more units of it done
	Note(s string)    // what is being worked on
}

// Copy copies every table of src into dst, ids, password hashes, workers'
// authenticator secrets and recovery code hashes, form PDFs, history,
// queue, audit and sessions as they are, in one transaction on dst:
// all of it or nothing. dst must be empty, unless it already holds exactly
// the same rows (then nothing is written and Same is set). src is read in one
// snapshot; stop the services writing to it first, or what they write after
// the snapshot is not copied. Into PostgreSQL, a source holding text it
// refuses (NUL, bytes that are not UTF-8) is refused first with a
// *BadTextError naming every such record. progress, when not nil, is told
// the source's rows and each batch copied. Uploaded files are not in the
// database and are not copied.
func Copy(ctx context.Context, dst, src *Store, progress Progress) (CopyResult, error) {
	var res CopyResult
	read, err := src.snapshot(ctx)
	if err != nil {
		return res, err
	}
	defer read.Rollback()
	from := runner{db: read, d: src.dialect}
	if progress != nil {
		counts, err := countRows(ctx, from)
		if err != nil {
			return res, err
		}
		progress.SetTotal(total(counts))
	}
	if dst.dialect.name == "postgres" && src.dialect.name != "postgres" {
		if progress != nil {
			progress.Note("checking text")
		}
		if err := checkText(ctx, from); err != nil {
			return res, err
		}
	}
	err = dst.write(ctx, func(tx runner) error {
		res = CopyResult{}
		have, err := countRows(ctx, tx)
		if err != nil {
			return err
		}
		if total(have) > 0 {
			same, err := sameData(ctx, tx, from)
			if err != nil {
				return err
			}
			if !same {
				return fmt.Errorf("the target database is not empty (%s) and holds other data than the source: "+
					"copy only into an empty database", describeCounts(have))
			}
			res.Tables, res.Same = have, true
			return nil
		}
		for _, t := range copyTables {
			if progress != nil {
				progress.Note(t.name)
			}
			n, err := copyRows(ctx, tx, from, t, progress)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			if t.identity && tx.d.resetIdentity != "" {
				if _, err := tx.exec(ctx, strings.ReplaceAll(tx.d.resetIdentity, "TABLE", t.name)); err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
			}
			res.Tables = append(res.Tables, TableCount{t.name, n})
		}
		if progress != nil {
			progress.Note("")
		}
		return nil
	})
	return res, err
}

// snapshot begins a read-only transaction that sees one moment of the database.
func (s *Store) snapshot(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{Isolation: s.dialect.snapshot, ReadOnly: true})
	return tx, s.dialect.translate(err)
}

func countRows(ctx context.Context, r runner) ([]TableCount, error) {
	var out []TableCount
	for _, t := range copyTables {
		var n int64
		if err := r.queryRow(ctx, "SELECT COUNT(*) FROM "+t.name).Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, TableCount{t.name, n})
	}
	return out, nil
}

func total(counts []TableCount) (n int64) {
	for _, c := range counts {
		n += c.Rows
	}
	return n
}

func describeCounts(counts []TableCount) string {
	var parts []string
	for _, c := range counts {
		if c.Rows > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.Rows, c.Table))
		}
	}
	return strings.Join(parts, ", ")
}

// copyRows reads a table from src and writes it to dst in multi-row
// INSERTs, telling progress (when not nil) of each.
func copyRows(ctx context.Context, dst, src runner, t copyTable, progress Progress) (int64, error) {
	names, _ := t.cols()
	perInsert := min(500, 30000/len(names)) // under both databases' limits on parameters
	var batch []any
	var n int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var q strings.Builder
		q.WriteString("INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES ")
		for i := range batch {
			switch {
			case i == 0:
				q.WriteString("(")
			case i%len(names) == 0:
				q.WriteString("), (")
			default:
				q.WriteString(", ")
			}
			q.WriteString("$" + strconv.Itoa(i+1))
		}
		q.WriteString(")")
		_, err := dst.exec(ctx, q.String(), batch...)
		if err == nil && progress != nil {
			progress.Add(int64(len(batch) / len(names)))
		}
		batch = batch[:0]
		return err
	}
	err := eachRow(ctx, src, t, func(row []any) error {
		batch = append(batch, row...)
		n++
		if len(batch) >= perInsert*len(names) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return n, err
}

// eachRow reads every row of a table, each value as int64, string, bool,
// []byte or nil.
func eachRow(ctx context.Context, r runner, t copyTable, fn func(row []any) error) error {
	names, kinds := t.cols()
	rows, err := r.query(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]any, len(names))
	for i, k := range kinds {
		switch k {
		case 'i':
			dest[i] = new(sql.NullInt64)
		case 't':
			dest[i] = new(sql.NullString)
		case 'b':
			dest[i] = new(sql.NullBool)
		case 'x':
			dest[i] = new([]byte)
		}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		row := make([]any, len(dest))
		for i, d := range dest {
			switch v := d.(type) {
			case *sql.NullInt64:
				row[i] = nullable(v.Int64, v.Valid)
			case *sql.NullString:
				row[i] = nullable(v.String, v.Valid)
			case *sql.NullBool:
				row[i] = nullable(v.Bool, v.Valid)
			case *[]byte:
				row[i] = nullable(append([]byte(nil), *v...), *v != nil)
			}
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

func nullable[T any](v T, valid bool) any {
	if !valid {
		return nil
	}
	return v
}

// sameData reports whether two databases hold the same rows in every table,
// compared by count and by a sum of the rows' hashes (order does not matter).
func sameData(ctx context.Context, a, b runner) (bool, error) {
	for _, t := range copyTables {
		fa, err := fingerprint(ctx, a, t)
		if err != nil {
			return false, err
		}
		fb, err := fingerprint(ctx, b, t)
		if err != nil {
			return false, err
		}
		if fa != fb {
			return false, nil
		}
	}
	return true, nil
}

type tableFingerprint struct {
	rows int64
	sum  [4]uint64
}

func fingerprint(ctx context.Context, r runner, t copyTable) (tableFingerprint, error) {
	var f tableFingerprint
	err := eachRow(ctx, r, t, func(row []any) error {
		h := sha256.New()
		for _, v := range row {
			switch v := v.(type) {
			case nil:
				h.Write([]byte{'n'})
			case int64:
				h.Write([]byte{'i'})
				binary.Write(h, binary.BigEndian, v)
			case bool:
				if v {
					h.Write([]byte{'T'})
				} else {
					h.Write([]byte{'F'})
				}
			case string:
				h.Write([]byte{'s'})
				binary.Write(h, binary.BigEndian, int64(len(v)))
				h.Write([]byte(v))
			case []byte:
				h.Write([]byte{'x'})
				binary.Write(h, binary.BigEndian, int64(len(v)))
				h.Write(v)
			}
		}
		sum := h.Sum(nil)
		for i := range f.sum {
			f.sum[i] += binary.BigEndian.Uint64(sum[i*8:])
		}
		f.rows++
		return nil
	})
	return f, err
}
