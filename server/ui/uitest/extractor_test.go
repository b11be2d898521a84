package uitest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/extract"
)

// extractor is the extraction the fixture corpus is indexed with: the real
// pipeline (embedded NER model, resolver, quote rules). The tests compare the
// page with the API of the same server, so they hold whatever the models
// find. NEWSFIND_UI_EXTRACTOR=lexicon swaps in the fixed lexicon extractor,
// to tell a UI regression from an extraction change.
func extractor(t *testing.T) indexer.Extractor {
	t.Helper()
	if os.Getenv("NEWSFIND_UI_EXTRACTOR") == "lexicon" {
		x, err := loadLexicon(filepath.Join("testdata", "lexicon.json"))
		if err != nil {
			t.Fatalf("load lexicon: %v", err)
		}
		return x
	}
	p, err := extract.Default()
	if err != nil {
		t.Fatalf("load the extraction pipeline: %v", err)
	}
	return p
}
