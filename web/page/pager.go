package page

import (
	"net/url"
	"strings"
)

// Pager holds the links to the pages before and after one page of a
// newest-first list (the worker's search, the customer's inbox). Keyset
// pages only go forward, so the way back is carried along in the address:
// trail lists the cursors of the pages before this one ("." for the first).
type Pager struct {
	PrevURL, NextURL string
	PageNo           int
}

// PagerFor returns the links of the page that q asked for; self is the
// address of the list's first page, next the cursor after this page ("" on
// the last one).
func PagerFor(self string, q url.Values, next string) Pager {
	var p Pager
	cursor := q.Get("cursor")
	var trail []string
	if t := q.Get("trail"); t != "" && cursor != "" {
		trail = strings.Split(t, ",")
	}
	p.PageNo = len(trail) + 1
	if cursor != "" && len(trail) == 0 {
		p.PageNo = 2 // a cursor without a trail: the way back is the first page
		trail = []string{"."}
	}
	link := func(cursor string, trail []string) string {
		if cursor == "" || cursor == "." {
			return self
		}
		sep := "?"
		if strings.Contains(self, "?") {
			sep = "&"
		}
		v := url.Values{"cursor": {cursor}}
		if len(trail) > 0 {
			v.Set("trail", strings.Join(trail, ","))
		}
		return self + sep + v.Encode()
	}
	if cursor != "" {
		p.PrevURL = link(trail[len(trail)-1], trail[:len(trail)-1])
	}
	if next != "" {
		here := cursor
		if here == "" {
			here = "."
		}
		p.NextURL = link(next, append(trail[:len(trail):len(trail)], here))
	}
	return p
}
