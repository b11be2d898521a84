package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.Errorf("%s", fmt.Sprint(args...))
	runtime.Goexit()
}

// check runs Check on r in its own goroutine, as a test runs, so that
// Fatalf can stop it.
func check(r *recorder, path string, got []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, path, got)
	}()
	<-done
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.json")

	r := &recorder{TB: t}
	check(r, path, []byte("a\nb\n"))
	if len(r.failed) != 1 || !strings.Contains(r.failed[0], "-update") {
		t.Fatalf("missing file: failures %q, want one naming -update", r.failed)
	}

	*update = true
	r = &recorder{TB: t}
	check(r, path, []byte("a\nb\n"))
	*update = false
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" || len(r.failed) != 0 {
		t.Fatalf("-update wrote %q, %v; failures %q", b, err, r.failed)
	}

	r = &recorder{TB: t}
	check(r, path, []byte("a\nb\n"))
	if len(r.failed) != 0 {
		t.Fatalf("same output: failures %q", r.failed)
	}

	r = &recorder{TB: t}
	check(r, path, []byte("a\nc\n"))
	if len(r.failed) != 1 || !strings.Contains(r.failed[0], "(-want +got)") {
		t.Fatalf("changed output: failures %q, want one diff", r.failed)
	}
}
