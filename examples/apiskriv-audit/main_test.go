package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func noEnv(string) string { return "" }

func TestAuditObject(t *testing.T) {
	for _, format := range []string{"json", "xml"} {
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), &out, []string{"-vegobjekt", "737948714", "-format", format}, noEnv))
		assert.Equal(t, `(no APISKRIV_USERNAME/APISKRIV_PASSWORD: using the built-in fake)
TIDSPUNKT            BRUKER  OPPDRAG  TYPE  VEGOBJEKT  VERSJON  ENDRING  STARTDATO
2016-09-20T09:12:46  olanor  3466724  83    737948714  1        NY       2016-09-20
1 endringer
`, out.String())
	}
}

func TestAuditUserSince(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, []string{"-bruker", "karnor", "-fra", "2020-06-01"}, noEnv))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Greater(t, len(lines), 3)
	assert.True(t, strings.HasPrefix(lines[1], "TIDSPUNKT"))
	for _, l := range lines[2 : len(lines)-1] {
		f := strings.Fields(l)
		assert.Equal(t, "karnor", f[1])
		assert.GreaterOrEqual(t, f[0], "2020-06-01")
	}
	assert.Contains(t, lines[len(lines)-1], "endringer")

	// Nothing before the start date leaks in, and olanor's seed is absent.
	assert.NotContains(t, out.String(), "737948714")
}

func TestAuditArguments(t *testing.T) {
	tests := [][]string{
		{},
		{"-bruker", "olanor", "-vegobjekt", "1"},
		{"-bruker", "olanor", "-fra", "01.01.2020"},
		{"-vegobjekt", "1", "-format", "yaml"},
		{"-ukjent"},
	}
	for _, args := range tests {
		var out bytes.Buffer
		assert.Error(t, run(context.Background(), &out, args, noEnv), args)
	}
}

func TestAuditRealCredentialsNeedHTTPS(t *testing.T) {
	env := map[string]string{"APISKRIV_USERNAME": "u", "APISKRIV_PASSWORD": "topphemmelig", "APISKRIV_BASE_URL": "http://example.com"}
	var out bytes.Buffer
	err := run(context.Background(), &out, []string{"-bruker", "u"}, func(k string) string { return env[k] })
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "topphemmelig")
	assert.NotContains(t, out.String(), "topphemmelig")
}

func Example() {
	if err := run(context.Background(), os.Stdout, []string{"-vegobjekt", "737948714"}, noEnv); err != nil {
		fmt.Println(err)
	}
	// Output:
	// (no APISKRIV_USERNAME/APISKRIV_PASSWORD: using the built-in fake)
	// TIDSPUNKT            BRUKER  OPPDRAG  TYPE  VEGOBJEKT  VERSJON  ENDRING  STARTDATO
	// 2016-09-20T09:12:46  olanor  3466724  83    737948714  1        NY       2016-09-20
	// 1 endringer
}
