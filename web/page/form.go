package page

import (
	"net/url"
	"sort"
	"strings"

	"github.com/county/emessage"
)

// Forms on the pages. A field knows its label, hint, value and error; the
// templates of _form.html draw it the same way everywhere (label, hint,
// error beside it, aria-describedby and aria-invalid), and the error summary
// at the top of the page links to each field in error.

// Errors are the errors of a submitted form: one per field, in the order
// the form shows its fields, and those that belong to no field.
type Errors struct {
	Fields  []FieldError
	General []string
}

// FieldError is an error beside a field, and a link to it in the summary.
type FieldError struct {
	Field   string // the field's id
	Message string
}

// Any reports whether there is something to show.
func (e *Errors) Any() bool { return e != nil && (len(e.Fields) > 0 || len(e.General) > 0) }

// For returns the error of a field, or "".
func (e *Errors) For(field string) string {
	if e == nil {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// Add records an error: beside its field when the form has that field, else
// in the summary only.
func (e *Errors) Add(field, msg string, fields []string) {
	for _, f := range fields {
		if f == field {
			if e.For(field) == "" {
				e.Fields = append(e.Fields, FieldError{Field: field, Message: msg})
				e.sort(fields)
			}
			return
		}
	}
	e.General = append(e.General, msg)
}

// sort keeps field errors in the order the form shows its fields.
func (e *Errors) sort(fields []string) {
	pos := func(name string) int {
		for i, f := range fields {
			if f == name {
				return i
			}
		}
		return len(fields)
	}
	for i := 1; i < len(e.Fields); i++ {
		for j := i; j > 0 && pos(e.Fields[j].Field) < pos(e.Fields[j-1].Field); j-- {
			e.Fields[j], e.Fields[j-1] = e.Fields[j-1], e.Fields[j]
		}
	}
}

// ErrorsFrom turns a service error into form errors. fields lists the form's
// fields in order (their names are the API's field names); fallback is the
// field an error without a field belongs to on this form ("" for none), such
// as the Case Number for "Case X was not found". Internal errors show the
// safe sentence only.
func ErrorsFrom(err error, fields []string, fallback map[string]string) *Errors {
	e := &Errors{}
	field := emessage.ErrorField(err)
	if field == "" {
		field = fallback[emessage.ErrorCode(err)]
	}
	e.Add(field, emessage.ErrorMessage(err), fields)
	return e
}

// Field is one field of a form as the templates draw it.
type Field struct {
	Name    string // name and id
	Label   string
	Hint    string
	Type    string // for inputs: text, date, password...
	Value   string
	Error   string
	Options []Option // select, radio and checkbox lists
	// Attributes of the input.
	Autocomplete string
	MaxLength    int
	MaxChars     int // a textarea with a character counter of this limit
	Required     bool
	Class        string // extra class of the form group, for the script (hidden parts)
	Describe     string // extra ids the field is described by
	Rows         int    // a textarea's height in lines (default 10)
	// Lang is the language of the field's own words (the counter); "" is English.
	Lang string
}

// Option is a choice of a select, radio or checkbox list.
type Option struct {
	Value, Label string
	Selected     bool
	// Language, when set, is the language of what a select's option stands
	// for (a person's SSP account), for the page's script: data-language.
	Language string
	// LabelLang is the language the label is written in when it is not
	// the page's: a language named in itself.
	LabelLang string
}

// DescribedBy lists the ids of the hint, error and counter of a field.
func (f Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	if f.MaxChars > 0 {
		ids = append(ids, f.Name+"-count")
	}
	if f.Describe != "" {
		ids = append(ids, f.Describe)
	}
	return strings.Join(ids, " ")
}

// Chars counts a value in Unicode characters, as the service and the script do.
func (f Field) Chars() int { return len([]rune(f.Value)) }

// Over reports how many characters a value has beyond its limit.
func (f Field) Over() int { return max(0, f.Chars()-f.MaxChars) }

// Left reports how many characters may still be typed.
func (f Field) Left() int { return max(0, f.MaxChars-f.Chars()) }

// Options builds a choice list with value selected.
func Options(selected string, pairs ...string) []Option {
	out := make([]Option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Option{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == selected})
	}
	return out
}

// LinkForm is a GET form that goes to an address: the job aid's Close,
// Edit, View and Add e-Message are buttons that navigate. A button outside
// the form names it with form="ID".
type LinkForm struct {
	ID, Action string
	Fields     []Hidden
}

// NewLinkForm builds the form that goes to addr (a local address).
func NewLinkForm(id, addr string) LinkForm {
	path, query, _ := strings.Cut(addr, "?")
	f := LinkForm{ID: id, Action: path}
	values, _ := url.ParseQuery(query)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range values[k] {
			f.Fields = append(f.Fields, Hidden{Name: k, Value: v})
		}
	}
	return f
}

// Hidden is a name and value carried by a form.
type Hidden struct{ Name, Value string }
