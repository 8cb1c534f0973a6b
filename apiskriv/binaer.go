package apiskriv

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// MaxBinaerUpload is the largest binary object Upload sends. The API
// documents no limit; the body is held in memory so that it can be sent
// again after a 429.
const MaxBinaerUpload = 64 << 20

// BinaerService uploads and downloads binary objects (rest/v3/binaer):
// photos, drawings and documents that a binary egenskap of a vegobjekt
// refers to by id (Egenskap.Binaer.RessursID; see Vegobjekt.WithBinaer).
type BinaerService service

func (s *BinaerService) svc() *service { return (*service)(s) }

var (
	// Every upload makes a new object, so it is not repeated after a
	// network failure or 5xx.
	binaerUpload   = opOf[string, binaerID](endpoint.Spec{Name: "Binaer.Upload", Method: http.MethodPost, Accept: "application/json"})
	binaerDownload = endpoint.Spec{Name: "Binaer.Download", Accept: "*/*"}
)

// Upload sends body as a new binary object (POST rest/v3/binaer) with the
// given Content-Type (for example "image/png") and, when filename is not
// empty, Content-Disposition: filename="…" for the caller's own reference.
// The API answers 201 with Location and the object's UUID as a JSON
// string, which Upload returns.
//
// Every upload makes a new object, so the request is not repeated after a
// network failure or 5xx; a 429 (the server did nothing) is retried.
func (s *BinaerService) Upload(ctx context.Context, contentType, filename string, body io.Reader) (string, error) {
	id, err := binaerUpload.Do(ctx, s.svc(), uploadRequest(contentType, filename, body))
	if err != nil {
		return "", err
	}
	return *id, nil
}

// uploadRequest checks the upload and reads body (at most MaxBinaerUpload
// bytes), so that it can be sent again after a 429.
func uploadRequest(contentType, filename string, body io.Reader) endpoint.Request {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.Contains(mt, "/") {
		return endpoint.Fail(invalid("content type %q is not a media type", contentType))
	}
	if strings.ContainsAny(filename, "\"\r\n\\") {
		return endpoint.Fail(invalid("filename %q must not contain quotes, backslashes or line breaks", filename))
	}
	if body == nil {
		return endpoint.Fail(invalid("nil body"))
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxBinaerUpload+1))
	if err != nil {
		return endpoint.Fail(fmt.Errorf("apiskriv: reading the binary object: %w", err))
	}
	if len(b) > MaxBinaerUpload {
		return endpoint.Fail(invalid("binary object larger than %d bytes", MaxBinaerUpload))
	}
	if len(b) == 0 {
		return endpoint.Fail(invalid("empty binary object"))
	}
	h := http.Header{}
	if filename != "" {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename})[len("attachment; "):])
	}
	return endpoint.Request{Path: "rest/v3/binaer", Body: b, ContentType: contentType, Header: h}
}

// Binaerobjekt is a downloaded binary object. Read Body and close it.
type Binaerobjekt struct {
	ID          string
	ContentType string // as given at upload
	Filename    string // from Content-Disposition, "" when none was given
	Size        int64  // Content-Length, -1 when the server did not say
	Body        io.ReadCloser
}

// Download fetches a binary object (GET rest/v3/binaer/{id}). The bytes
// stream from the connection: the caller must close Body. A body that
// breaks off is reported by Body's Read and not repeated, since part of it
// may already have been used.
func (s *BinaerService) Download(ctx context.Context, id string) (*Binaerobjekt, error) {
	resp, err := binaerDownload.Open(ctx, s.svc().transport(), downloadRequest(id))
	if err != nil {
		return nil, err
	}
	o := &Binaerobjekt{ID: id, ContentType: resp.Header.Get("Content-Type"), Size: resp.ContentLength, Body: resp.Body}
	if cd := resp.Header.Get("Content-Disposition"); cd != "" {
		o.Filename = dispositionFilename(cd)
	}
	return o, nil
}

func downloadRequest(id string) endpoint.Request {
	if !uuidRE.MatchString(id) {
		return endpoint.Fail(invalid("binary object id must be a UUID, got %q", id))
	}
	p, err := transport.JoinPath("rest/v3/binaer", id)
	if err != nil {
		return endpoint.Fail(invalid("%v", err))
	}
	return endpoint.Request{Path: p}
}

// dispositionFilename reads filename from a Content-Disposition value. The
// API's own example sends it without a disposition type
// (filename="N808080-1.png"), which mime.ParseMediaType refuses.
func dispositionFilename(cd string) string {
	if _, params, err := mime.ParseMediaType(cd); err == nil {
		return params["filename"]
	}
	if _, params, err := mime.ParseMediaType("attachment; " + cd); err == nil {
		return params["filename"]
	}
	return ""
}

// WithBinaer sets a binary egenskap to an uploaded object (the id Upload
// returned); format is the file format the datakatalog names for the
// egenskap, or "".
func (v *Vegobjekt) WithBinaer(typeID int, ressursID, format string) *Vegobjekt {
	v.Egenskaper = append(v.Egenskaper, Egenskap{TypeID: typeID, Binaer: &Binaer{RessursID: ressursID, Format: format}})
	return v
}
