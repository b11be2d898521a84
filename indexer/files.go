package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind/internal/store"
)

// MaxReportedErrors bounds the per-record errors kept in a Summary; the
// Failed count is always exact.
const MaxReportedErrors = 1000

// Summary is the outcome of indexing files.
type Summary struct {
	Created, Updated, Failed int
	Errors                   []string // first MaxReportedErrors failures, "file:line: problem"
	Duration                 time.Duration
	BytesRead                int64 // input bytes consumed (compressed size for .gz)
	Interrupted              bool
}

// Indexed is the number of articles written (created + updated).
func (s *Summary) Indexed() int { return s.Created + s.Updated }

// Progress receives updates while files are indexed; the CLI draws a bar.
type Progress interface {
	// Update is called after each committed batch and at the end.
	Update(done, failed int, bytesRead, totalBytes int64)
}

// IndexFiles reads, extracts and indexes the files (from ExpandPaths). A bad
// record is reported in the summary and skipped; a file that cannot be read
// at all is reported and the other files are still indexed. When ctx is
// cancelled (Ctrl-C), the batches in flight are committed and the summary says
// how far it got, with Interrupted set; re-running is idempotent.
func (ix *Indexer) IndexFiles(ctx context.Context, files []string, prog Progress) (*Summary, error) {
	start := time.Now()
	var total int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	sum := &Summary{}
	var read atomic.Int64
	fail := func(msg string) {
		sum.Failed++
		if len(sum.Errors) < MaxReportedErrors {
			sum.Errors = append(sum.Errors, msg)
		}
	}
	var fileErrs []string
	src := func(emit func(Record) bool) {
		for _, f := range files {
			if ctx.Err() != nil {
				return
			}
			err := ReadFile(ctx, f, ix.opts.MaxLineBytes, &read, emit)
			if err != nil && !errors.Is(err, context.Canceled) {
				fileErrs = append(fileErrs, fmt.Sprintf("%s: %v", f, err))
			}
		}
	}
	lastUpdate := time.Now()
	err := ix.Run(ctx, src, func(lr LineResult) {
		switch lr.Result {
		case string(store.Created):
			sum.Created++
		case string(store.Updated):
			sum.Updated++
		default:
			fail(lr.Error)
		}
		if prog != nil && time.Since(lastUpdate) > 100*time.Millisecond {
			lastUpdate = time.Now()
			prog.Update(sum.Indexed(), sum.Failed, read.Load(), total)
		}
	})
	// fileErrs is written by the reader goroutine, which has finished once Run returned.
	for _, e := range fileErrs {
		fail(e)
	}
	sum.Duration = time.Since(start)
	sum.BytesRead = read.Load()
	if prog != nil {
		prog.Update(sum.Indexed(), sum.Failed, sum.BytesRead, total)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		sum.Interrupted = true
		return sum, nil
	}
	return sum, err
}
