package emessage

import (
	"context"
	"slices"
	"strings"
	"time"
)

// AwayFor returns the worker's away period (the zero Away when none).
func (s *Service) AwayFor(ctx context.Context, a Actor) (Away, error) {
	if !a.IsWorker() {
		return Away{}, Errorf(EForbidden, "This is for county workers only.")
	}
	w, err := s.Store.Worker(ctx, a.ID)
	if err != nil {
		return Away{}, err
	}
	return w.Away, nil
}

// SetAway names the worker's out-of-office period, days in the county's
// time zone, inclusive, and the worker standing in meanwhile: another
// worker of the same county with emessage.send, enabled (SPEC section 12).
func (s *Service) SetAway(ctx context.Context, a Actor, from, to, standIn string) (Away, error) {
	if !a.IsWorker() {
		return Away{}, Errorf(EForbidden, "This is for county workers only.")
	}
	day := func(v, field, name string) (string, error) {
		if strings.TrimSpace(v) == "" {
			return "", FieldError(EInvalid, field, "Enter the %s day, like 2026-12-21.", name)
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
		if err != nil {
			return "", FieldError(EInvalid, field, "The %s day must be a date like 2026-12-21.", name)
		}
		return d.Format(time.DateOnly), nil
	}
	fromDay, err := day(from, "from", "first")
	if err != nil {
		return Away{}, err
	}
	toDay, err := day(to, "to", "last")
	if err != nil {
		return Away{}, err
	}
	switch {
	case toDay < fromDay:
		return Away{}, FieldError(EInvalid, "to", "The last day cannot come before the first day.")
	case toDay < s.today():
		return Away{}, FieldError(EInvalid, "to", "The last day is in the past.")
	}
	standIn = strings.TrimSpace(standIn)
	if standIn == "" {
		return Away{}, FieldError(EInvalid, "stand_in", "Choose the worker who stands in for you.")
	}
	w, err := s.Store.WorkerByUsername(ctx, standIn)
	switch {
	case ErrorCode(err) == ENotFound || err == nil && (w.County != a.County || w.Disabled):
		return Away{}, FieldError(EInvalid, "stand_in", "There is no worker %.40q in your county.", standIn)
	case err != nil:
		return Away{}, err
	case w.ID == a.ID:
		return Away{}, FieldError(EInvalid, "stand_in", "Choose another worker than yourself.")
	case !slices.Contains(w.Rights, RightSend):
		return Away{}, FieldError(EInvalid, "stand_in", "%s cannot send e-Messages (emessage.send), so cannot stand in.", w.Name)
	}
	away := Away{From: fromDay, To: toDay, StandInID: w.ID, StandIn: w.Username}
	detail := fromDay + " to " + toDay + ", stand-in " + w.Username
	if err := s.Store.SetAway(ctx, a.ID, away, audit(a, s.now(), "worker.away", "worker", a.Username, detail)); err != nil {
		return Away{}, err
	}
	return away, nil
}

// ClearAway ends the worker's out-of-office period.
func (s *Service) ClearAway(ctx context.Context, a Actor) error {
	if !a.IsWorker() {
		return Errorf(EForbidden, "This is for county workers only.")
	}
	return s.Store.SetAway(ctx, a.ID, Away{}, audit(a, s.now(), "worker.away", "worker", a.Username, "back"))
}

// Team lists the workers whose supervisor is a, each with "My e-Messages"
// counts and whether they are away today (emessage.supervise).
func (s *Service) Team(ctx context.Context, a Actor) ([]TeamMember, error) {
	if err := requireWorker(a, RightSupervise); err != nil {
		return nil, err
	}
	county, err := s.Store.County(ctx, a.County)
	if err != nil {
		return nil, err
	}
	workers, err := s.Store.Team(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	cut, today := s.cutoffs(county), s.today()
	out := make([]TeamMember, 0, len(workers))
	for _, w := range workers {
		m := TeamMember{Username: w.Username, Name: w.Name, Away: w.Away.Covers(today)}
		if m.Away {
			m.StandIn = w.Away.StandIn
		}
		if m.Counts, err = s.Store.HomeCounts(ctx, w.ID, cut); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// caseloadOf returns whose caseload a search of a asks for: a's own, or
// with worker= a team member's (SPEC section 12); anyone else is refused.
func (s *Service) caseloadOf(ctx context.Context, a Actor, username string) (int64, error) {
	if username == "" || username == a.Username {
		return a.ID, nil
	}
	w, err := s.Store.WorkerByUsername(ctx, username)
	if ErrorCode(err) == ENotFound || err == nil && w.County != a.County {
		return 0, FieldError(EInvalid, "worker", "There is no worker %.40q in your county.", username)
	}
	if err != nil {
		return 0, err
	}
	if w.SupervisorID != a.ID || !a.Can(RightSupervise) {
		return 0, Errorf(EForbidden, "You may search the caseload of the workers you supervise only.")
	}
	return w.ID, nil
}

// StandInChoices lists the workers who may stand in for a: the other
// enabled workers of a's county with emessage.send, by name.
func (s *Service) StandInChoices(ctx context.Context, a Actor) ([]*Worker, error) {
	if !a.IsWorker() {
		return nil, Errorf(EForbidden, "This is for county workers only.")
	}
	all, err := s.Store.CountyWorkers(ctx, a.County)
	if err != nil {
		return nil, err
	}
	var out []*Worker
	for _, w := range all {
		if w.ID != a.ID && slices.Contains(w.Rights, RightSend) {
			out = append(out, w)
		}
	}
	return out, nil
}
