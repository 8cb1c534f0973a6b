package synsbasen_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/synsbasen"
	"github.com/vegdata/go-vegdata/synsbasen/synsbasentest"
)

func TestNormalizeRegistration(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"AS87640", "AS87640", true},
		{"as 87 640", "AS87640", true},
		{"AS-87-640", "AS87640", true},
		{"grøn1", "GRØN1", true},
		{"æøå", "ÆØÅ", true},
		{"", "", false},
		{"AS/87640", "", false},
		{"AS.87640", "", false},
		{"ABCDEFGHIJK", "", false},
		{"AS%2F8", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := synsbasen.NormalizeRegistration(tt.in)
			if !tt.ok {
				assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNullableInt(t *testing.T) {
	tests := []struct {
		in   string
		want synsbasen.NullableInt
		out  string
	}{
		{`2019`, synsbasen.NullableInt{Int64: 2019, Valid: true}, `2019`},
		{`"2019"`, synsbasen.NullableInt{Int64: 2019, Valid: true}, `2019`},
		{`null`, synsbasen.NullableInt{}, `null`},
		{`""`, synsbasen.NullableInt{}, `null`},
	}
	for _, tt := range tests {
		var n synsbasen.NullableInt
		require.NoError(t, json.Unmarshal([]byte(tt.in), &n), tt.in)
		assert.Equal(t, tt.want, n)
		b, err := json.Marshal(n)
		require.NoError(t, err)
		assert.Equal(t, tt.out, string(b))
	}
	var n synsbasen.NullableInt
	assert.Error(t, json.Unmarshal([]byte(`"twenty"`), &n))
	assert.Error(t, json.Unmarshal([]byte(`20.5`), &n))
}

// Where with a typed slice works like In.
func TestWhereWithTypedSlice(t *testing.T) {
	q := &synsbasen.Search{Query: synsbasen.Query{synsbasen.Where("brand", synsbasen.PredIn, []string{"AUDI", "TESLA"})}}
	b, err := json.Marshal(q)
	require.NoError(t, err)
	assert.Equal(t, `{"query":{"brand_in":["AUDI","TESLA"]},"method":"SELECT"}`, string(b))

	srv := synsbasentest.NewServer()
	defer srv.Close()
	p, err := newClient(t, srv).Vehicles.Search(context.Background(), q)
	require.NoError(t, err)
	require.NotEmpty(t, p.Items)
	for _, v := range p.Items {
		assert.Contains(t, []string{"AUDI", "TESLA"}, *v.Brand)
	}
	_, err = newClient(t, srv).Vehicles.Search(context.Background(), &synsbasen.Search{Query: synsbasen.Query{
		synsbasen.Where("brand", synsbasen.PredIn, []string{})}})
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
	_, err = newClient(t, srv).Vehicles.Search(context.Background(), &synsbasen.Search{Query: synsbasen.Query{
		synsbasen.Where("brand", synsbasen.PredEq, []string{"AUDI"})}})
	assert.ErrorIs(t, err, synsbasen.ErrInvalidArgument)
}
