package apiskrivtest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// maxBinaer bounds an uploaded object in the fake.
const maxBinaer = 64 << 20

type binaerRec struct {
	contentType string
	disposition string
	data        []byte
	owner       string
}

// uploadBinaer answers POST rest/v3/binaer (raw bytes, or multipart with
// the field "content" as from the documented HTML form) with 201, Location
// and the id as a JSON string.
func (s *Server) uploadBinaer(w http.ResponseWriter, r *http.Request, u User) {
	ct := r.Header.Get("Content-Type")
	disp := r.Header.Get("Content-Disposition")
	var data []byte
	var err error
	if mt, _, _ := mime.ParseMediaType(ct); mt == "multipart/form-data" {
		if err = r.ParseMultipartForm(maxBinaer); err == nil {
			f, fh, ferr := r.FormFile("content")
			if ferr != nil {
				writeFault(w, r, http.StatusBadRequest, "Skjemafeltet content mangler")
				return
			}
			defer f.Close()
			data, err = io.ReadAll(f)
			ct = fh.Header.Get("Content-Type")
			disp = mime.FormatMediaType("attachment", map[string]string{"filename": fh.Filename})
		}
	} else {
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBinaer))
	}
	switch {
	case err != nil:
		writeFault(w, r, http.StatusRequestEntityTooLarge, "Binærobjektet er for stort eller kunne ikke leses")
		return
	case ct == "":
		writeFault(w, r, http.StatusUnsupportedMediaType, "Content-Type mangler")
		return
	case len(data) == 0:
		writeFault(w, r, http.StatusBadRequest, "Binærobjektet er tomt")
		return
	}
	id := transport.NewUUID()
	s.mu.Lock()
	if s.more.binaer == nil {
		s.more.binaer = map[string]binaerRec{}
	}
	s.more.binaer[id] = binaerRec{contentType: ct, disposition: disp, data: data, owner: u.Brukernavn}
	s.mu.Unlock()
	b, _ := json.Marshal(id)
	w.Header().Set("Location", s.base(r)+"/rest/v3/binaer/"+id)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(b)
}

// downloadBinaer answers GET rest/v3/binaer/{id} with the bytes and the
// Content-Type and Content-Disposition given at upload.
func (s *Server) downloadBinaer(w http.ResponseWriter, r *http.Request, _ User) {
	id := strings.ToLower(r.PathValue("id"))
	s.mu.Lock()
	rec, ok := s.more.binaer[id]
	s.mu.Unlock()
	if !ok {
		writeFault(w, r, http.StatusNotFound, "Fant ikke binærobjekt med id "+r.PathValue("id"))
		return
	}
	w.Header().Set("Content-Type", rec.contentType)
	if rec.disposition != "" {
		w.Header().Set("Content-Disposition", rec.disposition)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rec.data)))
	_, _ = w.Write(rec.data)
}

// Binaer returns the content type and bytes of an uploaded object, for
// tests that check what arrived.
func (s *Server) Binaer(id string) (contentType string, data []byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.more.binaer[strings.ToLower(id)]
	return rec.contentType, append([]byte(nil), rec.data...), ok
}
