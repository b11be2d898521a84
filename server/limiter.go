package server

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind/search"
)

// searchRetryAfter is the Retry-After a client gets when the search queue
// is full. A search at 200k articles takes from milliseconds to a few
// seconds, so a full queue drains within seconds; one second lets a client
// with backoff come back soon without hammering.
const searchRetryAfter = time.Second

// searchBusy is the 503 with Retry-After of a search the server had no
// slot for in time (err, if any, is the cause for the log).
func searchBusy(err error, msg string) *httpError {
	return &httpError{status: http.StatusServiceUnavailable, err: err,
		header: http.Header{"Retry-After": {strconv.Itoa(int(searchRetryAfter.Seconds()))}}, msg: msg}
}

// searchLimiter bounds the searches running at once (slots) and the
// requests waiting for a slot (the queue). Each running bleve search
// allocates its own postings, scores and facet counts and uses a core, so
// on a small machine running every request at once makes all of them slow
// and the heap spike; queued requests instead finish one after another.
//
// New requests wait first come, first served, except that a request the
// server expects to be heavy (search.Heavy, asked by Server.cacheOptions'
// gate: a text query scoring many hits) is due heavyDelay after it came: a
// click on a filter that arrives just after a broad keyword search goes
// first. (A heavy request is thus passed by the light ones of the next
// heavyDelay, however many they are; they are short.)
//
// A search that has run for its turn (quantum, doubled at each later turn;
// a heavy one's first turn is heavyQuantum) while new requests wait gives
// way, and a heavy search gives way at once when a light request is the
// one due next. At its next yield point (see search.Yielder) it hands its
// slot to the request due first and parks; parked searches get slots again
// after every new request has had one, or before them once they have
// waited maxParkedWait. Short searches (a click on a few facet values:
// about a millisecond) thus no longer wait behind long ones (a common
// keyword over 200k articles: tens of milliseconds under load), and a long
// search still finishes: each turn it gets is twice as long as the last.
type searchLimiter struct {
	slots    int           // searches allowed to hold a slot at once
	maxQueue int64         // new requests allowed to wait; 0: none
	quantum  time.Duration // a search's first turn
	// heavyQuantum is a heavy search's first turn; heavyDelay how much
	// later than its arrival a heavy new request is due.
	heavyQuantum, heavyDelay time.Duration
	maxParkedWait            time.Duration
	m                        *searchMetrics

	mu     sync.Mutex
	used   int          // slots held
	fresh  [2]list.List // *slotWaiter: new requests, light then heavy, each oldest first
	parked list.List    // *slotWaiter: searches that gave way, oldest first

	queued  atomic.Int64 // new requests waiting (the queue limit counts these)
	light   atomic.Int64 // light ones among them
	running atomic.Int64 // searches holding a slot now
}

// slotWaiter is one request or parked search waiting for a slot.
type slotWaiter struct {
	ready   chan struct{} // closed when granted a slot
	granted bool          // under searchLimiter.mu
	q       *list.List    // the queue it waits in
	el      *list.Element
	due     time.Time // new requests: when it would be served first
	// parked searches: when it parked, and whether it was let in ahead of
	// new requests for having waited maxParkedWait
	since time.Time
	aged  bool
}

// searchQuantum is a search's first turn, in wall time. A keyword search
// with a filter (about 2 ms of CPU at 200k articles) then finishes in its
// first turn even on a loaded machine: with a 4 ms turn, one in ten gave
// way and waited behind the long searches (p95 ~90 ms in the 16-client
// mix); with 8 ms none did (p95 ~22 ms). A broad keyword search over tens
// of thousands of hits runs several turns.
const searchQuantum = 8 * time.Millisecond

// heavyQuantum is the first turn of a search expected to be heavy: it
// gives way sooner to light requests that wait; it runs several turns
// anyway.
const heavyQuantum = 2 * time.Millisecond

