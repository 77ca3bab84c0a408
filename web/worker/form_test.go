package worker

import (
	"net/url"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
)

func TestFormErrorsFollowTheForm(t *testing.T) {
	fields := []string{"case_number", "person_id", "subject", "body"}
	e := &page.Errors{}
	e.Add("body", "too long", fields)
	e.Add("case_number", "no case", fields)
	e.Add("cursor", "bad cursor", fields)
	if e.Fields[0].Field != "case_number" || e.Fields[1].Field != "body" || e.General[0] != "bad cursor" {
		t.Fatalf("errors %+v", e)
	}
	got := page.ErrorsFrom(emessage.NotFound("Case X"), messageFields, messageFallback)
	if got.For("case_number") != "Case X was not found." {
		t.Fatalf("a case not found belongs to the Case Number: %+v", got)
	}
}

func TestSearchPagesTrail(t *testing.T) {
	d := &searchPage{Self: "/worker/messages?scope=county"}
	d.pages(url.Values{}, "C1")
	if d.PageNo != 1 || d.PrevURL != "" || d.NextURL != "/worker/messages?scope=county&cursor=C1&trail=." {
		t.Fatalf("page 1: %+v", d)
	}
	d = &searchPage{Self: "/worker/messages"}
	d.pages(url.Values{"cursor": {"C2"}, "trail": {".,C1"}}, "C3")
	if d.PageNo != 3 || d.PrevURL != "/worker/messages?cursor=C1&trail=." || d.NextURL != "/worker/messages?cursor=C3&trail=.%2CC1%2CC2" {
		t.Fatalf("page 3: %+v", d)
	}
}
