package portal

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// portalUploadForm is what the message page's form sent with Upload document.
type portalUploadForm struct {
	files []emessage.UploadFile
	names []string // of every file chosen, also one refused while reading
	body  string
}

// maxAnswerField bounds the answer box that travels with an upload: 4000
// characters of up to 4 bytes, and line breaks.
const maxAnswerField = 5 * emessage.MaxBody * 4

// readPortalUpload reads the form's multipart body: the files of the
// field "file" (a file field left empty sends a part without a name, which
// is skipped), and the answer box. A file too large, or one too many, is
// refused once the whole form is read, so that the answer typed is kept.
// The body is bounded as the API's is.
func readPortalUpload(w http.ResponseWriter, r *http.Request) (*portalUploadForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, answer.MaxUploadBody)
	f := &portalUploadForm{}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return f, emessage.Errorf(emessage.EMalformed, "The form could not be read.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return f, emessage.Errorf(emessage.EMalformed, "The form could not be read.")
	}
	var refused error
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return f, refused
		}
		if err != nil {
			io.Copy(io.Discard, r.Body)
			return f, answer.UploadReadError(err)
		}
		switch part.FormName() {
		case "body":
			var buf bytes.Buffer
			_, err = buf.ReadFrom(io.LimitReader(part, maxAnswerField))
			f.body = answer.FormText(buf.String())
		case "file":
			err = f.readFile(part, &refused)
		}
		part.Close()
		if err != nil {
			io.Copy(io.Discard, r.Body)
			return f, answer.UploadReadError(err)
		}
	}
}

// readFile reads one file part. After a refusal (kept in refused, the
// first one only) the files are dropped and the rest is only read through.
func (f *portalUploadForm) readFile(part *multipart.Part, refused *error) error {
	if *refused != nil {
		_, err := io.Copy(io.Discard, part)
		return err
	}
	file, err := answer.ReadUploadPart(part)
	switch {
	case emessage.ErrorCode(err) == emessage.ETooLarge:
		*refused = err
		f.names = []string{file.Name}
	case err != nil:
		return err
	case file.Name == "" && len(file.Data) == 0:
		return nil // the field was left empty
	case len(f.files) == emessage.MaxUploadsPerItem:
		*refused = emessage.TooManyFiles()
	default:
		f.files = append(f.files, file)
		f.names = append(f.names, file.Name)
		return nil
	}
	f.files = nil
	_, err = io.Copy(io.Discard, part)
	return err
}
