package emessage

// Status is where an e-Message stands in its flow (SPEC section 3).
type Status string

// The statuses of SPEC section 3, by their API codes.
const (
	StatusSent            Status = "sent"
	StatusNewAction       Status = "new_action"
	StatusReceived        Status = "received"
	StatusRead            Status = "read"
	StatusReplied         Status = "replied"
	StatusActionCompleted Status = "action_completed"
	StatusActionClosed    Status = "action_closed"
)

// Statuses lists every status in the order the pages show them.
var Statuses = []Status{
	StatusSent, StatusNewAction, StatusReceived, StatusRead,
	StatusReplied, StatusActionCompleted, StatusActionClosed,
}

var statusLabels = map[Status]string{
	StatusSent:            "Sent",
	StatusNewAction:       "New Action",
	StatusReceived:        "Received",
	StatusRead:            "Read",
	StatusReplied:         "Replied",
	StatusActionCompleted: "Action Completed",
	StatusActionClosed:    "Action Closed",
}

// transitions is the status machine: the only allowed moves, and nothing else.
var transitions = map[Status][]Status{
	StatusReceived:        {StatusRead, StatusReplied},
	StatusRead:            {StatusReplied},
	StatusNewAction:       {StatusActionCompleted, StatusActionClosed},
	StatusActionCompleted: {StatusActionClosed},
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the status as the worker pages name it.
func (s Status) Label() string { return statusLabels[s] }

var typeLabels = map[Type]string{
	TypeMessage: "Message",
	TypeAction:  "Action",
}

// Label is the e-Message type as the pages name it; an unknown type is
// named by its value.
func (t Type) Label() string { return labelOr(typeLabels, t) }

var actionTypeLabels = map[ActionType]string{
	ActionUploadDocument: "Upload Document",
	ActionViewDocument:   "View Document",
}

// Label is the action type as the pages name it; an unknown one is named by
// its value.
func (t ActionType) Label() string { return labelOr(actionTypeLabels, t) }

// labelOr returns the label of v, or v itself when it has none.
func labelOr[K ~string](labels map[K]string, v K) string {
	if l, ok := labels[v]; ok {
		return l
	}
	return string(v)
}

// CanMove reports whether the status machine allows the move from s to next.
func (s Status) CanMove(next Status) bool {
	for _, to := range transitions[s] {
		if to == next {
			return true
		}
	}
	return false
}

// Sources lists the statuses from which a move to s is allowed.
func (s Status) Sources() []Status {
	var from []Status
	for _, st := range Statuses {
		if st.CanMove(s) {
			from = append(from, st)
		}
	}
	return from
}

// ByCustomer reports whether it is the customer who moves a record into s
// (SPEC section 3's "by"): received, by writing, and action_completed, by
// uploading or opening the form. Workers set every other status.
func (s Status) ByCustomer() bool { return s == StatusReceived || s == StatusActionCompleted }

// NeedsReview reports whether a record in this status waits for the worker
// (not counting overdue responses, which depend on time).
func (s Status) NeedsReview() bool {
	return s == StatusReceived || s == StatusRead || s == StatusActionCompleted
}

// CheckMove returns an invalid_transition error unless the move is allowed.
func CheckMove(from, to Status) error {
	if from.CanMove(to) {
		return nil
	}
	return Errorf(EInvalidTransition, "An e-Message in status %s cannot move to %s.", labelOrCode(from), labelOrCode(to))
}

func labelOrCode(s Status) string {
	if l := s.Label(); l != "" {
		return l
	}
	return string(s)
}
