package answer

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/county/emessage"
)

// MaxJSONBody bounds a JSON request body.
const MaxJSONBody = 64 << 10

// Time writes a time as JSON does: RFC 3339 in UTC.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Optional turns "" into JSON null.
func Optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error gets here: our shapes always marshal.
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"Something went wrong on our side. Please try again."}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// DecodeJSON reads a JSON request body into dst. It refuses a body that is
// not declared as JSON (415), larger than MaxJSONBody (413), not valid JSON,
// not an object (null would leave dst as it was), of the wrong types, with
// unknown fields or with anything after the object (400, naming the field
// where there is one).
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := ReadJSON(w, r, MaxJSONBody)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&json.RawMessage{}); err != io.EOF {
		if TooLarge(err) {
			return decodeError(err)
		}
		return emessage.Errorf(emessage.EMalformed, "The request body must hold one JSON object and nothing after it.")
	}
	return nil
}

// ReadJSON reads a JSON request body of at most limit bytes for a decoder
// of the caller's own: it refuses a body not declared as JSON (415), larger
// than limit (413), not an object, or holding what cleanJSON refuses (400).
func ReadJSON(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if !IsJSON(r.Header.Get("Content-Type")) {
		return nil, emessage.Errorf(emessage.EUnsupportedType, "Send the request body as JSON, with Content-Type: application/json.")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if TooLarge(err) {
		return nil, emessage.Errorf(emessage.ETooLarge, "The request body is larger than %s.", sizeText(limit))
	}
	if err != nil {
		return nil, decodeError(err)
	}
	if err := cleanJSON(body); err != nil {
		return nil, err
	}
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) > 0 && b[0] != '{' {
		// null, a list or a string would decode into nothing, unseen.
		return nil, emessage.Errorf(emessage.EMalformed, "The request body must be one JSON object, {...}.")
	}
	return body, nil
}

// sizeText writes a limit in MiB or KiB.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n>>10, 10) + " KiB"
}

// cleanJSON refuses what encoding/json would let through: a member named
// twice (the last would win, unseen), text that is not UTF-8 (it would
// turn into U+FFFD), and NUL (which PostgreSQL cannot store). Other faults
// of the syntax are left to the decoder, which names them.
func cleanJSON(body []byte) error {
	if !utf8.Valid(body) {
		return emessage.Errorf(emessage.EMalformed, "The request body holds text that is not valid UTF-8.")
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.ReadToken()
		if err == io.EOF {
			break
		}
		var syn *jsontext.SyntacticError
		switch {
		case errors.Is(err, jsontext.ErrDuplicateName) && errors.As(err, &syn):
			name := strings.TrimPrefix(string(syn.JSONPointer), "/")
			return emessage.FieldError(emessage.EMalformed, name, "The field %q is given twice.", name)
		case err != nil:
			return nil // the decoder says what is wrong
		case tok.Kind() == '"' && strings.ContainsRune(tok.String(), 0):
			return emessage.Errorf(emessage.EMalformed, "The request body holds a NUL character (\\u0000), which cannot be stored.")
		}
	}
	return nil
}

// IsJSON reports whether a Content-Type header declares JSON.
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// decodeError turns a JSON decoding error into an *emessage.Error.
func decodeError(err error) error {
	var (
		syntax  *json.SyntaxError
		typ     *json.UnmarshalTypeError
		invalid *json.InvalidUnmarshalError
	)
	switch {
	case TooLarge(err):
		return emessage.Errorf(emessage.ETooLarge, "The request body is larger than %d KiB.", MaxJSONBody>>10)
	case errors.Is(err, io.EOF):
		return emessage.Errorf(emessage.EMalformed, "The request body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return emessage.Errorf(emessage.EMalformed, "The request body ends before its JSON is complete.")
	case errors.As(err, &syntax):
		return emessage.Errorf(emessage.EMalformed, "The request body is not valid JSON (error at byte %d).", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return emessage.Errorf(emessage.EMalformed, "The request body must be a JSON object.")
		}
		return emessage.FieldError(emessage.EMalformed, typ.Field, "%s must be %s.", typ.Field, jsonKind(typ.Type))
	case errors.As(err, &invalid):
		return err // a programming error: a 500
	}
	// encoding/json has no error type for an unknown field, only this text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, uerr := strconv.Unquote(name); uerr == nil {
			name = unq
		}
		return emessage.FieldError(emessage.EMalformed, name, "Unknown field %q.", name)
	}
	return emessage.Errorf(emessage.EMalformed, "The request body could not be read as JSON.")
}

// TooLarge reports whether a body was cut off at its bound.
func TooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// jsonKind names a Go type as the JSON value it expects.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a different kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a different kind of value"
}
