package indexer

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// Extractor finds entities and quotes in a text. Implementations must be safe
// for concurrent use; offsets are code-point offsets into text.
type Extractor interface {
	Extract(text string) schema.Extraction
}

// preparer is an Extractor that loads its models on first use (as
// extract.Lazy does): the indexer calls Prepare before extracting, so a
// failure to load is the write's error, not an article without entities.
type preparer interface {
	Prepare() error
}

// loadModels readies ix's extractor.
func (ix *Indexer) loadModels() error {
	if p, ok := ix.ex.(preparer); ok {
		if err := p.Prepare(); err != nil {
			return fmt.Errorf("indexer: load the extraction models: %w", err)
		}
	}
	return nil
}

// Options tune an Indexer. Zero values take the defaults.
type Options struct {
	Workers         int // extraction workers; default runtime.NumCPU()
	BatchSize       int // articles per store batch; default DefaultBatchSize
	MaxLineBytes    int // JSON Lines line limit; default DefaultMaxLineBytes
	MaxArticleBytes int // one article's JSON; default DefaultMaxArticleBytes
}

// DefaultBatchSize is the articles per store write. On disk, 1,000 (500 per
// shard of a 2-shard store) took 0.15-0.25 ms less store CPU per article than
// 500 (segments twice as big: a third less written by scorch's merges), with
// two writes in flight; 2,000 saved no more and doubled the memory of a
// write in flight.
const DefaultBatchSize = 1000

// Indexer extracts and writes articles. It is safe for concurrent use.
type Indexer struct {
	st   *store.Store
	ex   Extractor
	opts Options
}

// New returns an Indexer writing to st.
func New(st *store.Store, ex Extractor, opts Options) *Indexer {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	if opts.MaxArticleBytes <= 0 {
		opts.MaxArticleBytes = DefaultMaxArticleBytes
	}
	return &Indexer{st: st, ex: ex, opts: opts}
}

// Store is the store the indexer writes to.
func (ix *Indexer) Store() *store.Store { return ix.st }

// LineResult is the outcome of one input record.
type LineResult struct {
	Line   int    `json:"line"`
	File   string `json:"file,omitempty"`
	ID     string `json:"id,omitempty"`
	Result string `json:"result"` // created, updated or error
	Error  string `json:"error,omitempty"`
}

// Result values besides store.Created and store.Updated.
const ResultError = "error"

// BulkResult is the answer to a bulk load.
type BulkResult struct {
	Items   []LineResult `json:"items"`
	Created int          `json:"created"`
	Updated int          `json:"updated"`
	Failed  int          `json:"failed"`
}

func (b *BulkResult) add(r LineResult) {
	switch r.Result {
	case string(store.Created):
		b.Created++
	case string(store.Updated):
		b.Updated++
	default:
		b.Failed++
	}
}

// Bulk indexes an NDJSON body, one article per line, and returns every
// line's outcome. It returns only after every created/updated line is
// committed; a store failure is returned as an error (nothing acknowledged).
// When reading the body fails partway (a broken gzip stream, a dropped
// connection), the lines read before are still indexed and committed: the
// result lists them, returned together with the read error, so that the
// client knows where to resume.
func (ix *Indexer) Bulk(ctx context.Context, r io.Reader) (*BulkResult, error) {
	res := &BulkResult{Items: []LineResult{}}
	var readErr error
	src := func(emit func(Record) bool) {
		readErr = ReadLines(ctx, "", r, ix.opts.MaxLineBytes, emit)
	}
	err := ix.Run(ctx, src, func(lr LineResult) {
		res.Items = append(res.Items, lr)
		res.add(lr)
	})
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return res, fmt.Errorf("read body: %w", readErr)
	}
	return res, nil
}

// Put extracts and writes one article, committed when it returns.
func (ix *Indexer) Put(ctx context.Context, a *schema.Article) (store.Result, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if a.ID == "" {
		a.ID = DeriveID(a)
	}
	if err := ix.loadModels(); err != nil {
		return "", err
	}
	ExtractArticle(ix.ex, a)
	res, err := ix.st.Apply([]store.Op{{ID: a.ID, Article: a}})
	if err != nil {
		return "", err
	}
	return res[0], nil
}

// Delete removes an article and its quotes.
func (ix *Indexer) Delete(ctx context.Context, id string) (store.Result, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	res, err := ix.st.Apply([]store.Op{{ID: id}})
	if err != nil {
		return "", err
	}
	return res[0], nil
}

// ExtractArticle runs extraction on the article and stores the result in it.
// The extractor sees the title, a blank line and the body, so names spelled
// out only in the title still resolve later short forms; offsets are then
// made relative to the body, and what lies in the title is kept only as
// entity names (mentions and quotes in the title are dropped: highlighting
// and quote links refer to the body).
func ExtractArticle(ex Extractor, a *schema.Article) {
	text, off := a.Body, 0
	if a.Title != "" {
		text = a.Title + "\n\n" + a.Body
		off = len([]rune(a.Title)) + 2
	}
	x := ex.Extract(text)
	a.Entities = a.Entities[:0]
	for _, e := range x.Entities {
		ms := make([]schema.Mention, 0, len(e.Mentions))
		for _, m := range e.Mentions {
			if m.Start >= off {
				m.Start -= off
				m.End -= off
				ms = append(ms, m)
			}
		}
		e.Mentions = ms
		a.Entities = append(a.Entities, e)
	}
	a.Quotes = a.Quotes[:0]
	for _, q := range x.Quotes {
		if q.Start < off {
			continue
		}
		q.Start -= off
		q.End -= off
		if q.SpeakerMention != nil {
			sm := *q.SpeakerMention
			if sm.Start >= off {
				sm.Start -= off
				sm.End -= off
				q.SpeakerMention = &sm
			} else {
				q.SpeakerMention = nil
			}
		}
		a.Quotes = append(a.Quotes, q)
	}
	if a.Entities == nil {
		a.Entities = []schema.Entity{}
	}
	if a.Quotes == nil {
		a.Quotes = []schema.Quote{}
	}
}

