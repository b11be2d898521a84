package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind/internal/bench"
)

func init() {
	register(command{name: "bench", summary: "run the performance harness and write BENCHMARKS.md", run: runBench})
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	data := fs.String("data", filepath.Join("..", "shared", "data", "news"), "directory of the news corpora (JSON Lines .gz)")
	out := fs.String("out", "BENCHMARKS.md", "report file (- for stdout)")
	jsonOut := fs.String("json", "", "also write the raw results as JSON to this file")
	work := fs.String("work", "", "scratch directory for sets and indexes (default: a new temp dir, removed after)")
	keep := fs.Bool("keep", false, "keep the largest full index in the work directory (with --work)")
	compress := fs.Bool("compress", true, "index with compressed segments, as `newsfind index` does by default (--compress=false: as --compress=false does)")
	quick := fs.Bool("quick", false, "fast check: 10k articles only, short load levels")
	sizes := fs.String("sizes", "", "comma-separated article counts instead of the preset (e.g. 2000,5000); the last is served")
	render := fs.String("render", "", "write the report from a --json results file instead of running")
	phase := fs.String("phase", "", "internal: run one indexing phase (full, plain) in this process")
	spec := fs.String("spec", "", "internal: JSON spec of the phase")
	cpuProfile := fs.String("cpuprofile", "", "with --phase: write a CPU profile of the phase to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind bench [--quick] [--data DIR] [--out BENCHMARKS.md]\n\nIndexes 10k, 50k and 200k real articles with the full pipeline and with plain bleve,\nmeasures extraction, sharding and query latency through `newsfind serve`, and writes\nthe report. The full run takes a while: run it on a quiet machine.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *phase != "" {
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
			defer pprof.StopCPUProfile()
		}
		if *phase == "full" {
			// The full pipeline runs as `newsfind index` does; the plain
			// baseline keeps Go's defaults, as a bleve program would.
			_, restore, err := tuneBulkGC("auto")
			if err != nil {
				return err
			}
			defer restore()
		}
		return bench.RunPhase(ctx, *phase, *spec, stdout)
	}
	if *render != "" {
		b, err := os.ReadFile(*render)
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		var rep bench.Report
		if err := json.Unmarshal(b, &rep); err != nil {
			return fmt.Errorf("render %s: %w", *render, err)
		}
		return writeBenchReport(&rep, *out, stdout)
	}
	cfg := bench.FullConfig()
	if *quick {
		cfg = bench.QuickConfig()
	}
	if *sizes != "" {
		cfg.Sizes = nil
		for _, f := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				return fmt.Errorf("--sizes: %q is not a positive count", f)
			}
			cfg.Sizes = append(cfg.Sizes, n)
		}
		cfg.ShardSize = cfg.Sizes[0]
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own executable: %w", err)
	}
	cfg.Exe, cfg.DataDir, cfg.Log = exe, *data, newLogger(stderr)
	cfg.WorkDir, cfg.Keep = *work, *keep && *work != ""
	cfg.Uncompressed = !*compress
	if cfg.WorkDir == "" {
		d, err := os.MkdirTemp("", "newsfind-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.WorkDir = d
	}
	// After every phase: the partial report, and the raw results so a run
	// cut short can still be re-rendered with --render.
	cfg.Progress = func(rep *bench.Report) {
		if *out != "-" {
			if err := writeBenchReport(rep, *out, stdout); err != nil {
				cfg.Log.Warn("write partial report", "err", err)
			}
		}
		if err := writeBenchJSON(rep, *jsonOut); err != nil {
			cfg.Log.Warn("write partial results", "err", err)
		}
	}
	start := time.Now()
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := writeBenchReport(rep, *out, stdout); err != nil {
		return err
	}
	if err := writeBenchJSON(rep, *jsonOut); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "bench done in %s; report in %s\n", time.Since(start).Round(time.Second), *out)
	return nil
}

// writeBenchReport writes the Markdown report to path ("-": stdout).
func writeBenchReport(rep *bench.Report, path string, stdout io.Writer) error {
	var buf bytes.Buffer
	rep.WriteMarkdown(&buf)
	if path == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeBenchJSON writes the raw results to path ("" = not wanted).
func writeBenchJSON(rep *bench.Report, path string) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}
