package emessage

import "testing"

// TestStatusMachine checks every pair of statuses against SPEC section 3.
func TestStatusMachine(t *testing.T) {
	allowed := map[[2]Status]bool{
		{StatusReceived, StatusRead}:                true,
		{StatusRead, StatusReplied}:                 true,
		{StatusReceived, StatusReplied}:             true,
		{StatusNewAction, StatusActionCompleted}:    true,
		{StatusActionCompleted, StatusActionClosed}: true,
		{StatusNewAction, StatusActionClosed}:       true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				want := allowed[[2]Status{from, to}]
				if got := from.CanMove(to); got != want {
					t.Fatalf("CanMove = %v, want %v", got, want)
				}
				err := CheckMove(from, to)
				if want && err != nil {
					t.Fatalf("CheckMove: %v", err)
				}
				if !want && ErrorCode(err) != EInvalidTransition {
					t.Fatalf("CheckMove code = %q, want %q", ErrorCode(err), EInvalidTransition)
				}
			})
		}
	}
}

func TestStatusSourcesAndLabels(t *testing.T) {
	tests := []struct {
		to   Status
		want []Status
	}{
		{StatusRead, []Status{StatusReceived}},
		{StatusReplied, []Status{StatusReceived, StatusRead}},
		{StatusActionCompleted, []Status{StatusNewAction}},
		{StatusActionClosed, []Status{StatusNewAction, StatusActionCompleted}},
		{StatusSent, nil},
	}
	for _, tt := range tests {
		got := tt.to.Sources()
		if len(got) != len(tt.want) {
			t.Fatalf("Sources(%s) = %v, want %v", tt.to, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("Sources(%s) = %v, want %v", tt.to, got, tt.want)
			}
		}
	}
	for _, s := range Statuses {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("status %q has no label", s)
		}
	}
	if Status("closed").Valid() {
		t.Error("unknown status is valid")
	}
	if got := StatusActionCompleted.Label(); got != "Action Completed" {
		t.Errorf("label = %q", got)
	}
}

func TestTypeLabels(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
	}{
		{"message", TypeMessage.Label(), "Message"},
		{"action", TypeAction.Label(), "Action"},
		{"unknown type", Type("memo").Label(), "memo"},
		{"empty type", Type("").Label(), ""},
		{"upload", ActionUploadDocument.Label(), "Upload Document"},
		{"view", ActionViewDocument.Label(), "View Document"},
		{"unknown action type", ActionType("sign_document").Label(), "sign_document"},
		{"empty action type", ActionType("").Label(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
