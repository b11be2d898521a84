package quotes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/golden"
	"github.com/newsfind/newsfind/schema"
)

// TestGolden pins the quotes of whole articles: testdata/golden/<name>.txt
// against <name>.golden.json (rewrite with go test -update).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	x := New()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := x.Extract(string(b), nil, nil, nil)
			checkOffsets(t, string(b), got)
			if got == nil {
				got = []schema.Quote{}
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(f, ".txt")+".golden.json", append(out, '\n'))
		})
	}
}
