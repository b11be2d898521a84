package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/newsfind/newsfind/schema"
)

// TestGenerationWrites: every kind of write moves the generation forward
// by the time it returns, reads do not, and no two stores share one.
func TestGenerationWrites(t *testing.T) {
	s, err := Open("", Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open("", Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if s.Generation() == other.Generation() {
		t.Fatalf("two stores share generation %d", s.Generation())
	}
	if s.Generation() == 0 {
		t.Fatal("a new store has generation 0")
	}
	for _, tc := range []struct {
		name   string
		write  func() error
		change bool
	}{
		{"apply create", func() error { _, err := s.Apply([]Op{{ID: "a", Article: article("a", 2)}}); return err }, true},
		{"apply update", func() error { _, err := s.Apply([]Op{{ID: "a", Article: article("a", 1)}}); return err }, true},
		{"start and wait", func() error { _, err := s.Start([]Op{{ID: "b", Article: article("b", 0)}}).Wait(); return err }, true},
		{"delete", func() error { _, err := s.Apply([]Op{{ID: "b"}}); return err }, true},
		{"batch over both shards", func() error {
			var ops []Op
			for i := range 8 {
				id := fmt.Sprintf("c%d", i)
				ops = append(ops, Op{ID: id, Article: article(id, 1)})
			}
			_, err := s.Apply(ops)
			return err
		}, true},
		{"get", func() error { _, err := s.Get("a"); return err }, false},
		{"count", func() error { _, err := s.Count(); return err }, false},
		{"merge", func() error { return s.Merge(context.Background()) }, false},
		{"empty apply", func() error { _, err := s.Apply(nil); return err }, false},
	} {
		before := s.Generation()
		if err := tc.write(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		after := s.Generation()
		switch {
		case tc.change && after <= before:
			t.Errorf("%s: generation %d → %d, want it to grow before the call returns", tc.name, before, after)
		case !tc.change && after != before:
			t.Errorf("%s: generation %d → %d, want it unchanged", tc.name, before, after)
		}
	}
}

// TestGenerationOnFailedWrite: a write that fails still moves the
// generation (one of its commits may have happened).
func TestGenerationOnFailedWrite(t *testing.T) {
	s, err := Open("", Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Swap in a closed quote index: the article commit may succeed while
	// the write as a whole fails.
	closed, err := bleve.NewUsing("", schema.NewQuoteMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	live := s.quotes[0]
	s.quotes[0] = closed
	defer func() { s.quotes[0] = live }()
	before := s.Generation()
	if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 1)}}); err == nil {
		t.Fatal("write to a closed quote index succeeded")
	}
	if after := s.Generation(); after <= before {
		t.Errorf("generation %d → %d after a failed write, want it to grow", before, after)
	}
}

// TestGenerationMergeOnDisk: merging segments on disk changes no answer,
// so it keeps the generation; writes on disk move it.
func TestGenerationMergeOnDisk(t *testing.T) {
	s, err := Open(t.TempDir(), Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for b := range 3 {
		before := s.Generation()
		id := fmt.Sprintf("a%d", b)
		if _, err := s.Apply([]Op{{ID: id, Article: article(id, 1)}}); err != nil {
			t.Fatal(err)
		}
		if s.Generation() <= before {
			t.Fatalf("write %d on disk kept generation %d", b, before)
		}
	}
	before := s.Generation()
	if err := s.Merge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Generation() != before {
		t.Errorf("merge moved generation %d → %d", before, s.Generation())
	}
}

// TestGenerationConcurrentWrites: overlapping writes leave the newest
// generation; it never goes back, as a reader polling it sees.
func TestGenerationConcurrentWrites(t *testing.T) {
	s, err := Open("", Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan struct{})
	var back error
	var rwg sync.WaitGroup
	rwg.Add(1)
	go func() {
		defer rwg.Done()
		last := s.Generation()
		for {
			select {
			case <-done:
				return
			default:
			}
			g := s.Generation()
			if g < last {
				back = fmt.Errorf("generation went back %d → %d", last, g)
				return
			}
			last = g
		}
	}()
	before := s.Generation()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("w%d", w)
			if _, err := s.Apply([]Op{{ID: id, Article: article(id, 1)}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(done)
	rwg.Wait()
	if back != nil {
		t.Error(back)
	}
	if s.Generation() < before+8 {
		t.Errorf("8 writes moved generation %d → %d, want at least 8 steps", before, s.Generation())
	}
}
