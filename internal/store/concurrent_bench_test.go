package store

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkApplySmallConcurrent is the server's write load: 8 clients each
// writing one article at a time (PUT /api/articles, small bulk bodies) into
// an on-disk 2-shard store, every write acknowledged only once persisted.
func BenchmarkApplySmallConcurrent(b *testing.B) {
	s, err := Open(b.TempDir(), Options{Shards: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const clients = 8
	var next atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				id := fmt.Sprintf("p%d", n)
				if _, err := s.Apply([]Op{{ID: id, Article: benchArticle(id, int(n))}}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}