// maxParkedWait is how long a parked search waits at most while new
// requests keep coming: then it goes ahead of them, and runs its turn
// without giving way to light ones. Without it, a steady stream of light
// requests (many clients clicking filters) would keep a heavy search parked
// until its deadline. Above the parked wait of the 16-client mix at 200k
// articles (p99 ~250 ms), so it bounds the worst case, not the usual one.
const maxParkedWait = 300 * time.Millisecond

// heavyDelay is how much later than its arrival a heavy new request is
// served: about one broad keyword search's CPU at 200k articles, so light
// requests arriving meanwhile go first.
const heavyDelay = 20 * time.Millisecond

// searchMetrics are the limiter's counters; nil fields are not recorded
// (tests build limiters without a registry).
type searchMetrics struct {
	wait     func(time.Duration)
	rejected func(reason string)
}

func newSearchLimiter(running, queued int, m *searchMetrics) *searchLimiter {
	if m == nil {
		m = &searchMetrics{}
	}
	return &searchLimiter{slots: max(running, 1), maxQueue: int64(max(queued, 0)), quantum: searchQuantum, heavyQuantum: heavyQuantum, heavyDelay: heavyDelay, maxParkedWait: maxParkedWait, m: m}
}

// Reasons a search is refused, as recorded in
// newsfind_search_rejected_total{reason}.
const (
	rejectQueueFull = "queue_full"
	rejectTimeout   = "timeout"
	rejectCanceled  = "canceled"
)

// acquire waits for a search slot. It returns a release function that must
// be called exactly once when the search is done. A full queue is refused
// at once with a 503 naming the limits; a request whose context ends while
// it waits gets the context's error (a 503 for its deadline, 499 for a
// client that went away) and leaves the queue.
func (l *searchLimiter) acquire(ctx context.Context) (release func(), err error) {
	t, err := l.acquireTicket(ctx, nil)
	if err != nil {
		return nil, err
	}
	return t.release, nil
}

// acquireTicket is acquire returning the search's ticket, whose yield the
// search calls at its yield points. heavy says whether the search is
// expected to be long (see searchLimiter); nil means light. It is asked
// once, without the limiter's lock, and only for a request the queue
// takes: its cost grows with the query, and a refused request should not
// pay it.
func (l *searchLimiter) acquireTicket(ctx context.Context, heavy func() bool) (*searchTicket, error) {
	if ctx.Err() != nil {
		return nil, l.refuse(context.Cause(ctx), 0)
	}
	l.mu.Lock()
	full := l.used >= l.slots && l.queued.Load() >= l.maxQueue
	l.mu.Unlock()
	if full {
		return nil, l.queueFull()
	}
	// Asked before anything is taken: a panic in it (it reads the index)
	// must not leave a slot held by nobody.
	hv := isHeavy(heavy)
	l.mu.Lock()
	// A slot free means nobody waits: slots are handed to waiters.
	if l.used < l.slots {
		l.used++
		l.mu.Unlock()
		return l.started(0, hv), nil
	}
	if l.queued.Load() >= l.maxQueue {
		l.mu.Unlock()
		return nil, l.queueFull()
	}
	w := l.enqueueFresh(hv)
	l.mu.Unlock()
	start := time.Now()
	select {
	case <-w.ready:
		return l.started(time.Since(start), hv), nil
	case <-ctx.Done():
		l.mu.Lock()
		if w.granted {
			// Granted as the context ended: pass the slot on.
			l.handOff()
		} else {
			l.unqueue(w)
		}
		l.mu.Unlock()
		return nil, l.refuse(context.Cause(ctx), time.Since(start))
	}
}

// isHeavy asks heavy, if any.
func isHeavy(heavy func() bool) bool { return heavy != nil && heavy() }

