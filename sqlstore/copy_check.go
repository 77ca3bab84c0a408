package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BadText is a field of a record that PostgreSQL cannot store: SQLite
// kept it as it was given, before the service refused such text at the edge.
type BadText struct {
	Table string // e.g. "messages"
	Key   string // the record, by its key: id="M1", or county="01" code="X"
	Field string // the column
	Why   string // "NUL byte" or "not UTF-8"
}

func (b BadText) String() string {
	return fmt.Sprintf("%s %s %s (%s)", b.Table, b.Key, b.Field, b.Why)
}

// BadTextError refuses a copy into PostgreSQL whose source holds text it
// cannot store; it lists every such field, so that all can be corrected
// in the source before the copy runs again.
type BadTextError struct {
	Fields []BadText
}

// BadTextShown is how many fields the error's one line names.
const BadTextShown = 5

func (e *BadTextError) Error() string {
	var names []string
	for _, b := range e.Fields[:min(len(e.Fields), BadTextShown)] {
		names = append(names, b.String())
	}
	list := strings.Join(names, ", ")
	if more := len(e.Fields) - BadTextShown; more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	what, them := "fields of the source hold", "them"
	if len(e.Fields) == 1 {
		what, them = "field of the source holds", "it"
	}
	return fmt.Sprintf("%d %s text PostgreSQL cannot store (NUL bytes or bytes that are not UTF-8): %s; "+
		"correct %s in the source database (docs/SCALE.md says how) and copy again", len(e.Fields), what, list, them)
}

// checkText reads every text field of every table and returns a
// *BadTextError naming those PostgreSQL would refuse, or nil.
func checkText(ctx context.Context, r runner) error {
	var bad []BadText
	for _, t := range copyTables {
		names, kinds := t.cols()
		err := eachRow(ctx, r, t, func(row []any) error {
			for i, v := range row {
				s, ok := v.(string)
				if !ok || kinds[i] != 't' {
					continue
				}
				why := ""
				switch {
				case strings.IndexByte(s, 0) >= 0:
					why = "NUL byte"
				case !utf8.ValidString(s):
					why = "not UTF-8"
				default:
					continue
				}
				bad = append(bad, BadText{t.name, rowKey(names[:t.keys], row), names[i], why})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("check %s: %w", t.name, err)
		}
	}
	if len(bad) > 0 {
		return &BadTextError{bad}
	}
	return nil
}

// rowKey names a row by its key columns: id=12, or id="M1" (quoted as Go
// does, so that a NUL in a key shows as \x00).
func rowKey(names []string, row []any) string {
	parts := make([]string, len(names))
	for i, name := range names {
		v := fmt.Sprint(row[i])
		if s, ok := row[i].(string); ok {
			v = strconv.Quote(s)
		}
		parts[i] = name + "=" + v
	}
	return strings.Join(parts, " ")
}
