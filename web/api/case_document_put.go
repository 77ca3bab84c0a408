package api

import (
	"io"
	"mime"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// maxCaseDocumentBody bounds a case document's request: one PDF of the
// upload size, its title and person, and the multipart framing.
const maxCaseDocumentBody = emessage.MaxUploadSize + 64<<10

// maxDocumentField bounds the title and person_id parts.
const maxDocumentField = 4 << 10

// caseDocumentJSON is a case's document as the system that put it sees it.
type caseDocumentJSON struct {
	Code       string  `json:"code"`
	Title      string  `json:"title"`
	CaseNumber string  `json:"case_number"`
	PersonID   *string `json:"person_id"`
	Size       int64   `json:"size"`
}

// caseDocumentPut is PUT /api/v1/cases/{number}/documents/{code} (SPEC
// 14): multipart with file (a PDF), title and person_id. 201 the first
// time, 200 when it replaced the document of that code.
func (h *Handler) caseDocumentPut(w http.ResponseWriter, r *http.Request) error {
	in, err := readCaseDocument(w, r)
	if err != nil {
		io.Copy(io.Discard, r.Body) // bounded: the client gets the answer, not a reset
		return err
	}
	in.CaseNumber, in.Code = r.PathValue("number"), r.PathValue("code")
	doc, added, err := h.svc.PutCaseDocument(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	answer.WriteJSON(w, status, caseDocumentJSON{Code: doc.Code, Title: doc.Title, CaseNumber: doc.CaseNumber,
		PersonID: answer.Optional(doc.PersonID), Size: doc.Size})
	return nil
}

// readCaseDocument reads the multipart body: one file, a title, and
// optionally a person_id; anything else is refused.
func readCaseDocument(w http.ResponseWriter, r *http.Request) (emessage.CaseDocumentInput, error) {
	var in emessage.CaseDocumentInput
	r.Body = http.MaxBytesReader(w, r.Body, maxCaseDocumentBody)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return in, emessage.FieldError(emessage.EUnsupportedType, "file", "Send the document as multipart/form-data: file (a PDF), title and person_id.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return in, emessage.Errorf(emessage.EMalformed, "The multipart body cannot be read: it has no boundary.")
	}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return in, answer.UploadReadError(err)
		}
		name := part.FormName()
		if seen[name] {
			part.Close()
			return in, emessage.FieldError(emessage.EMalformed, truncate(name, 100), "The field %q is given twice.", truncate(name, 100))
		}
		seen[name] = true
		switch name {
		case "file":
			file, err := answer.ReadUploadPart(part)
			part.Close()
			if err != nil {
				return in, answer.UploadReadError(err)
			}
			in.PDF = file.Data
		case "title", "person_id":
			b, err := io.ReadAll(io.LimitReader(part, maxDocumentField+1))
			part.Close()
			if err != nil {
				return in, answer.UploadReadError(err)
			}
			if len(b) > maxDocumentField {
				return in, emessage.FieldError(emessage.EInvalid, name, "%s is too long.", name)
			}
			if name == "title" {
				in.Title = string(b)
			} else {
				in.PersonID = string(b)
			}
		default:
			part.Close()
			return in, emessage.FieldError(emessage.EMalformed, truncate(name, 100), "Unknown form field %q; send file, title and person_id.", truncate(name, 100))
		}
	}
	if !seen["file"] {
		return in, emessage.FieldError(emessage.EInvalid, "file", "Send the document's PDF in the field file.")
	}
	return in, nil
}
