package oas

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReferenceDirOnlyBesideRoot: the reference folder is looked for
// beside the repository root (the directory holding go.mod) and nowhere
// else, so an unrelated shared/reference higher up is never read.
func TestReferenceDirOnlyBesideRoot(t *testing.T) {
	spec := `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}`
	mk := func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, "shared", "reference", "openapi")
		require.NoError(t, os.MkdirAll(p, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(p, "x.json"), []byte(spec), 0o644))
	}
	for _, tc := range []struct {
		name      string
		sharedAt  string // relative to the temp dir; "" for none
		wantFound bool
	}{
		{"beside the root", "work", true},
		{"higher up only", "", false},
		{"inside the repository", "work/repo", false},
		{"none", "-", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := t.TempDir()
			repo := filepath.Join(top, "work", "repo")
			pkg := filepath.Join(repo, "a", "b")
			require.NoError(t, os.MkdirAll(pkg, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module example.com/x\n"), 0o644))
			switch tc.sharedAt {
			case "-":
			case "":
				mk(t, top) // <top>/shared: two levels above the root, unrelated
			default:
				mk(t, filepath.Join(top, tc.sharedAt))
			}
			t.Chdir(pkg)
			dir, err := ReferenceDir()
			s, lerr := LoadReference("x.json")
			if tc.wantFound {
				require.NoError(t, err)
				assert.Equal(t, filepath.Join(top, "work", "shared", "reference"), dir)
				require.NoError(t, lerr)
				assert.NotNil(t, s)
				return
			}
			assert.True(t, errors.Is(err, ErrNotFound), "got %v", err)
			assert.True(t, errors.Is(lerr, ErrNotFound), "got %v", lerr)
		})
	}
}
