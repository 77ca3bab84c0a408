package emessage

import "context"

// Stand-ins and the team view (SPEC section 12): a worker who will be away
// names a stand-in of the same county, whose caseload holds the away
// worker's records from the first day to the last; a supervisor sees the
// counts of each worker whose supervisor they are.

// RightSupervise lets a worker see their team (GET /api/v1/team, /worker/team)
// and search a team member's caseload.
const RightSupervise = "emessage.supervise"

// Away is a worker's out-of-office period: From to To, days inclusive in
// the county's time zone (YYYY-MM-DD), and the worker standing in. The zero
// Away is none.
type Away struct {
	From, To  string
	StandInID int64
	StandIn   string // the stand-in's username
}

// Set reports whether an away period is named.
func (w Away) Set() bool { return w.From != "" && w.StandInID != 0 }

// Covers reports whether day (YYYY-MM-DD) is within the period.
func (w Away) Covers(day string) bool { return w.Set() && w.From <= day && day <= w.To }

// TeamMember is a worker of a supervisor's team with their "My e-Messages"
// counts.
type TeamMember struct {
	Username, Name string
	Away           bool   // away today
	StandIn        string // the stand-in while away today, "" otherwise
	Counts         HomeCounts
}

// TeamStore keeps the workers' out-of-office periods and who supervises whom.
type TeamStore interface {
	// SetAway saves the worker's away period (the zero Away clears it), with
	// its audit entry.
	SetAway(ctx context.Context, workerID int64, away Away, audit AuditEntry) error
	// Team lists the workers whose supervisor is supervisorID, by name.
	Team(ctx context.Context, supervisorID int64) ([]*Worker, error)
	// CountyWorkers lists the enabled workers of a county, by name.
	CountyWorkers(ctx context.Context, county string) ([]*Worker, error)
}

// noteStandIn marks the audit entries of what worker a does to record m
// "standing in for" its owner, when a stands in for the owner today.
func (s *Service) noteStandIn(ctx context.Context, a Actor, m *Message, entries []AuditEntry) error {
	if !a.IsWorker() || m.OwnerID == 0 || m.OwnerID == a.ID {
		return nil
	}
	owner, err := s.Store.Worker(ctx, m.OwnerID)
	if err != nil {
		return err
	}
	if owner.Away.StandInID != a.ID || !owner.Away.Covers(s.today()) {
		return nil
	}
	note := "standing in for " + owner.Username
	for i := range entries {
		if entries[i].Detail == "" {
			entries[i].Detail = note
		} else {
			entries[i].Detail += "; " + note
		}
	}
	return nil
}