// queueFull records and returns the refusal of a request the queue has no
// room for.
func (l *searchLimiter) queueFull() error {
	l.reject(rejectQueueFull)
	return searchBusy(nil, fmt.Sprintf("server busy: all %d search slots are in use and %d searches are already queued "+
		"(limits: serve --max-concurrent-searches %d, --max-queued-searches %d); retry later",
		l.slots, l.maxQueue, l.slots, l.maxQueue))
}

// enqueue adds a waiter at the back of q. Under l.mu.
func (l *searchLimiter) enqueue(q *list.List) *slotWaiter {
	w := &slotWaiter{ready: make(chan struct{}), q: q}
	w.el = q.PushBack(w)
	return w
}

// enqueueFresh adds a new request to its queue. Under l.mu.
func (l *searchLimiter) enqueueFresh(heavy bool) *slotWaiter {
	due := time.Now()
	q := &l.fresh[0]
	if heavy {
		due = due.Add(l.heavyDelay)
		q = &l.fresh[1]
	} else {
		l.light.Add(1)
	}
	w := l.enqueue(q)
	w.due = due
	l.queued.Add(1)
	return w
}

// unqueue removes the new request w from its queue. Under l.mu.
func (l *searchLimiter) unqueue(w *slotWaiter) {
	w.q.Remove(w.el)
	l.queued.Add(-1)
	if w.q == &l.fresh[0] {
		l.light.Add(-1)
	}
}

// nextFresh is the queue of the new request to serve next (the earlier due
// of the two queues' fronts), nil if none waits. Under l.mu.
func (l *searchLimiter) nextFresh() *list.List {
	light, heavy := l.fresh[0].Front(), l.fresh[1].Front()
	switch {
	case light == nil && heavy == nil:
		return nil
	case heavy == nil || light != nil && !heavy.Value.(*slotWaiter).due.Before(light.Value.(*slotWaiter).due):
		return &l.fresh[0]
	}
	return &l.fresh[1]
}

// handOff gives a slot that is being let go to the oldest parked search if
// it has waited maxParkedWait, else to the new request due first, else to
// the oldest parked search, else frees it. Under l.mu.
func (l *searchLimiter) handOff() {
	var w *slotWaiter
	if front := l.parked.Front(); front != nil && time.Since(front.Value.(*slotWaiter).since) >= l.maxParkedWait {
		w = l.parked.Remove(front).(*slotWaiter)
		w.aged = true
	} else if q := l.nextFresh(); q != nil {
		w = q.Front().Value.(*slotWaiter)
		l.unqueue(w)
	} else if front := l.parked.Front(); front != nil {
		w = l.parked.Remove(front).(*slotWaiter)
	} else {
		l.used--
		return
	}
	w.granted = true
	close(w.ready)
}

// parkedCount is the number of parked searches waiting for a slot again.
func (l *searchLimiter) parkedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.parked.Len()
}

// held is the number of slots held (tests).
func (l *searchLimiter) held() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.used
}

// started records a search that got its slot after waiting d.
func (l *searchLimiter) started(d time.Duration, heavy bool) *searchTicket {
	l.running.Add(1)
	if l.m.wait != nil {
		l.m.wait(d)
	}
	q := l.quantum
	if heavy {
		q = min(q, l.heavyQuantum)
	}
	return &searchTicket{l: l, since: time.Now(), quantum: q, heavy: heavy}
}

// searchTicket is one search's hold on the limiter: a slot, or a place in
// the parked queue after it gave way.
type searchTicket struct {
	l *searchLimiter

	mu      sync.Mutex
	since   time.Time     // start of the current turn
	quantum time.Duration // length of the current turn
	heavy   bool          // gives way to light new requests at once
	aged    bool          // the current turn came for waiting maxParkedWait: no giving way before it ends
	parked  *slotWaiter   // non-nil while waiting for a slot again
	done    bool
}

