package main

import (
	"fmt"
	"slices"
	"strings"
)

// dbRecord is a record of the messages table, by what the checks of
// "exactly once" read: its body's marker names the logical request.
type dbRecord struct {
	ID, Direction, InReplyTo, Marker string
}

// dbUpload is a row of the uploads table; its file name names the
// logical request.
type dbUpload struct {
	MessageID, Filename string
}

// recordFigures is the database's records held against the logical
// create requests.
type recordFigures struct {
	Records, Uploads int      // records and uploads the crash test made
	Duplicates       []string // logical requests that made more than one record or upload
	Lost             []string // acknowledged requests that made none
	Wrong            []string // records of no request, or not the one acknowledged
	Unresolved       int      // requests with no outcome when the test stopped waiting
	UnresolvedMade   int      // of those, how many made their record anyway
}

// checkRecords holds every record and upload against the logical create
// requests: each acknowledged one (answered, replayed, or a 409 conflict
// that names what it made) made exactly one, the one it was told of; each
// without an outcome made at most one; no record is of no request.
func checkRecords(acks []ack, unresolved []*createReq, recs []dbRecord, ups []dbUpload) recordFigures {
	var f recordFigures
	byKey := map[string][]dbRecord{}
	for _, r := range recs {
		if r.Marker == "" {
			f.Wrong = append(f.Wrong, fmt.Sprintf("record %s (%s) carries no request's key", r.ID, r.Direction))
			continue
		}
		f.Records++
		byKey[r.Marker] = append(byKey[r.Marker], r)
	}
	upsByKey := map[string][]dbUpload{}
	for _, u := range ups {
		key, ok := strings.CutSuffix(u.Filename, ".pdf")
		if !ok || !strings.HasPrefix(key, "ct-") {
			f.Wrong = append(f.Wrong, fmt.Sprintf("upload %q to %s carries no request's key", u.Filename, u.MessageID))
			continue
		}
		f.Uploads++
		upsByKey[key] = append(upsByKey[key], u)
	}
	for key, rs := range byKey {
		if len(rs) > 1 {
			ids := make([]string, len(rs))
			for i, r := range rs {
				ids[i] = r.ID
			}
			slices.Sort(ids)
			f.Duplicates = append(f.Duplicates, fmt.Sprintf("key %s made %d records: %s", key, len(rs), strings.Join(ids, ", ")))
		}
	}
	for key, us := range upsByKey {
		if len(us) > 1 {
			f.Duplicates = append(f.Duplicates, fmt.Sprintf("key %s made %d uploads to %s", key, len(us), us[0].MessageID))
		}
	}
	known := map[string]bool{}
	for _, a := range acks {
		if a.Key == "" {
			continue // a close makes no record
		}
		known[a.Key] = true
		if a.Kind == "upload" {
			us := upsByKey[a.Key]
			switch {
			case len(us) == 0:
				f.Lost = append(f.Lost, fmt.Sprintf("upload %s to %s acknowledged (%s), not in the database", a.Key, a.ID, a.Via))
			case us[0].MessageID != a.ID:
				f.Wrong = append(f.Wrong, fmt.Sprintf("upload %s acknowledged to %s, stored to %s", a.Key, a.ID, us[0].MessageID))
			}
			continue
		}
		rs := byKey[a.Key]
		if len(rs) == 0 {
			f.Lost = append(f.Lost, fmt.Sprintf("%s %s acknowledged as %s (%s), no record has its key", a.Kind, a.Key, a.ID, a.Via))
			continue
		}
		r := rs[0]
		switch {
		case a.Kind == "reply" && r.InReplyTo != a.ID:
			f.Wrong = append(f.Wrong, fmt.Sprintf("reply %s acknowledged to %s, its record %s answers %q", a.Key, a.ID, r.ID, r.InReplyTo))
		case a.Kind == "reply" && a.Named != "" && a.Named != r.ID:
			f.Wrong = append(f.Wrong, fmt.Sprintf("reply %s: the 409 named %s, its record is %s", a.Key, a.Named, r.ID))
		case a.Kind != "reply" && r.ID != a.ID:
			f.Wrong = append(f.Wrong, fmt.Sprintf("%s %s acknowledged as %s (%s), its record is %s", a.Kind, a.Key, a.ID, a.Via, r.ID))
		}
	}
	for _, u := range unresolved {
		known[u.Key] = true
		f.Unresolved++
		if len(byKey[u.Key])+len(upsByKey[u.Key]) > 0 {
			f.UnresolvedMade++
		}
	}
	for key, rs := range byKey {
		if !known[key] {
			f.Wrong = append(f.Wrong, fmt.Sprintf("record %s carries key %s, which no request was answered for or is waiting on", rs[0].ID, key))
		}
	}
	for key, us := range upsByKey {
		if !known[key] {
			f.Wrong = append(f.Wrong, fmt.Sprintf("upload %s to %s is of no request answered or waiting", key, us[0].MessageID))
		}
	}
	slices.Sort(f.Duplicates)
	slices.Sort(f.Lost)
	slices.Sort(f.Wrong)
	return f
}
