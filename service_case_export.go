package emessage

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// ExportCase writes the case file export of a case of the worker's county
// (SPEC 21): every record, hot or archived, oldest first, or those of one
// thread of the case (threadID; a thread not on the case is not found). A
// worker needs emessage.view, and sees another county's case as not
// found (R2), as every other read of the records. The download is
// audited as case.export. Exporting opens no record: nothing moves to
// Read, and no "seen by" is added.
func (s *Service) ExportCase(ctx context.Context, a Actor, number, threadID string) (*CaseFile, error) {
	if err := requireWorker(a, RightView); err != nil {
		return nil, err
	}
	c, err := s.workerCase(ctx, a, number)
	if err != nil {
		return nil, err
	}
	if s.CaseFiles == nil {
		return nil, Errorf(EUnavailable, "The case file export is not set up on this server.")
	}
	county, err := s.Store.County(ctx, c.County)
	if err != nil {
		return nil, err
	}
	threadID = strings.TrimSpace(threadID)
	msgs, err := s.exportRecords(ctx, c, threadID)
	if err != nil {
		return nil, err
	}
	if err := s.fillSeenBy(ctx, msgs...); err != nil {
		return nil, err
	}
	now := s.now()
	x := &CaseExport{
		Case: c, County: county, ThreadID: threadID, GeneratedAt: now, Location: s.Location,
		GeneratedBy: cmp.Or(a.Name, a.Username) + " (" + a.Username + ")",
		Records:     make([]ExportRecord, len(msgs)), Files: s.Files,
	}
	for i, m := range msgs {
		r := ExportRecord{Message: m}
		if r.History, err = s.Store.History(ctx, m.ID); err != nil {
			return nil, err
		}
		if m.UploadCount > 0 {
			if r.Uploads, err = s.uploads(ctx, m.ID); err != nil {
				return nil, err
			}
		}
		x.Records[i] = r
	}
	var buf bytes.Buffer
	if err := s.CaseFiles.WriteCaseFile(ctx, &buf, x); err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("PDF, %d records", len(msgs))
	if threadID != "" {
		detail += ", thread " + threadID
	}
	if err := s.Store.AppendAudit(ctx, audit(a, now, "case.export", "case", c.Number, detail)); err != nil {
		return nil, err
	}
	return &CaseFile{Name: exportName(c.Number, threadID), PDF: buf.Bytes(), Records: len(msgs)}, nil
}

// exportRecords returns the records of the case, or of one of its threads,
// oldest first; more than MaxExportRecords are refused.
func (s *Service) exportRecords(ctx context.Context, c *Case, threadID string) ([]*Message, error) {
	var msgs []*Message
	if threadID != "" {
		if len(threadID) > 100 {
			return nil, NotFound("Thread")
		}
		thread, err := s.Store.Thread(ctx, threadID)
		if err != nil {
			return nil, err
		}
		if len(thread) == 0 || thread[0].CaseID != c.ID {
			return nil, NotFound("Thread " + threadID + " of case " + c.Number)
		}
		msgs = thread
	} else {
		for _, archived := range []bool{false, true} {
			page, err := s.Store.SearchMessages(ctx, MessageQuery{
				County: c.County, CaseNumber: c.Number, Archived: archived, Limit: MaxExportRecords + 1,
			})
			if err != nil {
				return nil, err
			}
			msgs = append(msgs, page...)
		}
	}
	if len(msgs) > MaxExportRecords {
		what := "Case " + c.Number
		if threadID != "" {
			what = "This thread"
		}
		return nil, Errorf(ETooLarge, "%s has more than %d e-Messages, more than one case file export holds. "+
			"Export one thread at a time.", what, MaxExportRecords)
	}
	slices.SortStableFunc(msgs, func(a, b *Message) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return msgs, nil
}

// exportName is the download's file name: case-B1234567.pdf, or
// case-B1234567-thread-ID.pdf for one thread.
func exportName(number, threadID string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '_'
		}, s)
	}
	if threadID != "" {
		return "case-" + clean(number) + "-thread-" + clean(threadID) + ".pdf"
	}
	return "case-" + clean(number) + ".pdf"
}