// yield is the search's search.Yielder: once its turn is over and new
// requests wait, or at once for a heavy search when light new requests
// wait, it gives its slot to the one due first and waits for a slot
// again. Every goroutine of the search that calls it meanwhile waits too.
func (t *searchTicket) yield(ctx context.Context) error {
	if t.l.queued.Load() == 0 {
		t.mu.Lock()
		w := t.parked
		t.mu.Unlock()
		if w == nil {
			return nil
		}
		return t.waitTurn(ctx, w)
	}
	// New requests wait: let other goroutines run (theirs among them).
	// Searches run 10 ms between Go's preemptions, and a short request
	// whose goroutines queued behind them waited that long for each step.
	// Only then: yielding at every call also made long searches wait
	// behind the goroutines answering cache hits, and a cached Zipf stream
	// doubled their p99.
	runtime.Gosched()
	t.mu.Lock()
	w := t.parked
	if w == nil {
		turnOver := time.Since(t.since) >= t.quantum
		if t.done || !turnOver && !(t.heavy && !t.aged && t.l.light.Load() > 0) {
			t.mu.Unlock()
			return nil
		}
		l := t.l
		l.mu.Lock()
		// Taken meanwhile; or, before the turn is over, the request due
		// next is not a light one (a heavy one due earlier).
		if next := l.nextFresh(); next == nil || !turnOver && next != &l.fresh[0] {
			l.mu.Unlock()
			t.mu.Unlock()
			return nil
		}
		w = l.enqueue(&l.parked)
		w.since = time.Now()
		l.handOff() // to a new request, or a search parked for maxParkedWait
		l.mu.Unlock()
		l.running.Add(-1)
		t.parked = w
	}
	t.mu.Unlock()
	return t.waitTurn(ctx, w)
}

// waitTurn waits until the parked search's waiter w gets a slot.
func (t *searchTicket) waitTurn(ctx context.Context, w *slotWaiter) error {
	select {
	case <-w.ready:
		t.mu.Lock()
		if t.parked == w {
			t.parked = nil
			t.since = time.Now()
			t.aged = w.aged
			t.quantum *= 2
			t.l.running.Add(1)
		}
		t.mu.Unlock()
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// release lets go of the ticket's slot, or of its place in the parked
// queue; calls after the first do nothing.
func (t *searchTicket) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return
	}
	t.done = true
	l := t.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := t.parked; w != nil && !w.granted {
		w.q.Remove(w.el)
		return // holds no slot
	}
	// Holding a slot (a parked search granted one but not yet resumed
	// holds it too, uncounted in running).
	if t.parked == nil {
		l.running.Add(-1)
	}
	t.parked = nil
	l.handOff()
}

// refuse turns the end of a request's context while queued into its error.
// err is the context's cause: a search shared by several requests
// (search.Cache) runs on a context of its own, cancelled with the last
// waiting request's error when every one of them has gone.
func (l *searchLimiter) refuse(err error, waited time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		l.reject(rejectTimeout)
		return searchBusy(err, fmt.Sprintf("request timed out after waiting %s for one of %d search slots; retry later",
			waited.Round(time.Millisecond), l.slots))
	}
	l.reject(rejectCanceled)
	return fmt.Errorf("waiting for a search slot: %w", err)
}

func (l *searchLimiter) reject(reason string) {
	if l.m.rejected != nil {
		l.m.rejected(reason)
	}
}

// withSearchSlot runs f holding a search slot. f's context carries the
// ticket's yield as its search.Yielder.
func (s *Server) withSearchSlot(ctx context.Context, f func(context.Context) error) error {
	return s.withSearchSlotAs(ctx, nil, f)
}

// withSearchSlotAs is withSearchSlot for a search that heavy tells to be
// heavy or not (see searchLimiter and acquireTicket).
func (s *Server) withSearchSlotAs(ctx context.Context, heavy func() bool, f func(context.Context) error) error {
	t, err := s.searches.acquireTicket(ctx, heavy)
	if err != nil {
		return err
	}
	defer t.release()
	return f(search.WithYielder(ctx, t.yield))
}
