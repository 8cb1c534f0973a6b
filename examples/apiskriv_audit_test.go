package examples_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPISkrivAuditObject(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"json", "xml"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			r := runProgram(t, "apiskriv-audit", nil, "-vegobjekt", "737948714", "-format", format)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, `(no APISKRIV_USERNAME/APISKRIV_PASSWORD: using the built-in fake)
TIDSPUNKT            BRUKER  OPPDRAG  TYPE  VEGOBJEKT  VERSJON  ENDRING  STARTDATO
2016-09-20T09:12:46  olanor  3466724  83    737948714  1        NY       2016-09-20
1 endringer
`, r.stdout)
			assert.Empty(t, r.stderr)
		})
	}
}

func TestAPISkrivAuditUserSince(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "apiskriv-audit", nil, "-bruker", "karnor", "-fra", "2020-06-01")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Greater(t, len(lines), 3)
	assert.True(t, strings.HasPrefix(lines[1], "TIDSPUNKT"))
	for _, l := range lines[2 : len(lines)-1] {
		f := strings.Fields(l)
		assert.Equal(t, "karnor", f[1])
		assert.GreaterOrEqual(t, f[0], "2020-06-01")
	}
	assert.Contains(t, lines[len(lines)-1], "endringer")

	// Nothing before the start date leaks in, and olanor's seed is absent.
	assert.NotContains(t, r.stdout, "737948714")
}

func TestAPISkrivAuditArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"-bruker", "olanor", "-vegobjekt", "1"},
		{"-bruker", "olanor", "-fra", "01.01.2020"},
		{"-vegobjekt", "1", "-format", "yaml"},
		{"-ukjent"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := runProgram(t, "apiskriv-audit", nil, args...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, "apiskriv-audit: ")
		})
	}
}

func TestAPISkrivAuditRealCredentialsNeedHTTPS(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "apiskriv-audit", map[string]string{"APISKRIV_USERNAME": "u",
		"APISKRIV_PASSWORD": "topphemmelig", "APISKRIV_BASE_URL": "http://example.com"}, "-bruker", "u")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "apiskriv-audit: ")
	assert.NotContains(t, r.stdout+r.stderr, "topphemmelig")
}
