package emessage

import "testing"

// allowedMoves are the six moves of SPEC section 3.
var allowedMoves = map[[2]Status]bool{
	{StatusReceived, StatusRead}:                true,
	{StatusReceived, StatusReplied}:             true,
	{StatusRead, StatusReplied}:                 true,
	{StatusNewAction, StatusActionCompleted}:    true,
	{StatusNewAction, StatusActionClosed}:       true,
	{StatusActionCompleted, StatusActionClosed}: true,
}

// FuzzStatusMove: with any two strings, the status machine never panics,
// allows exactly the six moves, and CheckMove agrees with CanMove.
func FuzzStatusMove(f *testing.F) {
	for _, from := range Statuses {
		for _, to := range Statuses {
			f.Add(string(from), string(to))
		}
	}
	for _, s := range [][2]string{{"", ""}, {"Received", "Read"}, {"received ", "read"}, {"new_action", "action_closed\x00"}, {"é", "\xff"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		a, b := Status(from), Status(to)
		want := allowedMoves[[2]Status{a, b}]
		if got := a.CanMove(b); got != want {
			t.Fatalf("%q.CanMove(%q) = %v, want %v", from, to, got, want)
		}
		err := CheckMove(a, b)
		switch {
		case want && err != nil:
			t.Fatalf("CheckMove(%q, %q) = %v, want nil", from, to, err)
		case !want && ErrorCode(err) != EInvalidTransition:
			t.Fatalf("CheckMove(%q, %q) = %v, want %s", from, to, err, EInvalidTransition)
		case !want && ErrorMessage(err) == "":
			t.Fatalf("CheckMove(%q, %q) has no sentence", from, to)
		}
		for _, src := range b.Sources() {
			if !allowedMoves[[2]Status{src, b}] {
				t.Fatalf("%q.Sources() holds %q", to, src)
			}
		}
		if a.Valid() != (a.Label() != "") {
			t.Fatalf("%q: Valid %v but Label %q", from, a.Valid(), a.Label())
		}
	})
}
