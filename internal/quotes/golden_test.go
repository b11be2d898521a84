package quotes

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden.json")

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
			gf := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				out, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(gf, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wb, err := os.ReadFile(gf)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			var want []schema.Quote
			if err := json.Unmarshal(wb, &want); err != nil {
				t.Fatalf("%s: %v", gf, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("quotes differ from %s (-want +got):\n%s", gf, d)
			}
		})
	}
}
