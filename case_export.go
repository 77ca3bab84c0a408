package emessage

import (
	"context"
	"io"
	"time"
)

// The case file export (SPEC 21): one PDF of a case's records, or of one
// thread, for the case record. The service gathers what goes in it (the
// export model below), with the rights a worker's reading of the records
// needs; package casefile lays it out.

// Limits of an export, so that one download cannot hold the server's
// memory: fpdf builds the whole document in memory before writing it.
const (
	// MaxExportRecords is how many records one export holds at most; a
	// case with more is exported a thread at a time.
	MaxExportRecords = 500
	// MaxExportImageBytes is how many bytes of uploaded images an export
	// appends at most; the images past it are listed, not appended.
	MaxExportImageBytes = 40 << 20
)

// CaseExport is what a case file export holds: the case, its county, its
// records oldest first with their histories and uploads, and who made it
// when.
type CaseExport struct {
	Case   *Case
	County *County
	// ThreadID is the one thread exported; "" for the whole case.
	ThreadID    string
	GeneratedAt time.Time
	// GeneratedBy names the worker who asked for it: "Jane Doe (jdoe)".
	GeneratedBy string
	// Location is the county's time zone, in which times are written.
	Location *time.Location
	Records  []ExportRecord

	// Files is where the uploads are read from (OpenUpload).
	Files FileStore
}

// ExportRecord is one record of an export with its status history (oldest
// first) and uploads. Its Message carries the read receipt (ViewedAt),
// the workers who opened a customer's record (SeenBy) and Archived.
type ExportRecord struct {
	Message *Message
	History []HistoryEntry
	Uploads []Upload
}

// OpenUpload streams an upload of the export from the document store.
func (x *CaseExport) OpenUpload(ctx context.Context, u Upload) (io.ReadCloser, error) {
	return x.Files.Open(ctx, u.StorageName)
}

// CaseFileWriter writes an export as a PDF (package casefile). A font or
// an image it cannot use is left out and said in the document, never an
// error: only a failure to write is.
type CaseFileWriter interface {
	WriteCaseFile(ctx context.Context, w io.Writer, x *CaseExport) error
}

// CaseFile is a written export: its download's name and its bytes.
type CaseFile struct {
	Name    string
	PDF     []byte
	Records int
}
