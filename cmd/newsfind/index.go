package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/newsfind/newsfind/indexer"
	"github.com/schollz/progressbar/v3"
)

func init() {
	register(command{name: "index", summary: "bulk-load articles (.jsonl, .jsonl.gz, .ndjson, .json, .txt, directories, - for stdin)", run: runIndex})
}

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("index", stderr)
	dir := indexFlag(fs)
	shards := shardsFlag(fs)
	workers := fs.Int("workers", 0, "extraction workers (default: number of CPUs)")
	batch := fs.Int("batch", indexer.DefaultBatchSize, "articles per index batch")
	quiet := fs.Bool("quiet", false, "no progress output")
	compress := fs.Bool("compress", true, "for a NEW index: compress the segments of its merges with zstd (about 40 % smaller; --compress=false: about 7 % more searches a second); an existing index keeps its format")
	merge := fs.Bool("merge", true, "after loading, merge each shard into one segment (smaller index, faster searches; takes a while on big loads)")
	memLimit := fs.String("memory-limit", "auto", "soft limit of the Go heap while loading: a size like 2GiB, a share like 50% of the machine's (or cgroup's) memory, auto, or off; "+
		"auto uses GOMEMLIMIT when set, else "+bulkMemoryLimitDoc+". The collector runs at GC target 300% below it (GOGC overrides)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind index [--index DIR] PATH...\n\nIndexes articles; re-indexing an article (same id, or same url without id) replaces it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	gc, restoreGC, err := tuneBulkGC(*memLimit)
	if err != nil {
		return err
	}
	defer restoreGC()
	files, err := indexer.ExpandPaths(fs.Args())
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no article files found in %v (looked for %s)", fs.Args(), ".jsonl .jsonl.gz .ndjson .json .txt")
	}
	p, err := pipeline()
	if err != nil {
		return err
	}
	st, err := openStore(*dir, *shards, !*compress)
	if err != nil {
		return err
	}
	defer st.Close()
	ix := indexer.New(st, p, indexer.Options{Workers: *workers, BatchSize: *batch})

	var prog indexer.Progress
	switch {
	case *quiet:
	case isTerminal(stderr):
		prog = newBarProgress(stderr)
	default:
		log := newLogger(stderr)
		log.Info("memory", "gc", gc)
		prog = newLogProgress(log, 5*time.Second)
	}
	sum, err := ix.IndexFiles(ctx, files, prog)
	if bp, ok := prog.(*barProgress); ok {
		bp.finish()
	}
	if sum != nil {
		printSummary(stdout, sum, *dir)
	}
	if err != nil {
		return err
	}
	if sum.Interrupted {
		return fmt.Errorf("interrupted after %d articles; every article counted above is committed; run the same command again to continue (already indexed articles are replaced, not duplicated)", sum.Indexed())
	}
	if sum.Indexed() == 0 && sum.Failed > 0 {
		return fmt.Errorf("no article indexed: all %d records failed (skipped: lines above)", sum.Failed)
	}
	if *merge && sum.Indexed() > 0 {
		start := time.Now()
		if !*quiet {
			fmt.Fprintln(stderr, "merging segments…")
		}
		if err := st.Merge(ctx); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("merge interrupted: every article is committed and searchable, the index is only less compact: %w", err)
			}
			return err
		}
		if !*quiet {
			fmt.Fprintf(stderr, "merged in %s\n", time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

func printSummary(w io.Writer, s *indexer.Summary, dir string) {
	for _, e := range s.Errors {
		fmt.Fprintf(w, "skipped: %s\n", e)
	}
	if s.Failed > len(s.Errors) {
		fmt.Fprintf(w, "skipped: … and %d more\n", s.Failed-len(s.Errors))
	}
	rate := float64(s.Indexed()) / s.Duration.Seconds()
	fmt.Fprintf(w, "indexed %d (new %d, replaced %d), failed %d, in %s (%.0f articles/s) into %s\n",
		s.Indexed(), s.Created, s.Updated, s.Failed, s.Duration.Round(time.Millisecond), rate, dir)
}

// barProgress draws a progress bar over input bytes with articles/s.
type barProgress struct {
	bar   *progressbar.ProgressBar
	w     io.Writer
	start time.Time
}

func newBarProgress(w io.Writer) *barProgress {
	return &barProgress{w: w, start: time.Now(), bar: progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)}
}

func (b *barProgress) Update(done, failed int, read, total int64) {
	if total > 0 && b.bar.GetMax64() != total {
		b.bar.ChangeMax64(total)
	}
	rate := float64(done) / time.Since(b.start).Seconds()
	b.bar.Describe(fmt.Sprintf("%d articles (%.0f/s), %d failed", done, rate, failed))
	b.bar.Set64(read)
}

func (b *barProgress) finish() {
	b.bar.Finish()
	fmt.Fprintln(b.w)
}

// logProgress writes a plain log line every so often (not a terminal).
type logProgress struct {
	log   *slog.Logger
	every time.Duration
	start time.Time
	last  time.Time
}

// newLogProgress logs the first line one interval after the start, not at
// the first article (which logged "articles=1" with most of the input
// read, the first batch being extracted).
func newLogProgress(log *slog.Logger, every time.Duration) *logProgress {
	now := time.Now()
	return &logProgress{log: log, every: every, start: now, last: now}
}

func (l *logProgress) Update(done, failed int, read, total int64) {
	now := time.Now()
	if now.Sub(l.last) < l.every {
		return
	}
	l.last = now
	pct := 0.0
	if total > 0 {
		pct = 100 * float64(read) / float64(total)
	}
	l.log.Info("indexing", "articles", done, "failed", failed, "percent", fmt.Sprintf("%.1f", pct),
		"articles_per_s", fmt.Sprintf("%.0f", float64(done)/now.Sub(l.start).Seconds()))
}
