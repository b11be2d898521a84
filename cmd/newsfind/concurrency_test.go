package main

// Searches during heavy bulk indexing, over HTTP, under -race: totals never
// go down while only creating, every acknowledged article is counted, every
// hit can be fetched, and an article is never visible without its quotes.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/sampletest"
	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/server"
)

// quickExtractor stands in for the extraction pipeline, which under -race
// is too slow for a heavy load: capitalised words become organisation
// entities and every "…" span a direct quote of the first of them. What is
// tested here is the store and search under concurrency, not extraction.
type quickExtractor struct{}

func (quickExtractor) Extract(text string) schema.Extraction {
	x := schema.Extraction{Entities: []schema.Entity{}, Quotes: []schema.Quote{}}
	runes := []rune(text)
	byName := map[string]int{}
	quoteStart := -1
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if r == '"' || r == '“' || r == '”' {
			if quoteStart < 0 {
				quoteStart = i + 1
			} else if i > quoteStart {
				q := schema.Quote{Text: string(runes[quoteStart:i]), Start: quoteStart, End: i, Kind: schema.KindDirect, Cue: "said"}
				if len(x.Entities) > 0 {
					q.Speaker = x.Entities[0].Name
				}
				x.Quotes = append(x.Quotes, q)
				quoteStart = -1
			}
			continue
		}
		if unicode.IsUpper(r) && (i == 0 || !unicode.IsLetter(runes[i-1])) {
			j := i
			for j < len(runes) && unicode.IsLetter(runes[j]) {
				j++
			}
			if j-i > 3 {
				name := string(runes[i:j])
				k, ok := byName[name]
				if !ok {
					k = len(x.Entities)
					byName[name] = k
					x.Entities = append(x.Entities, schema.Entity{Type: schema.TypeOrganization, Name: name})
				}
				x.Entities[k].Mentions = append(x.Entities[k].Mentions, schema.Mention{Text: name, Start: i, End: j})
			}
			i = j - 1
		}
	}
	return x
}

func TestSearchDuringBulk(t *testing.T) {
	arts := sampletest.Articles(t)
	env := newConcurrencyEnv(t)
	const writers, readers, perRequest = 2, 2, 20
	requests := 4
	if *relLong {
		requests = 60
	}
	var acked atomic.Int64 // articles acknowledged created so far
	var ackedIDs sync.Map  // id -> struct{}, once its bulk request returned
	var writing sync.WaitGroup
	for w := 0; w < writers; w++ {
		writing.Add(1)
		go func() {
			defer writing.Done()
			for r := 0; r < requests; r++ {
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				for i := 0; i < perRequest; i++ {
					n := (w*requests+r)*perRequest + i
					a := arts[n%len(arts)]
					_ = enc.Encode(map[string]any{"id": fmt.Sprintf("c-%d-%d-%d", w, r, i), "title": a.Title, "body": a.Body, "date": a.Date, "source": a.Source})
				}
				res, code, msg, ok := sendBulkTo(env, buf.Bytes())
				if !ok || res == nil || res.Created != perRequest {
					t.Errorf("bulk: status %d %s %+v", code, msg, res)
					return
				}
				for i := 0; i < perRequest; i++ {
					ackedIDs.Store(fmt.Sprintf("c-%d-%d-%d", w, r, i), struct{}{})
				}
				acked.Add(int64(res.Created))
			}
		}()
	}
	done := make(chan struct{})
	go func() { writing.Wait(); close(done) }()

	var searches, fetched atomic.Int64
	var reading sync.WaitGroup
	for r := 0; r < readers; r++ {
		reading.Add(1)
		go func() {
			defer reading.Done()
			var lastTotal, lastQuotes uint64
			for {
				select {
				case <-done:
					return
				default:
				}
				floor := uint64(acked.Load()) // acknowledged before this search began
				ackedBefore := map[string]bool{}
				ackedIDs.Range(func(k, _ any) bool { ackedBefore[k.(string)] = true; return true })
				var res search.Response
				if code, err := env.getJSON("/api/search?size=5&sort=date&facet_size=3", &res); err != nil || code != 200 {
					t.Errorf("search: %d %v", code, err)
					return
				}
				searches.Add(1)
				if res.Total < lastTotal {
					t.Errorf("search total went down from %d to %d while only creating", lastTotal, res.Total)
				}
				if res.Total < floor {
					t.Errorf("search total %d, but %d articles were acknowledged before the search", res.Total, floor)
				}
				lastTotal = res.Total
				var qr search.QuoteResponse
				if code, err := env.getJSON("/api/quotes?size=1", &qr); err != nil || code != 200 {
					t.Errorf("quotes: %d %v", code, err)
					return
				}
				if qr.Total < lastQuotes {
					t.Errorf("quote total went down from %d to %d while only creating", lastQuotes, qr.Total)
				}
				lastQuotes = qr.Total
				for _, h := range res.Hits {
					var a schema.Article
					if code, err := env.getJSON("/api/articles/"+url.PathEscape(h.ID), &a); err != nil || code != 200 {
						t.Errorf("hit %s cannot be fetched: %d %v", h.ID, code, err)
						continue
					}
					var q search.QuoteResponse
					if code, err := env.getJSON("/api/quotes?size=1&article_id="+url.QueryEscape(h.ID), &q); err != nil || code != 200 {
						t.Errorf("quotes of %s: %d %v", h.ID, code, err)
						continue
					}
					// Quote documents commit just after their article
					// (internal/store): a write in flight may show its
					// article without them, never with some of them, and an
					// acknowledged one has them all.
					if int(q.Total) != len(a.Quotes) && (q.Total != 0 || ackedBefore[h.ID]) {
						t.Errorf("%s (acknowledged: %v) visible with %d of its %d quote documents", h.ID, ackedBefore[h.ID], q.Total, len(a.Quotes))
					}
					fetched.Add(1)
				}
			}
		}()
	}
	reading.Wait()
	if t.Failed() {
		return
	}
	n, err := env.st.Count()
	if err != nil || int64(n) != acked.Load() || acked.Load() != int64(writers*requests*perRequest) {
		t.Errorf("count %d (%v), acknowledged %d, sent %d", n, err, acked.Load(), writers*requests*perRequest)
	}
	t.Logf("%d articles bulk-indexed by %d writers while %d readers ran %d searches and fetched %d hits with their quotes",
		acked.Load(), writers, readers, searches.Load(), fetched.Load())
	if searches.Load() < 5 {
		t.Errorf("only %d searches ran during indexing: the test exercised little", searches.Load())
	}
}

// newConcurrencyEnv is a hostileEnv whose indexer commits small batches
// (many commits to race with) and uses quickExtractor.
func newConcurrencyEnv(t *testing.T) *hostileEnv {
	t.Helper()
	return newEnvWith(t, server.Config{}, indexer.Options{BatchSize: 5, Workers: 2}, quickExtractor{}, 0)
}

func (e *hostileEnv) getJSON(path string, v any) (int, error) {
	resp, err := e.client.Get(e.url + path)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, json.NewDecoder(resp.Body).Decode(v)
}

func sendBulkTo(e *hostileEnv, body []byte) (*indexer.BulkResult, int, string, bool) {
	c := &child{addr: e.addr, client: e.client}
	return sendBulk(c, body)
}
