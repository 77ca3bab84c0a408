package page

import (
	"context"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// CustomerMessage is the data of the customer's view of a record (the
// _customer_message.html partial): the portal's message page, and the
// worker's View, which shows it as a preview.
type CustomerMessage struct {
	*emessage.MessageDetail
	Lang       string
	CountyName string
	// Offer is what the page offers: the answer box, the file field, the form.
	Offer *emessage.CustomerOffer
	// Status is where the record stands, in the customer's words.
	Status CustomerStatus
	// Preview: a worker is looking; the customer's buttons do nothing.
	Preview bool
	// Answer is the answer box, with what was typed and its error; FileError
	// is the error of the file field.
	Answer    Field
	FileError string
	// Once is the form's one-time token: sending it twice answers or
	// uploads once (SPEC section 19).
	Once string
}

// Dir is the writing direction of the customer's language.
func (c *CustomerMessage) Dir() string { return words.Dir(c.Lang) }

// MaxUploadSize is the file field's limit in bytes, for its script.
func (c *CustomerMessage) MaxUploadSize() int { return emessage.MaxUploadSize }

// ShowStatus reports whether the record's status says something the
// customer needs: the county's plain messages need none.
func (c *CustomerMessage) ShowStatus() bool {
	return c.Status.Code != string(emessage.CustomerNew) && c.Status.Code != string(emessage.CustomerRead)
}

// NewCustomerMessage builds the customer's view of d in lang, with the
// answer box holding body and the errors errs.
func NewCustomerMessage(ctx context.Context, svc *emessage.Service, d *emessage.MessageDetail, lang, body string, errs *Errors) (*CustomerMessage, error) {
	offer, err := svc.CustomerOffer(ctx, d.Message)
	if err != nil {
		return nil, err
	}
	d.OldestFirst()
	return &CustomerMessage{
		MessageDetail: d, Lang: lang, CountyName: offer.CountyName, Offer: offer,
		Status: StatusWords(svc, lang, d.Message),
		Answer: Field{Name: "body", Label: words.T(lang, "reply_label"), Hint: words.T(lang, "reply_hint"),
			Value: body, Error: errs.For("body"), MaxChars: emessage.MaxBody, Rows: 5, Lang: lang},
		FileError: errs.For("file"),
	}, nil
}

// CustomerStatus is a record's status as the customer sees it: a code for
// its look and the words.
type CustomerStatus struct {
	Code  string // an emessage.CustomerStatus, or "overdue"
	Words string
}

// StatusWords says where a record stands, in the customer's language:
// "Action needed by Dec 5", "Done", "Waiting for the county"...
func StatusWords(svc *emessage.Service, lang string, m *emessage.Message) CustomerStatus {
	st := emessage.CustomerStatusOf(m)
	v := CustomerStatus{Code: string(st), Words: words.Status(lang, st)}
	if st == emessage.CustomerActionNeeded {
		due, err := time.Parse(time.DateOnly, m.DueDate)
		if err != nil {
			v.Words = words.T(lang, "status_action_needed_now")
			return v
		}
		day := words.ShortDate(lang, due, svc.Now().In(svc.Location))
		if svc.Overdue(m) {
			v.Code, v.Words = "overdue", words.T(lang, "status_action_overdue", "Date", day)
		} else {
			v.Words = words.T(lang, "status_action_needed", "Date", day)
		}
	}
	return v
}
