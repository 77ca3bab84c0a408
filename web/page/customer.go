package web

import (
	"context"

	"github.com/county/emessage"
)

// customerMessage is the data of the customer's view of a record (the
// _customer_message.html partial): the portal's message page, and the
// worker's View, which shows it as a preview.
type customerMessage struct {
	*emessage.MessageDetail
	Lang       string
	CountyName string
	// Offer is what the page offers: the answer box, the file field, the form.
	Offer *emessage.CustomerOffer
	// Status is where the record stands, in the customer's words.
	Status customerStatusView
	// Preview: a worker is looking; the customer's buttons do nothing.
	Preview bool
	// Answer is the answer box, with what was typed and its error; FileError
	// is the error of the file field.
	Answer    formField
	FileError string
}

// MaxUploadSize is the file field's limit in bytes, for its script.
func (c *customerMessage) MaxUploadSize() int { return emessage.MaxUploadSize }

// ShowStatus reports whether the record's status says something the
// customer needs: the county's plain messages need none.
func (c *customerMessage) ShowStatus() bool {
	return c.Status.Code != string(emessage.CustomerNew) && c.Status.Code != string(emessage.CustomerRead)
}

// newCustomerMessage builds the customer's view of d in lang, with the
// answer box holding body and the errors errs.
func (s *server) newCustomerMessage(ctx context.Context, d *emessage.MessageDetail, lang, body string, errs *formErrors) (*customerMessage, error) {
	offer, err := s.svc.CustomerOffer(ctx, d.Message)
	if err != nil {
		return nil, err
	}
	sortThread(d)
	return &customerMessage{
		MessageDetail: d, Lang: lang, CountyName: offer.CountyName, Offer: offer,
		Status: s.customerStatusWords(lang, d.Message),
		Answer: formField{Name: "body", Label: translate(lang, "reply_label"), Hint: translate(lang, "reply_hint"),
			Value: body, Error: errs.For("body"), MaxChars: emessage.MaxBody, Rows: 5, Lang: lang},
		FileError: errs.For("file"),
	}, nil
}
