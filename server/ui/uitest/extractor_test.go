package uitest

import (
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/indexer"
)

// extractor is the extraction the fixture corpus is indexed with.
func extractor(t *testing.T) indexer.Extractor {
	t.Helper()
	x, err := loadLexicon(filepath.Join("testdata", "lexicon.json"))
	if err != nil {
		t.Fatalf("load lexicon: %v", err)
	}
	return x
}
