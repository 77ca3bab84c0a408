package answer

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/county/emessage"
)

// MaxUploadBody bounds a whole upload request: five files of the largest
// size, and room for the multipart framing.
const MaxUploadBody = emessage.MaxUploadsPerItem*emessage.MaxUploadSize + 1<<20

// ReadUploadPart reads one file part into memory, at most the upload size
// limit: a larger file is refused (TooLarge) without reading it all.
func ReadUploadPart(part *multipart.Part) (emessage.UploadFile, error) {
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

// UploadReadError is a read error of an upload body as the client sees it;
// our own refusals pass through.
func UploadReadError(err error) error {
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
