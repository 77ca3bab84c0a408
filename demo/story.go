package demo

import "time"

// What happened to the demo's e-Messages after they were written: each step
// is someone using the product, played through the service at its time, so
// that every status, history entry, read receipt, upload and audit entry of
// the demo is one the rules make (issue 13: a record Action Completed with
// no upload and no opening cannot be).

// doing is what a step does.
type doing int

const (
	open     doing = iota // a worker opens the record (received -> read), or the customer does (read receipt)
	reply                 // a worker answers the customer's record (-> replied): the answer is a new record
	openForm              // the customer opens the form of a View Document action (-> action_completed)
	upload                // the customer uploads a document to an Upload Document action (-> action_completed)
	closeIt               // a worker closes the action (-> action_closed)
)

// step is one thing someone did to a demo record, ago before now. A reply's
// answer is known afterwards by the id in as; text is the answer's body or
// the uploaded file's name.
type step struct {
	ago  time.Duration
	who  string // username
	do   doing
	id   string // the record: an imported id, or a reply's as
	text string
	as   string
}

// story lists the steps oldest first.
func story() []step {
	const h, d = time.Hour, 24 * time.Hour
	return []step{
		{ago: 39 * d, who: "ana", do: open, id: "DEMO-0018"},
		{ago: 33 * d, who: "maria", do: open, id: "DEMO-0001"},
		{ago: 25*d + 20*h, who: "rosa", do: open, id: "DEMO-0009"},
		{ago: 24 * d, who: "rosa", do: openForm, id: "DEMO-0010"},
		{ago: 23 * d, who: "mgarcia", do: closeIt, id: "DEMO-0010"},
		{ago: 19*d + 5*h, who: "jdoe", do: open, id: "DEMO-0002"},
		{ago: 19*d + 3*h, who: "jdoe", do: reply, id: "DEMO-0002", as: "DEMO-0003",
			text: "Thank you, Maria. I updated your address. You do not need to do anything else."},
		{ago: 19 * d, who: "david", do: upload, id: "DEMO-0016", text: "lease.pdf"},
		{ago: 18 * d, who: "jdoe", do: closeIt, id: "DEMO-0016"},
		{ago: 18 * d, who: "maria", do: open, id: "DEMO-0003"},
		{ago: 14*d + 22*h, who: "mgarcia", do: open, id: "DEMO-0011"},
		{ago: 14*d + 20*h, who: "mgarcia", do: reply, id: "DEMO-0011", as: "DEMO-0012",
			text: "Gracias por avisarnos. Le enviaré una solicitud para subir sus talones de pago."},
		{ago: 14 * d, who: "rosa", do: open, id: "DEMO-0012"},
		{ago: 13 * d, who: "maria", do: open, id: "DEMO-0007"}, // seen, not done: overdue
		{ago: 9 * d, who: "maria", do: openForm, id: "DEMO-0004"},
		{ago: 8 * d, who: "tom", do: open, id: "DEMO-0019"},
		{ago: 7*d + 20*h, who: "mgarcia", do: open, id: "DEMO-0013"}, // read, and overdue
		{ago: 4 * d, who: "david", do: upload, id: "DEMO-0017", text: "rent-receipt.pdf"},
		{ago: 18 * h, who: "mgarcia", do: open, id: "DEMO-0014"},
	}
}
