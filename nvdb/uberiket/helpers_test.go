package uberiket

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/oas"
)

// readSample reads shared/reference/samples/nvdb-les/<name> from beside
// the repository root; the test is skipped when it is absent.
func readSample(t *testing.T, name string) []byte {
	t.Helper()
	ref, err := oas.ReferenceDir()
	if err != nil {
		t.Skipf("skipping: the shared reference samples are absent (%v)", err)
	}
	b, err := os.ReadFile(filepath.Join(ref, "samples", "nvdb-les", name))
	require.NoError(t, err)
	return b
}

// loadSpec loads the official Uberiket specification, or skips.
func loadSpec(t *testing.T) *oas.Spec {
	t.Helper()
	spec, err := oas.LoadReference("nvdb-uberiket.json")
	if errors.Is(err, oas.ErrNotFound) {
		t.Skipf("skipping: the shared reference folder with the official OpenAPI files is absent (%v)", err)
	}
	require.NoError(t, err)
	return spec
}

// violations lists the spec violations of err except the one NVDB's real
// answers always show: kjorefelt left out of a stedfesting without lanes.
func violations(err error) []string {
	var ve *oas.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			return []string{err.Error()}
		}
		return nil
	}
	var out []string
	for _, v := range ve.Violations {
		if strings.HasSuffix(v.Pointer, "/kjorefelt") && strings.Contains(v.Message, "is missing") {
			continue
		}
		out = append(out, v.String())
	}
	return out
}

type checker interface{ check() error }

// roundTrip decodes raw into v, checks it, encodes it again and asserts
// the JSON is the same (members and values; key order and number spelling
// aside). It returns the encoded JSON.
func roundTrip(t *testing.T, raw []byte, v checker) []byte {
	t.Helper()
	require.NoError(t, json.Unmarshal(raw, v))
	require.NoError(t, v.check())
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out))
	return out
}
