package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"unicode/utf8"

	"github.com/county/emessage"
)

// maxUploadBody bounds a whole upload request: five files of the largest
// size, and room for the multipart framing.
const maxUploadBody = emessage.MaxUploadsPerItem*emessage.MaxUploadSize + 1<<20

type uploadsResponse struct {
	Uploads []uploadJSON `json:"uploads"`
	Message messageJSON  `json:"message"`
}

// apiSSPUploadsCreate takes a customer's documents for an Upload Document
// action (multipart/form-data, field "file", 1 to 5 files). The service checks
// each file's type by its content and stores nothing when it refuses one.
func (s *server) apiSSPUploadsCreate(w http.ResponseWriter, r *http.Request) error {
	files, err := readUploadFiles(w, r)
	if err != nil {
		// Read the rest (bounded) so that a client still sending gets the answer
		// rather than a reset connection.
		io.Copy(io.Discard, r.Body)
		return err
	}
	actor := actorFrom(r.Context())
	id := r.PathValue("id")
	m, ups, err := s.svc.CustomerUpload(r.Context(), actor, id, files)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, uploadsResponse{Uploads: uploadsJSON(ups), Message: s.messageJSON(m)})
	return nil
}

// readUploadFiles reads the "file" parts of a multipart body into memory,
// each bounded by the upload size limit and the whole body (r.Body from
// then on) by maxUploadBody.
func readUploadFiles(w http.ResponseWriter, r *http.Request) ([]emessage.UploadFile, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
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
			return nil, uploadReadError(err)
		}
		if name := part.FormName(); name != "file" {
			part.Close()
			return nil, emessage.FieldError(emessage.EMalformed, truncate(name, 100), "Unknown form field %q; send documents in the field file.", truncate(name, 100))
		}
		if len(files) == emessage.MaxUploadsPerItem {
			part.Close()
			return nil, emessage.TooManyFiles()
		}
		file, err := readUploadPart(part)
		part.Close()
		if err != nil {
			return nil, uploadReadError(err)
		}
		files = append(files, file)
	}
}

// readUploadPart reads one file part into memory, at most the upload size
// limit: a larger file is refused (TooLarge) without reading it all.
func readUploadPart(part *multipart.Part) (emessage.UploadFile, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(part, emessage.MaxUploadSize+1)); err != nil {
		return emessage.UploadFile{}, err
	}
	file := emessage.UploadFile{Name: part.FileName(), Data: buf.Bytes()}
	if buf.Len() > emessage.MaxUploadSize {
		return file, emessage.TooLarge(file.Name)
	}
	return file, nil
}

// uploadReadError is a read error of an upload body as the client sees it;
// our own refusals pass through.
func uploadReadError(err error) error {
	var e *emessage.Error
	if errors.As(err, &e) {
		return err
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return emessage.FieldError(emessage.ETooLarge, "file", "The upload is too large: at most %d files of 10 MB each.", emessage.MaxUploadsPerItem)
	}
	return emessage.Errorf(emessage.EMalformed, "The multipart body cannot be read.")
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