// commitsInFlight is how many batches of one Run may be committing at once
// (store.Start). One: the committer takes the next batch while the previous
// one commits, and the extraction workers run a batch ahead of it. With two,
// on a quiet 2-core machine (both cores already busy with one), 60k and 200k
// articles indexed no faster (200k: 1,113 vs 1,110 articles/s) and peak RSS
// grew by 165 MB. The store overlaps writes of concurrent callers anyway.
const commitsInFlight = 1

// job is one record on its way through the pipeline.
type job struct {
	seq    int
	rec    Record
	a      *schema.Article
	err    error
	result string // set by commit
}

// Run is the bulk pipeline: src emits records in order; workers decode and
// extract in parallel; batches are written to the store in input order (so
// the last of two records with the same id wins; the commits of two batches
// may overlap, the store orders writes of the same id) and done is called
// for every record, in input order, once its batch is committed (or it
// failed). After a store error no further batch is started: its records are
// reported as not stored, and Run returns the error. When ctx is cancelled,
// reading stops, the records already read are finished and committed, and
// Run returns ctx.Err() after the last done.
func (ix *Indexer) Run(ctx context.Context, src func(emit func(Record) bool), done func(LineResult)) error {
	if err := ix.loadModels(); err != nil {
		return err
	}
	jobs := make(chan *job, ix.opts.Workers*4)
	out := make(chan *job, ix.opts.Workers*4)

	go func() {
		defer close(jobs)
		seq := 0
		src(func(r Record) bool {
			select {
			case jobs <- &job{seq: seq, rec: r}:
				seq++
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()

	var wg sync.WaitGroup
	for w := 0; w < ix.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				ix.prepare(j)
				out <- j
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	// Reorder by seq and cut batches here. A committer goroutine starts
	// their writes in order (store.Start returns without waiting for the
	// commit), up to commitsInFlight at once, and a reporter goroutine
	// waits for them in order and reports every record. So extraction of
	// the next batches goes on while earlier ones commit (and with
	// commitsInFlight > 1 the commits would overlap too). Failed records ride in the batch too
	// so done() sees every record in input order. At most one cut batch
	// waits for the committer.
	batches := make(chan []*job, 1)
	type write struct {
		batch []*job
		w     *store.Write // nil: not started, a previous write failed
	}
	started := make(chan write, commitsInFlight)
	slots := make(chan struct{}, commitsInFlight)
	var (
		errMu    sync.Mutex
		storeErr error // the first write error
	)
	firstErr := func() error {
		errMu.Lock()
		defer errMu.Unlock()
		return storeErr
	}
	go func() {
		defer close(started)
		for batch := range batches {
			if firstErr() != nil {
				started <- write{batch: batch}
				continue
			}
			ops := make([]store.Op, 0, len(batch))
			for _, j := range batch {
				if j.err == nil {
					ops = append(ops, store.Op{ID: j.a.ID, Article: j.a})
				}
			}
			if len(ops) == 0 {
				started <- write{batch: batch, w: nil}
				continue
			}
			slots <- struct{}{}
			started <- write{batch: batch, w: ix.st.Start(ops)}
		}
	}()
	committed := make(chan struct{})
	go func() {
		defer close(committed)
		for wr := range started {
			var werr error
			if wr.w != nil {
				res, err := wr.w.Wait()
				<-slots
				werr = err
				if err != nil {
					errMu.Lock()
					if storeErr == nil {
						storeErr = err
					}
					errMu.Unlock()
				} else {
					i := 0
					for _, j := range wr.batch {
						if j.err == nil {
							j.result = string(res[i])
							i++
						}
					}
				}
			} else if err := firstErr(); err != nil {
				werr = err // not started after an earlier failure
			}
			for _, j := range wr.batch {
				switch {
				case j.err != nil:
					done(LineResult{Line: j.rec.Line, File: j.rec.File, Result: ResultError, Error: j.err.Error()})
				case werr != nil:
					done(LineResult{Line: j.rec.Line, File: j.rec.File, ID: j.a.ID, Result: ResultError, Error: "not stored: " + werr.Error()})
				default:
					done(LineResult{Line: j.rec.Line, File: j.rec.File, ID: j.a.ID, Result: j.result})
				}
			}
		}
	}()
	pending := map[int]*job{}
	next := 0
	var batch []*job
	good := 0
	flush := func() {
		if len(batch) > 0 {
			batches <- batch
		}
		batch, good = nil, 0
	}
	for j := range out {
		pending[j.seq] = j
		for {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			batch = append(batch, j)
			if j.err == nil {
				good++
			}
			if good >= ix.opts.BatchSize {
				flush()
			}
		}
	}
	flush()
	close(batches)
	<-committed
	if err := firstErr(); err != nil {
		return err
	}
	return ctx.Err()
}

// prepare decodes and extracts one record; errors name where it came from.
func (ix *Indexer) prepare(j *job) {
	r := &j.rec
	switch {
	case r.Err != nil:
		j.err = fmt.Errorf("%s: %w", r.Where(), r.Err)
		return
	case r.Article != nil:
		j.a = r.Article
	default:
		a, err := decodeArticle(r.Raw, ix.opts.MaxArticleBytes)
		if err != nil {
			j.err = fmt.Errorf("%s: %w", r.Where(), err)
			return
		}
		j.a = a
	}
	r.Raw = nil
	ExtractArticle(ix.ex, j.a)
}
