package server

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
)

// statsFields are the faceted fields whose distinct values /api/stats counts.
var statsFields = schema.FacetFields

// Stats is the JSON shape of GET /api/stats.
type Stats struct {
	Articles   uint64                `json:"articles"`
	IndexBytes int64                 `json:"index_bytes"` // 0 for an in-memory index
	Shards     int                   `json:"shards"`
	Fields     map[string]FieldStats `json:"fields"`
}

// FieldStats counts the distinct values of one field. Counting stops at
// Config.StatsFacetSize values; Truncated says the true count is larger.
type FieldStats struct {
	Distinct  int  `json:"distinct"`
	Truncated bool `json:"truncated,omitempty"`
}

// statsTTL is how long a computed Stats answer is reused while the index
// is unchanged (its generation, see store.Store.Generation): counting distinct values scans every article's
// facet fields, too much to redo for every poll of a large index.
const statsTTL = 30 * time.Second

// statsCache holds the last Stats and the store generation it saw.
type statsCache struct {
	compute sync.Mutex // one computation at a time; the next finds its result
	mu      sync.Mutex // guards the fields below
	at      time.Time
	gen     uint64
	val     *Stats
}

// fresh returns the cached Stats if the index is unchanged since and it is young.
func (c *statsCache) fresh(gen uint64) *Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.val != nil && c.gen == gen && time.Since(c.at) < statsTTL {
		return c.val
	}
	return nil
}

func (c *statsCache) put(st *Stats, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.val, c.gen, c.at = st, gen, time.Now()
}

func (s *Server) stats(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	c := &s.statsCache
	gen := s.st.Generation()
	if st := c.fresh(gen); st != nil {
		return st, nil
	}
	// Wait for a search slot before the computation lock, so a waiting
	// request honours its deadline and the queue limit.
	var st *Stats
	err := s.withSearchSlot(r.Context(), func(context.Context) (err error) {
		c.compute.Lock()
		defer c.compute.Unlock()
		if st = c.fresh(gen); st != nil {
			return nil
		}
		st, err = s.computeStats(r.Context())
		if err == nil {
			c.put(st, gen)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Server) computeStats(ctx context.Context) (*Stats, error) {
	n, err := s.st.Count()
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	// Partial counts (a shard failed, the request ended) are an error,
	// not stats to keep.
	distinct, err := search.DistinctValues(ctx, s.st, statsFields)
	if err != nil {
		return nil, fmt.Errorf("stats: count distinct values: %w", err)
	}
	out := Stats{Articles: n, IndexBytes: s.st.DiskSize(), Shards: s.st.NumShards(), Fields: map[string]FieldStats{}}
	for _, f := range statsFields {
		d := distinct[f]
		out.Fields[f] = FieldStats{Distinct: min(d, s.cfg.StatsFacetSize), Truncated: d > s.cfg.StatsFacetSize}
	}
	return &out, nil
}
