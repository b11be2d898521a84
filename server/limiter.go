package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
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
// Waiting is first come, first served: a released slot goes to the request
// that has waited longest (Go channels wake blocked senders in order), and
// a new request only takes a slot at once when nobody is waiting.
type searchLimiter struct {
	slots    chan struct{} // one token per running search
	maxQueue int64         // requests allowed to wait; 0: none
	queued   atomic.Int64  // requests waiting now
	running  atomic.Int64  // searches holding a slot now
	m        *searchMetrics
}

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
	return &searchLimiter{slots: make(chan struct{}, running), maxQueue: int64(max(queued, 0)), m: m}
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
	if ctx.Err() != nil {
		return nil, l.refuse(context.Cause(ctx), 0)
	}
	// Nobody waiting and a slot free: take it without queueing.
	if l.queued.Load() == 0 {
		select {
		case l.slots <- struct{}{}:
			return l.started(0), nil
		default:
		}
	}
	if n := l.queued.Add(1); n > l.maxQueue {
		l.queued.Add(-1)
		l.reject(rejectQueueFull)
		return nil, searchBusy(nil, fmt.Sprintf("server busy: all %d search slots are in use and %d searches are already queued "+
			"(limits: serve --max-concurrent-searches %d, --max-queued-searches %d); retry later",
			cap(l.slots), l.maxQueue, cap(l.slots), l.maxQueue))
	}
	start := time.Now()
	select {
	case l.slots <- struct{}{}:
		l.queued.Add(-1)
		return l.started(time.Since(start)), nil
	case <-ctx.Done():
		l.queued.Add(-1)
		return nil, l.refuse(context.Cause(ctx), time.Since(start))
	}
}

// started records a search that got its slot after waiting d.
func (l *searchLimiter) started(d time.Duration) func() {
	l.running.Add(1)
	if l.m.wait != nil {
		l.m.wait(d)
	}
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			l.running.Add(-1)
			<-l.slots
		}
	}
}

// refuse turns the end of a request's context while queued into its error.
// err is the context's cause: a search shared by several requests
// (search.Cache) runs on a context of its own, cancelled with the last
// waiting request's error when every one of them has gone.
func (l *searchLimiter) refuse(err error, waited time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		l.reject(rejectTimeout)
		return searchBusy(err, fmt.Sprintf("request timed out after waiting %s for one of %d search slots; retry later",
			waited.Round(time.Millisecond), cap(l.slots)))
	}
	l.reject(rejectCanceled)
	return fmt.Errorf("waiting for a search slot: %w", err)
}

func (l *searchLimiter) reject(reason string) {
	if l.m.rejected != nil {
		l.m.rejected(reason)
	}
}

// withSearchSlot runs f holding a search slot.
func (s *Server) withSearchSlot(ctx context.Context, f func() error) error {
	release, err := s.searches.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return f()
}
