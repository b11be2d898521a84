package ner

import (
	"math/rand/v2"
	"testing"
)

func TestFeatTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 5000)
	for i := range keys {
		keys[i] = mix64(rng.Uint64())
	}
	keys[0] = 0 // zero is a valid key
	tab := newFeatTable(keys)
	for i, k := range keys {
		if got := tab.get(k); got != int32(i) {
			t.Fatalf("get(key %d) = %d, want %d", i, got, i)
		}
	}
	for i := 0; i < 5000; i++ {
		if got := tab.get(mix64(rng.Uint64())); got != -1 {
			t.Fatalf("random key found with value %d", got)
		}
	}
	empty := newFeatTable(nil)
	if got := empty.get(42); got != -1 {
		t.Errorf("empty table get = %d", got)
	}
}

func TestGazetteerMatch(t *testing.T) {
	ps := newPhraseSet()
	ps.addWords([]string{"New", "York"}, gazCity)
	ps.addWords([]string{"York"}, gazCity)
	ps.addWords([]string{"United", "States"}, gazCountry)
	words := []string{"the", "new", "York", "office", "of", "United", "States", "firms"}
	infos := make([]tokInfo, len(words))
	for i, w := range words {
		computeInfo(w, &resources{}, &infos[i])
	}
	for _, frozen := range []bool{false, true} {
		if frozen {
			ps.freeze()
		}
		matchGazetteers([]*phraseSet{ps}, infos)
		want := []uint32{
			0,
			1 << (3*gazCity + 1),
			1<<(3*gazCity+2) | 1<<(3*gazCity), // inside "new York" and "York" alone
			0, 0,
			1 << (3*gazCountry + 1),
			1 << (3*gazCountry + 2),
			0,
		}
		for i := range words {
			if infos[i].gaz != want[i] {
				t.Errorf("frozen=%v %q: gaz = %b, want %b", frozen, words[i], infos[i].gaz, want[i])
			}
		}
	}
}
