package api

import (
	"io"
	"mime"
	"net/http"
	"unicode/utf8"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type uploadsResponse struct {
	Uploads []uploadJSON `json:"uploads"`
	Message messageJSON  `json:"message"`
}

// sspUploadsCreate takes a customer's documents for an Upload Document
// action (multipart/form-data, field "file", 1 to 5 files). The service checks
// each file's type by its content and stores nothing when it refuses one.
func (h *Handler) sspUploadsCreate(w http.ResponseWriter, r *http.Request) error {
	files, err := readUploadFiles(w, r)
	if err != nil {
		// Read the rest (bounded) so that a client still sending gets the answer
		// rather than a reset connection.
		io.Copy(io.Discard, r.Body)
		return err
	}
	id := r.PathValue("id")
	m, ups, err := h.svc.CustomerUpload(r.Context(), actor(r), id, files)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusCreated, uploadsResponse{Uploads: uploadsJSON(ups), Message: h.messageJSON(m)})
	return nil
}

// readUploadFiles reads the "file" parts of a multipart body into memory,
// each bounded by the upload size limit and the whole body (r.Body from
// then on) by answer.MaxUploadBody.
func readUploadFiles(w http.ResponseWriter, r *http.Request) ([]emessage.UploadFile, error) {
	r.Body = http.MaxBytesReader(w, r.Body, answer.MaxUploadBody)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return nil, emessage.FieldError(emessage.EUnsupportedType, "file", "Send the documents as multipart/form-data, in the field file.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, emessage.Errorf(emessage.EMalformed, "The multipart body cannot be read: it has no boundary.")
	}
	var files []emessage.UploadFile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, answer.UploadReadError(err)
		}
		if name := part.FormName(); name != "file" {
			part.Close()
			return nil, emessage.FieldError(emessage.EMalformed, truncate(name, 100), "Unknown form field %q; send documents in the field file.", truncate(name, 100))
		}
		if len(files) == emessage.MaxUploadsPerItem {
			part.Close()
			return nil, emessage.TooManyFiles()
		}
		file, err := answer.ReadUploadPart(part)
		part.Close()
		if err != nil {
			return nil, answer.UploadReadError(err)
		}
		files = append(files, file)
	}
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
