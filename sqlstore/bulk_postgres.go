package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgCopier writes a bulk load's rows with PostgreSQL's COPY, through the
// pgx connection under a database/sql one.
type pgCopier struct {
	conn *sql.Conn
}

// copy writes a table's buffered rows with one COPY (its own transaction).
func (c *pgCopier) copy(ctx context.Context, t *bulkTable) error {
	cols := len(t.names)
	n := t.count()
	return c.conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk load: a PostgreSQL connection of type %T, not pgx's", driverConn)
		}
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.names, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return t.rows[i*cols : (i+1)*cols], nil
		}))
		return err
	})
}
