package emessage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// TestSendAnswersAsRead: a send answers from what it wrote, without reading
// the record back; what it answers is what a read gives, field for field,
// for every kind of send.
func TestSendAnswersAsRead(t *testing.T) {
	testrig.ForEachDB(t, func() *emessage.ImportData {
		d := fixture.World()
		d.Counties[0].Holidays = []string{"2026-11-26"}
		return d
	}, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		maria := r.MustLogin(t, "maria", fixture.Password)
		sends := map[string]func() (*emessage.Message, error){
			"a message": func() (*emessage.Message, error) {
				return r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeMessage,
					Subject: "Hello", Body: "A message"})
			},
			"an upload action of another program": func() (*emessage.Message, error) {
				return r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Program: "MC",
					Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Papers", Body: "Please upload"})
			},
			"a view document action": func() (*emessage.Message, error) {
				return r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1", Type: emessage.TypeAction,
					ActionType: emessage.ActionViewDocument, DocumentCode: "CW2200", Subject: "Form", Body: "Please read", DueDate: "2026-12-01"})
			},
			"a customer's message": func() (*emessage.Message, error) {
				return r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B4", Subject: "Question", Body: "When?"})
			},
		}
		for name, send := range sends {
			got, err := send()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			read, err := r.Store.Message(ctx, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, read) {
				t.Errorf("%s answered\n %+v\nbut reads\n %+v", name, got, read)
			}
		}
	})
}
