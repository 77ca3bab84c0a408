package main

import (
	"context"
	"fmt"
	"io"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/progress"
	"github.com/county/emessage/password"
	"github.com/county/emessage/phone"
	"github.com/county/emessage/sqlstore"
)

// importFile is "emessage import [--db URL] FILE": the whole file is written
// in one transaction, or nothing is.
func importFile(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	rest, err := parseFlags(newImportFlags(&c), &c, args, stdout, "import [--db URL] FILE")
	if code, done := flagResult("import", err, stderr); done {
		return code
	}
	if len(rest) != 1 {
		return fail(stderr, exitUsage, "import: give one import file: emessage import [--db URL] FILE (flags before the file)")
	}
	file := rest[0]
	data, err := emessage.ReadImportFile(file)
	if err != nil {
		return fail(stderr, exitError, "import %s: %s", file, describe(err))
	}
	store, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return fail(stderr, exitError, "cannot open database %s: %v", sqlstore.Redact(c.DB), err)
	}
	defer store.Close()
	// Importing needs no document store: uploads are not part of an import file.
	svc := emessage.NewService(store, nil, password.New())
	svc.Phones = phone.Numbers{}
	meters := importMeters(stderr, data)
	res, err := svc.Import(ctx, data)
	meters.end(err)
	if err != nil {
		return fail(stderr, exitError, "import %s: %s", file, describe(err))
	}
	fmt.Fprintf(stdout, "Imported %s: %s.\n", file, res)
	return exitOK
}

// importProgress shows an import's two steps on stderr: the passwords
// hashed, then the records written.
type importProgress struct {
	hashing, writing *progress.Meter
}

func importMeters(stderr io.Writer, data *emessage.ImportData) *importProgress {
	p := &importProgress{}
	if n := data.Passwords(); n > 0 {
		p.hashing = progress.New(stderr, "import: passwords", int64(n), "passwords")
		data.Progress.Hashed = func(n int) { p.hashing.Add(int64(n)) }
	}
	data.Progress.Written = func(n int) {
		if p.writing == nil { // hashing is over when writing begins
			if p.hashing != nil {
				p.hashing.Done()
			}
			p.writing = progress.New(stderr, "import: records", int64(data.Records()), "records")
		}
		p.writing.Add(int64(n))
	}
	return p
}

// end writes the last line of each step, or takes the bar away on failure.
func (p *importProgress) end(err error) {
	for _, m := range []*progress.Meter{p.hashing, p.writing} {
		switch {
		case m == nil:
		case err != nil:
			m.Stop()
		default:
			m.Done()
		}
	}
}

// describe is an error for the administrator at the console: the field at
// fault first, then the sentence; other errors in full.
func describe(err error) string {
	if emessage.ErrorCode(err) == emessage.EInternal {
		return err.Error()
	}
	if f := emessage.ErrorField(err); f != "" {
		return f + ": " + emessage.ErrorMessage(err)
	}
	return emessage.ErrorMessage(err)
}
