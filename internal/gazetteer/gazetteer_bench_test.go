package gazetteer

import "testing"

func BenchmarkBest(b *testing.B) {
	g := defaultGazetteer(b)
	names := []string{"U.S.", "Jakarta", "Georgia", "Syria", "São Paulo", "Nowhereville"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		g.Best(names[i%len(names)], nil)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		f, err := openEmbedded()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Load(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
