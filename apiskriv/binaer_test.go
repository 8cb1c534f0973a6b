package apiskriv_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func TestBinaerUploadDownload(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t, f, nil)
			ctx := context.Background()
			var m apiskriv.Meta
			id, err := e.c.Binaer.Upload(vegdata.CaptureMeta(ctx, &m), "image/png", "N808080-1.png", bytes.NewReader(pngBytes))
			require.NoError(t, err)
			assert.Regexp(t, `^[0-9a-f-]{36}$`, id)
			assert.Equal(t, 201, m.StatusCode)
			assert.Equal(t, e.srv.URL+"/rest/v3/binaer/"+id, m.Header.Get("Location"))

			reqs := e.srv.Requests()
			post := reqs[len(reqs)-1]
			assert.Equal(t, "POST", post.Method)
			assert.Equal(t, "/rest/v3/binaer", post.Path)
			assert.Equal(t, "image/png", post.Header.Get("Content-Type"))
			assert.Equal(t, `filename=N808080-1.png`, post.Header.Get("Content-Disposition"))
			ct, data, ok := e.srv.Binaer(id)
			require.True(t, ok)
			assert.Equal(t, "image/png", ct)
			assert.Equal(t, pngBytes, data)

			obj, err := e.c.Binaer.Download(vegdata.CaptureMeta(ctx, &m), id)
			require.NoError(t, err)
			defer obj.Body.Close()
			got, err := io.ReadAll(obj.Body)
			require.NoError(t, err)
			assert.Equal(t, pngBytes, got)
			assert.Equal(t, "image/png", obj.ContentType)
			assert.Equal(t, "N808080-1.png", obj.Filename)
			assert.Equal(t, int64(len(pngBytes)), obj.Size)
			assert.Equal(t, 200, m.StatusCode)

			// The id goes into a binary egenskap of an endringssett.
			doc := apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).
				AddRegistrer(apiskriv.NyttVegobjekt(95, "skilt#1").WithBinaer(1234, id, "PNG"))
			require.NoError(t, doc.Check())
			st, err := e.c.Endringssett.Validate(ctx, doc, nil)
			require.NoError(t, err)
			assert.Empty(t, st.AlleFeil())
		})
	}
}

func TestBinaerWithoutFilenameAndUnknownID(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	id, err := e.c.Binaer.Upload(ctx, "application/pdf", "", strings.NewReader("%PDF-1.4"))
	require.NoError(t, err)
	reqs := e.srv.Requests()
	assert.Empty(t, reqs[len(reqs)-1].Header.Get("Content-Disposition"))
	obj, err := e.c.Binaer.Download(ctx, id)
	require.NoError(t, err)
	require.NoError(t, obj.Body.Close())
	assert.Equal(t, "", obj.Filename)
	assert.Equal(t, "application/pdf", obj.ContentType)

	_, err = e.c.Binaer.Download(ctx, "12d57307-8ba8-4866-8373-153768cfbd09")
	assert.ErrorIs(t, err, apiskriv.ErrNotFound)
}

func TestBinaerBadInputRefusedBeforeRequest(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	before := len(e.srv.Requests())
	tests := []struct {
		name string
		call func() error
	}{
		{"no content type", func() error { _, err := e.c.Binaer.Upload(ctx, "", "", bytes.NewReader(pngBytes)); return err }},
		{"not a media type", func() error { _, err := e.c.Binaer.Upload(ctx, "png", "", bytes.NewReader(pngBytes)); return err }},
		{"quote in filename", func() error {
			_, err := e.c.Binaer.Upload(ctx, "image/png", `a"b.png`, bytes.NewReader(pngBytes))
			return err
		}},
		{"nil body", func() error { _, err := e.c.Binaer.Upload(ctx, "image/png", "", nil); return err }},
		{"empty body", func() error { _, err := e.c.Binaer.Upload(ctx, "image/png", "", strings.NewReader("")); return err }},
		{"bad id", func() error { _, err := e.c.Binaer.Download(ctx, "../x"); return err }},
		{"binaer egenskap without uploaded id", func() error {
			return apiskriv.NewEndringssett("2.37").AddRegistrer(apiskriv.NyttVegobjekt(95, "a").WithBinaer(1234, "x", "")).Check()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, tt.call(), apiskriv.ErrInvalidArgument)
		})
	}
	assert.Len(t, e.srv.Requests(), before)
}

func TestBinaerUploadNotRepeatedAfter503ButAfter429(t *testing.T) {
	e := newEnv(t, apiskriv.JSON, nil)
	ctx := context.Background()
	_, err := e.c.Binaer.Upload(ctx, "image/png", "", bytes.NewReader(pngBytes)) // logs in
	require.NoError(t, err)

	before := len(e.srv.Requests())
	e.srv.Script(apiskrivtest.Fault{Status: 503})
	_, err = e.c.Binaer.Upload(ctx, "image/png", "", bytes.NewReader(pngBytes))
	require.Error(t, err)
	assert.Equal(t, before+1, len(e.srv.Requests()), "an upload that may have been stored is not sent again")

	before = len(e.srv.Requests())
	e.srv.Script(apiskrivtest.Fault{Status: 429, RetryAfter: "0"})
	id, err := e.c.Binaer.Upload(ctx, "image/png", "", bytes.NewReader(pngBytes))
	require.NoError(t, err)
	assert.NotEmpty(t, id)
	assert.Equal(t, before+2, len(e.srv.Requests()), "a 429 stored nothing, so it is retried")
}
