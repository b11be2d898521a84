package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Targets of issue 7 (on the 2-core reference machine).
const (
	TargetArticlesPerSec  = 1000.0
	TargetBaselineRatio   = 0.5
	TargetCostGrowth      = 1.5
	TargetFilterP50       = 5 * time.Millisecond
	TargetFilterP99       = 25 * time.Millisecond
	TargetFacetsP99       = 50 * time.Millisecond
	TargetDiskRatio       = 1.5
	TargetServeRSS        = 1 << 30
	targetLoadClients     = 16
	reproduceCommandFull  = "make bench"
	reproduceCommandQuick = "make bench-quick"
)

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func kb(n int64) string { return fmt.Sprintf("%.1f kB", float64(n)/1e3) }

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func mbps(b int64, d time.Duration) float64 { return float64(b) / 1e6 / d.Seconds() }

func msf(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func pass(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// WriteMarkdown writes the report as BENCHMARKS.md.
func (r *Report) WriteMarkdown(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	m := r.Machine
	p("# newsfind benchmarks\n\n")
	cmd := reproduceCommandFull
	if r.Quick {
		cmd = reproduceCommandQuick
	}
	p("Written by `%s` (harness: `internal/bench`, command `newsfind bench`). Every number below comes from one run; ", cmd)
	p("the machine is shared, so the 1-minute load average is recorded next to the timings (load above the core count means other processes took CPU from the run).\n\n")
	if !r.Complete {
		p("**Partial report**: written while the run was going (or after it was cut short); sections without numbers were not reached.\n\n")
	}
	p("| machine | |\n|---|---|\n")
	segments := "compressed (index format 5, the default)"
	if r.Uncompressed {
		segments = "uncompressed (`--compress=false`, index format 4)"
	}
	p("| CPU | %s, %d cores |\n| memory | %.1f GB |\n| Go | %s (%s) |\n| date | %s |\n| run time | %s |\n| load average (start → end) | %s |\n| segments | %s |\n\n",
		m.CPU, m.Cores, float64(m.MemBytes)/1e9, m.GoVersion, m.OS, m.Date, r.Duration.Round(time.Second), strings.Join(r.LoadAverage, " → "), segments)

	p("## Corpus\n\n")
	var names []string
	for _, f := range r.Files {
		names = append(names, "`"+filepath.Base(f)+"`")
	}
	p("Real news from `../shared/data/news`: %s, %s articles, %s of title+body text, %s tokens (newsfind tokenizer, title + body). ",
		strings.Join(names, ", "), thousands(int64(r.BaseCount)), mb(r.BaseBytes), thousands(r.BaseTokens))
	p("Each size takes the base articles in file order and repeats them with distinct ids (`<id>~<pass>`) until it has enough; every other field is kept.\n\n")
	p("| set | articles | passes over the base corpus | text | tokens |\n|---|---:|---:|---:|---:|\n")
	for _, s := range r.Sets {
		p("| %dk | %s | %d | %s | %s |\n", s.Articles/1000, thousands(int64(s.Articles)), s.Passes, mb(s.TextBytes), thousands(s.Tokens))
	}

	p("\n## Bulk indexing\n\n")
	p("*Full pipeline*: `indexer.Run` reading the JSON Lines file → decode → extraction (tokenize, NER, entities, quotes) on %d workers → ordered batches into the sharded store (%d shards) → close, with the collector settings of `newsfind index` (GC target 300 %%, heap limit auto). ", m.Cores, r.firstShards())
	p("*Plain bleve*: the same file, read the same way, title and body only, `bleve.NewIndexMapping()` (default mapping), one index, batches of 1,000, no extraction, Go's default collector settings. Both in the same run, on the same documents, each in its own process (peak RSS is that process's VmHWM). Times include closing the index and, for the full pipeline, the final merge of each index into one segment that `newsfind index` does after a load (`merge_ns` in the JSON).\n\n")
	p("| articles | full: articles/s | full: MB/s | full: ms/article | full: CPU ms/article | plain: articles/s | plain: MB/s | full/plain | full: index/text | plain: index/text | full: peak RSS | plain: peak RSS | load |\n")
	p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, f := range r.sortedFull() {
		pl, s := r.plainAt(f.N()), r.setAt(f.N())
		if pl.Articles == 0 {
			p("| %s | %.0f | %.2f | %.3f | %.2f | (not run yet) | | | %.2f× | | %s | | %s–%s |\n",
				thousands(int64(f.N())), rate(f.Articles, f.Elapsed), mbps(s.TextBytes, f.Elapsed), 1000*f.Elapsed.Seconds()/float64(f.Articles), 1000*f.CPU.Seconds()/float64(f.Articles),
				float64(f.DiskBytes)/float64(s.TextBytes), mb(f.PeakRSS), f.LoadStart, f.LoadEnd)
			continue
		}
		p("| %s | %.0f | %.2f | %.3f | %.2f | %.0f | %.2f | %.2f× | %.2f× | %.2f× | %s | %s | %s–%s |\n",
			thousands(int64(f.N())), rate(f.Articles, f.Elapsed), mbps(s.TextBytes, f.Elapsed), 1000*f.Elapsed.Seconds()/float64(f.Articles), 1000*f.CPU.Seconds()/float64(f.Articles),
			rate(pl.Articles, pl.Elapsed), mbps(s.TextBytes, pl.Elapsed), rate(f.Articles, f.Elapsed)/rate(pl.Articles, pl.Elapsed),
			float64(f.DiskBytes)/float64(s.TextBytes), float64(pl.DiskBytes)/float64(s.TextBytes), mb(f.PeakRSS), mb(pl.PeakRSS), f.LoadStart, f.LoadEnd)
	}
	for _, f := range r.sortedFull() {
		if f.Failed > 0 {
			p("\nAt %s: %s of the records were rejected by the decoder and not indexed (the rates above count indexed articles only; the plain baseline indexes them all). ",
				thousands(int64(f.N())), thousands(int64(f.Failed)))
			p("In this corpus these are Reuters-21578 records whose `date` carries SGML debris (`27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM`), 299 per pass: a bad field makes the whole article invalid, by design of `indexer.DecodeArticle`.\n")
		}
	}

	e := r.Extract
	if e.Articles == 0 || e.Elapsed <= 0 {
		r.writeTargets(w)
		return
	}
	p("\n## Extraction alone\n\n")
	p("One goroutine over %s base articles spread evenly over the corpus (%s tokens, %s): **%.0f tokens/s per core** (%.0f articles/s, %.2f MB/s",
		thousands(int64(e.Articles)), thousands(e.Tokens), mb(e.TextBytes), e.TokensPerSec(), e.ArticlesPerSec(), mbps(e.TextBytes, e.busy()))
	if e.CPU > 0 {
		p(", from thread CPU time; wall-clock %.0f tokens/s", float64(e.Tokens)/e.Elapsed.Seconds())
	}
	p("). Cost per stage, for the owners of each:\n\n")
	p("| stage | package | CPU µs/article | wall µs/article | share of CPU |\n|---|---|---:|---:|---:|\n")
	pkgs := map[string]string{"tokenize": "internal/tokenize", "sentences": "internal/tokenize", "ner": "internal/ner", "entities": "internal/entities", "quotes": "internal/quotes"}
	for _, s := range e.Stages {
		share := 0.0
		if e.CPU > 0 {
			share = 100 * s.CPU.Seconds() / e.CPU.Seconds()
		}
		p("| %s | %s | %.0f | %.0f | %.0f %% |\n", s.Name, pkgs[s.Name], float64(s.CPU.Microseconds())/float64(e.Articles),
			float64(s.Elapsed.Microseconds())/float64(e.Articles), share)
	}

	if r.ShardOne.Articles > 0 {
		one, nn := r.ShardOne, r.ShardCores
		p("\n## Sharding\n\n")
		p("Full pipeline over %s records (wall-clock rates compare only when the load columns match; CPU time per article does not depend on load):\n\n| shards | articles/s | CPU ms/article | index/text | load |\n|---:|---:|---:|---:|---|\n", thousands(int64(one.N())))
		for _, x := range []IndexResult{one, nn} {
			p("| %d | %.0f | %.2f | %.2f× | %s–%s |\n", x.Shards, rate(x.Articles, x.Elapsed), 1000*x.CPU.Seconds()/float64(max(1, x.Articles)),
				float64(x.DiskBytes)/float64(r.setBytes(x.N())), x.LoadStart, x.LoadEnd)
		}
		p("\n")
		p("Speed-up N=%d vs N=1: **%.2f×**.\n", nn.Shards, rate(nn.Articles, nn.Elapsed)/rate(one.Articles, one.Elapsed))
	}

	sv := r.Serve
	if len(sv.Levels) == 0 {
		r.writeTargets(w)
		return
	}
	p("\n## Query latency\n\n")
	p("`newsfind serve` on the %s-article index (%s on disk), in its own process on 127.0.0.1; the Go load generator (`internal/bench`, loopback only, keep-alive) sends a fixed mix round robin: ", thousands(int64(sv.Articles)), mb(sv.IndexBytes))
	p("*keyword* (`q=oil`), *keyword+speaker* (a keyword and one of the 20 most quoted speakers), *phrase* (`q=\"prime minister\"`), *match-all+5 facets* (no query, one value ticked in each of speaker, person, place, org and source: five disjunctive facet counts), *quote search* (`/api/quotes?q=`), *facet values* (`/api/facets/person?prefix=jo`). ")
	p("Filter values are the top values of each facet in the index. Latency is request to last byte, client side. Each level is bounded in queries and time. ")
	p("Every request in these tables carries `Cache-Control: no-cache`, which makes the server bypass its result cache: they measure searches, not cache hits (see *With the result cache* below). ")
	p("The server runs at most `--max-concurrent-searches` searches at once (default the number of cores, at least 2) and queues the rest; it serves searches it expects to be light (`search.Heavy`: a query that compiles to posting bitmaps and scores at most 4,096 hits one by one; phrases, wildcards, geo and broad keywords are heavy) before heavy ones that came up to 20 ms earlier, a search that has run its turn (8 ms, 2 ms if heavy) while newer requests wait gives its slot to them and resumes after them, and a heavy search gives way to a light request at once (`docs/reliability.md`): under load the short kinds are answered first and the long ones wait longer. ")
	p("The load is closed-loop: each client sends its next request when the last one is answered, so at a level that saturates the cores the mean latency is clients / queries/s.\n\n")
	p("| clients | queries | queries/s | kind | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---:|---:|---:|---|---:|---:|---:|---:|---:|\n")
	for _, lv := range sv.Levels {
		for i, k := range lv.Kinds {
			if i == 0 {
				p("| %d | %d | %.0f |", lv.Clients, lv.Queries, lv.QPS)
			} else {
				p("| | | |")
			}
			p(" %s | %s | %s | %s | %s | %d |\n", k.Kind, msf(k.P50), msf(k.P95), msf(k.P99), msf(k.Max), k.Errors)
		}
	}
	if len(sv.Isolated) > 0 {
		p("\nEach kind alone, %d clients (no heavier kinds queued in front of it):\n\n| kind | queries | queries/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", sv.Isolated[0].Clients)
		for i, lv := range sv.Isolated {
			if i >= len(IsolatedKinds) {
				break
			}
			k := lv.Stats(IsolatedKinds[i])
			p("| %s | %d | %.0f | %s | %s | %s | %s | %d |\n", k.Kind, lv.Queries, lv.QPS, msf(k.P50), msf(k.P95), msf(k.P99), msf(k.Max), k.Errors)
		}
	}
	// cacheTable is the per-kind table of a level with the cache allowed.
	cacheTable := func(lr LoadResult) {
		p("| kind | queries | cache hits | queries/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, k := range lr.Kinds {
			qps := ""
			if k.Kind == "all" {
				qps = fmt.Sprintf("%.0f", lr.QPS)
			}
			p("| %s | %d | %d | %s | %s | %s | %s | %s | %d |\n", k.Kind, k.N+k.Errors, k.CacheHits, qps, msf(k.P50), msf(k.P95), msf(k.P99), msf(k.Max), k.Errors)
		}
	}
	if c := sv.Cached; c.Queries > 0 {
		all := c.Stats("all")
		p("\n### With the result cache\n\n")
		p("The same mix, %d clients, without `Cache-Control: no-cache`, so the server's result cache (`newsfind serve --cache-mb`, default 64 MiB) may answer; it starts empty (every request before bypassed it). ", c.Clients)
		p("**%.1f %% of the answers were cache hits** (%s of %s with `X-Cache: hit`). ", 100*c.CacheHitRate, thousands(int64(all.CacheHits)), thousands(int64(all.N)))
		p("The fixed mix repeats %d distinct requests round robin and nothing is written meanwhile, so after its first pass almost every request is a repeat: this hit rate is an upper bound, not a forecast. ", c.Distinct)
		p("Real traffic hits as often as it repeats a request between two writes; a miss costs what the tables above show.")
		if sv.CacheEntries > 0 {
			p(" At the end the cache held %d answers, estimated at %s (%s each on average).", sv.CacheEntries, mb(sv.CacheBytes), kb(sv.CacheBytes/sv.CacheEntries))
		}
		p("\n\n")
		cacheTable(c)
	}
	if z := sv.Zipf; z.Queries > 0 {
		p("\n### With the result cache, a Zipf-distributed stream\n\n")
		p("Closer to real traffic: %s requests at %d clients drawn from a pool of %s distinct requests of the same kinds (%d words, each also with every one of the 20 most quoted speakers, %d phrases, %d filter combinations, the facet-value prefixes; none from the fixed mix, so the answers cached before never hit), ", thousands(int64(z.Queries)), z.Clients, thousands(int64(sv.ZipfPool)), len(poolWords), len(poolPhrases), zipfFilterCombos)
		p("the kinds taking turns as in the fixed mix and, within a kind, requests ranked in a shuffled order and drawn with a Zipf law of exponent %.1f (seed %d): a few repeat often, most rarely; %s distinct requests were drawn. ", ZipfExponent, ZipfSeed, thousands(int64(z.Distinct)))
		p("**%.1f %% of the answers were cache hits.** Nothing is written meanwhile; writes would empty the cache.\n\n", 100*z.CacheHitRate)
		cacheTable(z)
	}
	p("\nServer peak RSS (VmHWM, includes mmapped index pages; the extraction models load with the first write, and this load writes nothing): **%s**; at the end %s anonymous (heap) + %s file-backed (mmapped index).\n", mb(sv.PeakRSS), mb(sv.RSSAnon), mb(sv.RSSFile))

	r.writeTargets(w)
}

func (r *Report) firstShards() int {
	if len(r.Full) > 0 {
		return r.Full[0].Shards
	}
	return 0
}

// sortedFull is the full-pipeline runs by size (the run does the largest first).
func (r *Report) sortedFull() []IndexResult {
	out := slices.Clone(r.Full)
	slices.SortFunc(out, func(a, b IndexResult) int { return a.N() - b.N() })
	return out
}

// plainAt is the baseline run over the set of n records (zero when not run yet).
func (r *Report) plainAt(n int) IndexResult {
	for _, p := range r.Plain {
		if p.N() == n {
			return p
		}
	}
	return IndexResult{}
}

func (r *Report) setAt(n int) SetInfo {
	for _, s := range r.Sets {
		if s.Articles == n {
			return s
		}
	}
	return SetInfo{SetStats: SetStats{Articles: n, TextBytes: 1}}
}

func (r *Report) setBytes(n int) int64 {
	for _, s := range r.Sets {
		if s.Articles == n {
			return s.TextBytes
		}
	}
	return 1
}

func (r *Report) writeTargets(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	if len(r.Full) == 0 {
		return
	}
	sf := r.sortedFull()
	last, first := sf[len(sf)-1], sf[0]
	pl, ls := r.plainAt(last.N()), r.setAt(last.N())
	at := fmt.Sprintf("at %dk", last.N()/1000)
	p("\n## Targets (issue 7)\n\n| target | measured | |\n|---|---|---|\n")
	ar := rate(last.Articles, last.Elapsed)
	p("| full pipeline ≥ %.0f articles/s %s | %.0f articles/s | %s |\n", TargetArticlesPerSec, at, ar, pass(ar >= TargetArticlesPerSec))
	if pl.Articles > 0 {
		ratio := ar / rate(pl.Articles, pl.Elapsed)
		p("| full ≥ %.1f× plain bleve (same run) %s | %.2f× | %s |\n", TargetBaselineRatio, at, ratio, pass(ratio >= TargetBaselineRatio))
	}
	if len(r.Full) > 1 {
		growth := (last.Elapsed.Seconds() / float64(last.Articles)) / (first.Elapsed.Seconds() / float64(first.Articles))
		p("| cost per article %s ≤ %.1f× cost at %dk | %.2f× | %s |\n", at, TargetCostGrowth, first.N()/1000, growth, pass(growth <= TargetCostGrowth))
		cpuGrowth := (last.CPU.Seconds() / float64(last.Articles)) / (first.CPU.Seconds() / float64(first.Articles))
		p("| the same in CPU time per article (robust to other load on the machine) | %.2f× | %s |\n", cpuGrowth, pass(cpuGrowth <= TargetCostGrowth))
	}
	var lv *LoadResult
	for i := range r.Serve.Levels {
		if r.Serve.Levels[i].Clients == targetLoadClients {
			lv = &r.Serve.Levels[i]
		}
	}
	isolated := func(kind string) KindStats {
		for i, l := range r.Serve.Isolated {
			if i < len(IsolatedKinds) && IsolatedKinds[i] == kind && l.Clients == targetLoadClients {
				return l.Stats(kind)
			}
		}
		return KindStats{}
	}
	if lv != nil {
		for _, t := range []struct {
			kind, label, what string
			lim               time.Duration
			pick              func(KindStats) time.Duration
		}{
			{KindKeywordFilter, "keyword+filter", "p50", TargetFilterP50, func(k KindStats) time.Duration { return k.P50 }},
			{KindKeywordFilter, "keyword+filter", "p99", TargetFilterP99, func(k KindStats) time.Duration { return k.P99 }},
			{KindFacets, "match-all+5 facets", "p99", TargetFacetsP99, func(k KindStats) time.Duration { return k.P99 }},
		} {
			k := lv.Stats(t.kind)
			p("| %d clients, %s %s ≤ %v (in the mix) | %s ms | %s |\n", targetLoadClients, t.label, t.what, t.lim, msf(t.pick(k)), pass(k.N > 0 && t.pick(k) <= t.lim))
			if k := isolated(t.kind); k.N > 0 {
				p("| %d clients, %s %s ≤ %v, kind alone (stricter than the target: see below) | %s ms | %s |\n", targetLoadClients, t.label, t.what, t.lim, msf(t.pick(k)), within(t.pick(k) <= t.lim))
			}
			if t.kind != KindKeywordFilter {
				continue
			}
			if k := isolated(KindKeywordFilterNoCounts); k.N > 0 {
				p("| %d clients, %s %s ≤ %v, kind alone, facets=none: no counts, as next pages ask (stricter than the target) | %s ms | %s |\n", targetLoadClients, t.label, t.what, t.lim, msf(t.pick(k)), within(t.pick(k) <= t.lim))
			}
		}
	}
	dr := float64(last.DiskBytes) / float64(ls.TextBytes)
	p("| index on disk ≤ %.1f× raw text %s | %.3f× (%s for %s) | %s |\n", TargetDiskRatio, at, dr, mb(last.DiskBytes), mb(ls.TextBytes), pass(dr <= TargetDiskRatio))
	if r.Serve.PeakRSS > 0 {
		p("| serving RSS ≤ 1 GB %s | %s | %s |\n", at, mb(r.Serve.PeakRSS), pass(r.Serve.PeakRSS <= TargetServeRSS))
	}
	p("| indexing peak RSS %s (no target) | %s | |\n", at, mb(last.PeakRSS))
	if lv != nil && len(r.Serve.Isolated) > 0 {
		p("\nThe issue measures latency in its realistic mix: the %d-client level of the first table, every client sending "+
			"the six kinds in turn. The *kind alone* rows are a stricter check this report adds: %d clients sending only "+
			"that kind keep the cores busy with it, so its p50 is about %d divided by its queries/s (the table *Each kind "+
			"alone*); a keyword+filter p50 of %v there would take about %.0f such searches a second.\n",
			targetLoadClients, targetLoadClients, targetLoadClients, TargetFilterP50, float64(targetLoadClients)/TargetFilterP50.Seconds())
	}
}

// within says whether a figure is within a limit it is checked against
// without being one of the targets.
func within(ok bool) string {
	if ok {
		return "within"
	}
	return "above"
}
