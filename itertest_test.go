package vegdata_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/itertest"
)

// TestExportedIterators: internal/itertest's finder, which every package's
// reliability registry relies on, finds the exported functions and methods
// of exported types that return iter.Seq or iter.Seq2, whatever the
// receiver form; unexported ones, parameters of iterator type and test
// files it leaves out. It lives here with the project's other go/ast
// checks, so that a test helper needs no test binary of its own.
func TestExportedIterators(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import "iter"

type Service struct{}
type Gen[T any] struct{}
type hidden struct{}

func (s *Service) All() iter.Seq2[*int, error]        { return nil }
func (s Service) Keys() iter.Seq[int]                 { return nil }
func (g *Gen[T]) Pages() (iter.Seq2[*T, error])       { return nil }
func (h *hidden) All() iter.Seq2[*int, error]         { return nil }
func (s *Service) list() iter.Seq2[*int, error]       { return nil }
func (s *Service) Get() (*int, error)                 { return nil, nil }
func Write(seq iter.Seq2[*int, error]) (int, error)   { return 0, nil }
func Merge() iter.Seq2[string, error]                 { return nil }
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p_test.go"), []byte("package p\n\nimport \"iter\"\n\nfunc Extra() iter.Seq[int] { return nil }\n"), 0o600))
	assert.Equal(t, []string{"Gen.Pages", "Merge", "Service.All", "Service.Keys"}, itertest.ExportedIterators(t, dir))

	// Repeats in the covered list are allowed.
	itertest.RequireCovered(t, dir, []string{"Service.All", "Service.All", "Gen.Pages", "Merge", "Service.Keys"})
}
