// Package golden checks a test's output against a golden file, or
// rewrites the file from the output when the tests run with -update
// (go test ./internal/quotes -update, say; see each test for what it
// pins). It defines the -update flag once for every test binary that
// imports it. Import it from tests only: a command that imported it
// would take the flag too.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// Update reports whether the tests run with -update, for a test that
// records more than its golden file (the input it replays) or compares
// in its own way.
func Update() bool { return *update }

// Check compares got with the file at path and fails t with a line diff
// when they differ. With -update it writes got to path instead, creating
// the directory if need be.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); rerun with -update if the change is intended:\n%s", path, diff)
	}
}
