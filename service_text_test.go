package emessage_test

import (
	"context"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/phone"
)

// TestPhoneChecks: the API, import and sync take E.164 only, and (with
// package phone) a number that can exist; the pages read a number as
// people write it first.
func TestPhoneChecks(t *testing.T) {
	ctx := context.Background()
	for _, phones := range []emessage.PhoneNumbers{nil, phone.Numbers{}} {
		r := testrig.New(t, fixture.World())
		r.Service.Phones = phones
		maria := r.MustLogin(t, "maria", fixture.Password)
		set := func(p string) (*emessage.Account, error) {
			return r.Service.UpdateCustomerAccount(ctx, maria, emessage.AccountSettings{Phone: &p})
		}
		for _, bad := range []string{"(213) 555-0142", "2135550142", "+1 213 555 0142", "+0123456789", "phone"} {
			if _, err := set(bad); emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != "phone" {
				t.Errorf("phones %T: %q: %v", phones, bad, err)
			}
		}
		if a, err := set("+12135550142"); err != nil || a.Phone != "+12135550142" {
			t.Fatalf("phones %T: %+v, %v", phones, a, err)
		}
		if a, err := set(""); err != nil || a.Phone != "" {
			t.Fatalf("an empty phone: %+v, %v", a, err)
		}
		on := true
		if _, err := r.Service.UpdateCustomerAccount(ctx, maria, emessage.AccountSettings{SMSNotification: &on}); emessage.ErrorField(err) != "phone" {
			t.Fatalf("texts without a phone: %v", err)
		}
		bad := "213-555-0142"
		data := &emessage.ImportData{Accounts: []emessage.ImportAccount{{Username: "maria", Language: "es", Phone: &bad}}}
		if _, err := r.Service.Import(ctx, data); emessage.ErrorField(err) != "ssp_accounts[0].phone" {
			t.Fatalf("an import with %q: %v", bad, err)
		}
	}
	svc := testrig.New(t, nil).Service
	svc.Phones = phone.Numbers{}
	if got := svc.ReadPhone(" (213) 555-0142 "); got != "+12135550142" {
		t.Errorf("ReadPhone = %q", got)
	}
	if got := svc.ReadPhone("555"); got != "555" {
		t.Errorf("ReadPhone(555) = %q, want it as typed", got)
	}
	// A number of the right shape that cannot exist: refused with package phone only.
	maria := func(phones emessage.PhoneNumbers) error {
		r := testrig.New(t, fixture.World())
		r.Service.Phones = phones
		p := "+10005550142"
		_, err := r.Service.UpdateCustomerAccount(ctx, r.MustLogin(t, "maria", fixture.Password), emessage.AccountSettings{Phone: &p})
		return err
	}
	if err := maria(phone.Numbers{}); emessage.ErrorField(err) != "phone" {
		t.Errorf("+10005550142 with package phone: %v", err)
	}
	if err := maria(nil); err != nil {
		t.Errorf("+10005550142 without: %v", err)
	}
}
