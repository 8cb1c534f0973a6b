package apiskriv_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/apiskriv"
)

func TestRegelsett(t *testing.T) {
	tests := []struct {
		f       apiskriv.Format
		typ     apiskriv.RegelsettType
		ct      string
		root    string
		version string
	}{
		{apiskriv.XML, apiskriv.RegelsettVeglenke, "application/xml", "<regelsett", "<versjon>"},
		{apiskriv.JSON, apiskriv.RegelsettVegnettobjekttype, "application/json", `"type":"vegnettobjekttype"`, `"nummer"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			e := newEnv(t, tt.f, nil)
			ctx := context.Background()
			r, err := e.c.Regelsett.Get(ctx, tt.typ)
			require.NoError(t, err)
			assert.Equal(t, tt.typ, r.Type)
			assert.Contains(t, r.ContentType, tt.ct)
			assert.Contains(t, string(r.Dokument), tt.root)
			reqs := e.srv.Requests()
			assert.Equal(t, "/rest/v1/regelsett/"+string(tt.typ), reqs[len(reqs)-1].Path)

			v, err := e.c.Regelsett.Versjon(ctx, tt.typ)
			require.NoError(t, err)
			assert.Contains(t, string(v.Dokument), tt.version)
			reqs = e.srv.Requests()
			assert.Equal(t, "/rest/v1/regelsett/"+string(tt.typ)+"/versjon", reqs[len(reqs)-1].Path)
		})
	}
	e := newEnv(t, apiskriv.JSON, nil)
	before := len(e.srv.Requests())
	_, err := e.c.Regelsett.Get(context.Background(), "lenke")
	assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument, "the old name is refused before a request")
	assert.Len(t, e.srv.Requests(), before)
}
