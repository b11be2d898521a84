package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/search"
)

func TestSearchLimiterAdmission(t *testing.T) {
	tests := []struct {
		name          string
		slots, queue  int
		callers       int // acquire calls made while every earlier one still holds or waits
		wantRunning   int
		wantQueued    int
		wantQueueFull int // callers refused at once
	}{
		{"under the limit", 3, 2, 2, 2, 0, 0},
		{"slots full, rest queue", 2, 3, 5, 2, 3, 0},
		{"queue full refuses", 2, 3, 7, 2, 3, 2},
		{"no queue", 1, 0, 3, 1, 0, 2},
		{"one slot, long queue", 1, 10, 6, 1, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rejected []string
			var mu sync.Mutex
			l := newSearchLimiter(tt.slots, tt.queue, &searchMetrics{rejected: func(r string) {
				mu.Lock()
				rejected = append(rejected, r)
				mu.Unlock()
			}})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			type result struct {
				release func()
				err     error
			}
			results := make(chan result, tt.callers)
			var refused []error
			for i := 0; i < tt.callers; i++ {
				if i >= tt.slots+tt.queue {
					// Expected to be refused: that must happen at once.
					tctx, tcancel := context.WithTimeout(ctx, 5*time.Second)
					rel, err := l.acquire(tctx)
					tcancel()
					if err == nil {
						rel()
						t.Fatalf("caller %d got a slot, want a refusal", i)
					}
					refused = append(refused, err)
					continue
				}
				// Callers arrive one at a time, so which ones run and which
				// queue is deterministic.
				go func() {
					rel, err := l.acquire(ctx)
					results <- result{rel, err}
				}()
				waitFor(t, func() bool { return l.running.Load()+l.queued.Load() == int64(i+1) })
			}
			if got := int(l.running.Load()); got != tt.wantRunning {
				t.Errorf("running = %d, want %d", got, tt.wantRunning)
			}
			if got := int(l.queued.Load()); got != tt.wantQueued {
				t.Errorf("queued = %d, want %d", got, tt.wantQueued)
			}
			if len(refused) != tt.wantQueueFull {
				t.Fatalf("refused %d callers (%v), want %d", len(refused), refused, tt.wantQueueFull)
			}
			for _, err := range refused {
				var he *httpError
				if !errors.As(err, &he) || he.status != http.StatusServiceUnavailable || he.header.Get("Retry-After") == "" {
					t.Errorf("refusal = %#v, want a 503 httpError with Retry-After", err)
					continue
				}
				if !strings.Contains(he.msg, "--max-concurrent-searches") || !strings.Contains(he.msg, "--max-queued-searches") {
					t.Errorf("refusal message %q does not name the limits", he.msg)
				}
			}
			// Release every holder in turn: each queued caller must get a
			// slot, never more than the limit at once.
			for served := 0; served < tt.wantRunning+tt.wantQueued; served++ {
				r := <-results
				if r.err != nil {
					t.Fatalf("acquire: %v", r.err)
				}
				if n := l.running.Load(); n > int64(tt.slots) {
					t.Fatalf("%d searches running, limit %d", n, tt.slots)
				}
				r.release()
				r.release() // a second call must not free a second slot
			}
			waitFor(t, func() bool { return l.running.Load() == 0 && l.queued.Load() == 0 })
			if l.held() != 0 {
				t.Errorf("%d slots still taken after every release", l.held())
			}
			mu.Lock()
			defer mu.Unlock()
			if len(rejected) != tt.wantQueueFull {
				t.Errorf("rejected metric recorded %v, want %d queue_full", rejected, tt.wantQueueFull)
			}
		})
	}
}

func TestSearchLimiterContextWhileQueued(t *testing.T) {
	tests := []struct {
		name       string
		ctx        func() (context.Context, context.CancelFunc)
		wantStatus int
		wantReason string
	}{
		{"deadline passes", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, http.StatusServiceUnavailable, rejectTimeout},
		{"client goes away", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			return ctx, cancel
		}, statusClientClosed, rejectCanceled},
		{"shared search, its callers timed out", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancelCause(context.Background())
			time.AfterFunc(20*time.Millisecond, func() { cancel(context.DeadlineExceeded) })
			return ctx, func() { cancel(nil) }
		}, http.StatusServiceUnavailable, rejectTimeout},
		{"already cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, statusClientClosed, rejectCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reasons []string
			l := newSearchLimiter(1, 4, &searchMetrics{rejected: func(r string) { reasons = append(reasons, r) }})
			hold, err := l.acquire(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			rel, err := l.acquire(ctx)
			if err == nil {
				rel()
				t.Fatal("acquire succeeded while the only slot was held")
			}
			if status, msg := classify(err); status != tt.wantStatus {
				t.Errorf("status = %d (%q), want %d", status, msg, tt.wantStatus)
			}
			if l.queued.Load() != 0 {
				t.Errorf("queued = %d after the context ended, want 0 (the waiter must leave the queue)", l.queued.Load())
			}
			if len(reasons) != 1 || reasons[0] != tt.wantReason {
				t.Errorf("rejected reasons = %v, want [%s]", reasons, tt.wantReason)
			}
			hold()
			// The slot the cancelled waiter did not take is free again.
			rel, err = l.acquire(context.Background())
			if err != nil {
				t.Fatalf("acquire after release: %v", err)
			}
			rel()
			if l.held() != 0 || l.running.Load() != 0 {
				t.Errorf("slots taken %d, running %d after every release", l.held(), l.running.Load())
			}
		})
	}
}

func TestSearchLimiterFIFO(t *testing.T) {
	l := newSearchLimiter(1, 10, nil)
	hold, err := l.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	order := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		waitFor(t, func() bool { return l.queued.Load() == int64(i) })
		wg.Add(1)
		go func() {
			defer wg.Done()
			rel, err := l.acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			order <- i
			rel()
		}()
	}
	waitFor(t, func() bool { return l.queued.Load() == n })
	hold()
	wg.Wait()
	close(order)
	want := 0
	for got := range order {
		if got != want {
			t.Errorf("waiter %d got a slot in turn %d: not first come, first served", got, want)
		}
		want++
	}
}

// TestSearchEndpointsLimited holds every search slot and checks that each
// read endpoint that searches waits its turn, and that one more request
// than the queue holds gets the 503.
func TestSearchEndpointsLimited(t *testing.T) {
	e := newEnv(t, Config{MaxConcurrentSearches: 1, MaxQueuedSearches: 1})
	e.seed(testArticle("a1", "Oil prices", "Oil rose in Jakarta.", "Barack Obama"))
	for _, path := range []string{"/api/search?q=oil", "/api/quotes?q=win", "/api/facets/person?prefix=b", "/api/stats"} {
		t.Run(path, func(t *testing.T) {
			hold, err := e.srv.searches.acquire(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			queued := make(chan resp, 1)
			go func() { queued <- e.do(req{method: http.MethodGet, path: path}) }()
			waitFor(t, func() bool { return e.srv.searches.queued.Load() == 1 })

			m := e.do(req{method: http.MethodGet, path: "/metrics"})
			for _, want := range []string{"newsfind_search_queued 1", "newsfind_search_in_flight 1", "newsfind_search_slots 1", "newsfind_search_queue_limit 1"} {
				if !strings.Contains(string(m.body), want+"\n") {
					t.Errorf("/metrics lacks %q", want)
				}
			}

			full := e.do(req{method: http.MethodGet, path: path})
			msg := full.checkError(t, http.StatusServiceUnavailable)
			if full.header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After = %q, want 1", full.header.Get("Retry-After"))
			}
			if !strings.Contains(msg, "--max-queued-searches 1") {
				t.Errorf("message %q does not name the queue limit", msg)
			}
			select {
			case r := <-queued:
				t.Fatalf("queued request answered %d before a slot was free: %s", r.status, r.body)
			default:
			}
			hold()
			if r := <-queued; r.status != http.StatusOK {
				t.Errorf("queued request: status %d, want 200: %s", r.status, r.body)
			}
			waitFor(t, func() bool {
				return e.srv.searches.running.Load() == 0 && e.srv.searches.queued.Load() == 0
			})
		})
	}
	m := e.do(req{method: http.MethodGet, path: "/metrics"})
	if !strings.Contains(string(m.body), `newsfind_search_rejected_total{reason="queue_full"} 4`) {
		t.Errorf("/metrics: want 4 queue_full rejections:\n%s", grepLines(string(m.body), "newsfind_search_rejected"))
	}
}

// TestSearchQueueTimeout: a request whose read timeout passes while it
// waits for a slot gets a 503 naming the wait, and leaves the queue.
func TestSearchQueueTimeout(t *testing.T) {
	// With the cache the request waits for a shared search, not in the
	// queue itself: it must get the same answer.
	for _, cacheBytes := range []int64{0, 1 << 20} {
		t.Run(fmt.Sprintf("cache=%d", cacheBytes), func(t *testing.T) {
			e := newEnv(t, Config{MaxConcurrentSearches: 1, RequestTimeout: 50 * time.Millisecond, CacheBytes: cacheBytes})
			hold, err := e.srv.searches.acquire(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer hold()
			for _, path := range []string{"/api/search?q=oil", "/api/quotes?q=oil", "/api/facets/person?prefix=a"} {
				r := e.do(req{method: http.MethodGet, path: path})
				msg := r.checkError(t, http.StatusServiceUnavailable)
				if !strings.Contains(msg, "timed out after waiting") || r.header.Get("Retry-After") == "" {
					t.Errorf("%s: message %q, Retry-After %q: want the queue timeout", path, msg, r.header.Get("Retry-After"))
				}
			}
			hold()
			deadline := time.Now().Add(5 * time.Second) // abandoned shared searches leave the queue
			for e.srv.searches.queued.Load() != 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if q := e.srv.searches.queued.Load(); q != 0 {
				t.Errorf("queued = %d after the timeout, want 0", q)
			}
		})
	}
}

// TestWritesNotLimited: writes and article fetches do not wait for search
// slots.
func TestWritesNotLimited(t *testing.T) {
	e := newEnv(t, Config{MaxConcurrentSearches: 1, MaxQueuedSearches: -1})
	hold, err := e.srv.searches.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer hold()
	put := e.do(req{method: http.MethodPut, path: "/api/articles/x1", header: jsonHeader(),
		body: strings.NewReader(`{"title":"Oil","body":"Oil rose."}`)})
	if put.status != http.StatusCreated {
		t.Fatalf("PUT while searches are full: %d %s", put.status, put.body)
	}
	if g := e.do(req{method: http.MethodGet, path: "/api/articles/x1"}); g.status != http.StatusOK {
		t.Errorf("GET article while searches are full: %d %s", g.status, g.body)
	}
	if s := e.do(req{method: http.MethodGet, path: "/api/search?q=oil"}); s.status != http.StatusServiceUnavailable {
		t.Errorf("search with no slot and no queue: %d, want 503", s.status)
	}
}

func TestSearchLimitDefaults(t *testing.T) {
	tests := []struct {
		in            Config
		slots, queued int
	}{
		{Config{}, DefaultMaxConcurrentSearches(), DefaultMaxQueuedSearches},
		{Config{MaxConcurrentSearches: 3, MaxQueuedSearches: 7}, 3, 7},
		{Config{MaxQueuedSearches: -1}, DefaultMaxConcurrentSearches(), 0},
		{Config{MaxConcurrentSearches: -5}, DefaultMaxConcurrentSearches(), DefaultMaxQueuedSearches},
	}
	for _, tt := range tests {
		c := tt.in.withDefaults()
		if c.MaxConcurrentSearches != tt.slots || c.MaxQueuedSearches != tt.queued {
			t.Errorf("%+v: slots %d queued %d, want %d %d", tt.in, c.MaxConcurrentSearches, c.MaxQueuedSearches, tt.slots, tt.queued)
		}
	}
	if DefaultMaxConcurrentSearches() < 2 {
		t.Errorf("DefaultMaxConcurrentSearches() = %d, want at least 2", DefaultMaxConcurrentSearches())
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// BenchmarkSearchLimiter is the cost the limiter adds to every search:
// an uncontended acquire and release, and one under contention from
// parallel goroutines (which also measures the queue's hand-over).
func BenchmarkSearchLimiter(b *testing.B) {
	ctx := context.Background()
	b.Run("uncontended", func(b *testing.B) {
		l := newSearchLimiter(4, 256, nil)
		for b.Loop() {
			rel, err := l.acquire(ctx)
			if err != nil {
				b.Fatal(err)
			}
			rel()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		l := newSearchLimiter(2, 1<<20, nil)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				rel, err := l.acquire(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				rel()
			}
		})
	})
}

// arrive starts a new light request on l, which must have no slot free,
// and returns once the request waits in the queue; its ticket comes on the
// channel when it gets a slot, after granted (if not nil) has run.
func arrive(t *testing.T, l *searchLimiter, granted func()) <-chan *searchTicket {
	t.Helper()
	return arriveAs(t, l, false, granted)
}

// arriveAs is arrive for a request that is heavy or not.
func arriveAs(t *testing.T, l *searchLimiter, heavy bool, granted func()) <-chan *searchTicket {
	t.Helper()
	queued := l.queued.Load()
	got := make(chan *searchTicket, 1)
	go func() {
		tk, err := l.acquireTicket(context.Background(), func() bool { return heavy })
		if err != nil {
			t.Error(err)
		}
		if granted != nil {
			granted()
		}
		got <- tk
	}()
	waitFor(t, func() bool { return l.queued.Load() == queued+1 })
	return got
}

// TestSearchTicketYield: a search whose turn is over gives its slot to a
// waiting new request and goes on once that one is done; before its turn
// is over, or with nobody waiting, it goes on at once.
func TestSearchTicketYield(t *testing.T) {
	ctx := context.Background()
	t.Run("nobody waiting", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum = 0
		a, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer a.release()
		if err := a.yield(ctx); err != nil {
			t.Fatal(err)
		}
		if a.parked != nil || l.parkedCount() != 0 || l.running.Load() != 1 {
			t.Errorf("parked %v, waiting %d, running %d: want it still running", a.parked, l.parkedCount(), l.running.Load())
		}
	})
	t.Run("turn not over", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum = time.Hour
		a, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := arrive(t, l, nil)
		if err := a.yield(ctx); err != nil {
			t.Fatal(err)
		}
		if l.queued.Load() != 1 || l.running.Load() != 1 {
			t.Errorf("queued %d running %d: a gave way before its turn was over", l.queued.Load(), l.running.Load())
		}
		a.release()
		(<-got).release()
		if l.held() != 0 {
			t.Errorf("%d slots held after every release", l.held())
		}
	})
	t.Run("gives way, new requests first, then resumes with a longer turn", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum = time.Nanosecond
		a, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var order []string
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		b := arrive(t, l, func() { note("b") })
		yielded := make(chan error, 2)
		for range 2 { // two goroutines of the same search
			go func() { yielded <- a.yield(ctx) }()
		}
		bt := <-b // a gave its slot to b
		// yield hands the slot over under the limiter's lock and takes a
		// off the running gauge just after: b can be counted before a is
		// not (CI once saw running 2 here). The slot itself (held) is
		// never shared.
		waitFor(t, func() bool { return l.parkedCount() == 1 && l.running.Load() == 1 })
		if l.running.Load() != 1 || l.held() != 1 {
			t.Errorf("running %d held %d while a is parked, want 1 1", l.running.Load(), l.held())
		}
		c := arrive(t, l, func() { note("c") }) // a new request while a is parked: it goes first
		bt.release()
		ct := <-c
		select {
		case err := <-yielded:
			t.Fatalf("a resumed (%v) while c held the only slot", err)
		case <-time.After(20 * time.Millisecond):
		}
		ct.release()
		for range 2 {
			if err := <-yielded; err != nil {
				t.Fatal(err)
			}
		}
		note("a")
		if want := []string{"b", "c", "a"}; !slices.Equal(order, want) {
			t.Errorf("order %v, want %v", order, want)
		}
		if a.quantum != 2*time.Nanosecond {
			t.Errorf("second turn %v, want twice the first", a.quantum)
		}
		if l.running.Load() != 1 || l.parkedCount() != 0 {
			t.Errorf("running %d waiting %d after a resumed", l.running.Load(), l.parkedCount())
		}
		a.release()
		a.release()
		if l.held() != 0 || l.running.Load() != 0 {
			t.Errorf("held %d running %d after every release", l.held(), l.running.Load())
		}
	})
	t.Run("context ends while parked", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum = 0
		a, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := arrive(t, l, nil)
		actx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- a.yield(actx) }()
		bt := <-b
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("yield = %v, want context.Canceled", err)
		}
		a.release() // leaves the parked queue, holds no slot
		if l.parkedCount() != 0 || l.held() != 1 {
			t.Errorf("waiting %d held %d, want 0 1 (only b's slot)", l.parkedCount(), l.held())
		}
		bt.release()
		if l.held() != 0 || l.running.Load() != 0 {
			t.Errorf("held %d running %d after every release", l.held(), l.running.Load())
		}
	})
}

// TestSearchLimiterLightFirst: new requests expected to be light go ahead
// of heavy ones that came less than heavyDelay before them, and a heavy
// search gives way to a light request at once, not at the end of its turn.
func TestSearchLimiterLightFirst(t *testing.T) {
	ctx := context.Background()
	yes := func() bool { return true }
	for _, tc := range []struct {
		name  string
		delay time.Duration
		pause time.Duration // between the heavy request and the light ones
		want  []string
	}{
		{"light first", time.Hour, 0, []string{"light1", "light2", "heavy"}},
		{"no delay: first come, first served", 0, 0, []string{"heavy", "light1", "light2"}},
		{"heavy due before the light ones came", 10 * time.Millisecond, 30 * time.Millisecond, []string{"heavy", "light1", "light2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newSearchLimiter(1, 8, nil)
			l.heavyDelay = tc.delay
			hold, err := l.acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var order []string
			note := func(s string) func() { return func() { mu.Lock(); order = append(order, s); mu.Unlock() } }
			var got []<-chan *searchTicket
			got = append(got, arriveAs(t, l, true, note("heavy")))
			time.Sleep(tc.pause)
			got = append(got, arrive(t, l, note("light1")), arrive(t, l, note("light2")))
			if l.light.Load() != 2 || l.queued.Load() != 3 {
				t.Errorf("light %d queued %d, want 2 3", l.light.Load(), l.queued.Load())
			}
			hold()
			for range got { // each runs alone and lets the next in
				select {
				case tk := <-got[0]:
					tk.release()
				case tk := <-got[1]:
					tk.release()
				case tk := <-got[2]:
					tk.release()
				}
			}
			if !slices.Equal(order, tc.want) {
				t.Errorf("order %v, want %v", order, tc.want)
			}
			if l.held() != 0 || l.queued.Load() != 0 || l.light.Load() != 0 {
				t.Errorf("held %d queued %d light %d after every release", l.held(), l.queued.Load(), l.light.Load())
			}
		})
	}
	t.Run("heavy search gives way to a light request at once", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum, l.heavyQuantum, l.heavyDelay = time.Hour, time.Hour, time.Hour
		a, err := l.acquireTicket(ctx, yes)
		if err != nil {
			t.Fatal(err)
		}
		h := arriveAs(t, l, true, nil)
		if err := a.yield(ctx); err != nil { // a heavy request waits: a's turn goes on
			t.Fatal(err)
		}
		if a.parked != nil || l.running.Load() != 1 {
			t.Fatalf("a gave way to a heavy request before its turn was over")
		}
		b := arrive(t, l, nil)
		yielded := make(chan error, 1)
		go func() { yielded <- a.yield(ctx) }()
		var bt *searchTicket
		select {
		case bt = <-b: // a gave its slot to the light request
		case <-time.After(10 * time.Second):
			t.Fatal("the light request got no slot: the heavy search did not give way")
		}
		waitFor(t, func() bool { return l.parkedCount() == 1 })
		bt.release() // then the heavy new request, then a
		ht := <-h
		ht.release()
		if err := <-yielded; err != nil {
			t.Fatal(err)
		}
		a.release()
		if l.held() != 0 || l.running.Load() != 0 {
			t.Errorf("held %d running %d after every release", l.held(), l.running.Load())
		}
	})
	t.Run("heavy search does not give way early when a heavy request is due first", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum, l.heavyQuantum, l.heavyDelay = time.Hour, time.Hour, 0
		a, err := l.acquireTicket(ctx, yes)
		if err != nil {
			t.Fatal(err)
		}
		h := arriveAs(t, l, true, nil) // due now: ahead of the light one below
		b := arrive(t, l, nil)
		turn := a.since
		if err := a.yield(ctx); err != nil || a.since != turn || l.running.Load() != 1 {
			t.Errorf("yield = %v, new turn %v, running %d: a gave way for a heavy request before its turn was over", err, a.since != turn, l.running.Load())
		}
		a.release()
		(<-h).release()
		(<-b).release()
	})
	t.Run("first turns: heavyQuantum for a heavy search, quantum for a light one", func(t *testing.T) {
		for _, tc := range []struct {
			heavy     bool
			givesWay  bool
			light, hv time.Duration
		}{
			{true, true, time.Hour, 0},
			{true, false, time.Hour, time.Hour}, // a heavy turn is the shorter of the two
			{false, true, 0, time.Hour},
			{false, false, time.Hour, 0},
		} {
			l := newSearchLimiter(1, 4, nil)
			l.quantum, l.heavyQuantum = tc.light, tc.hv
			a, err := l.acquireTicket(ctx, func() bool { return tc.heavy })
			if err != nil {
				t.Fatal(err)
			}
			h := arriveAs(t, l, true, nil) // a heavy request waits: only a turn's end makes way for it
			yielded := make(chan error, 1)
			go func() { yielded <- a.yield(ctx) }()
			if tc.givesWay {
				ht := <-h
				waitFor(t, func() bool { return l.parkedCount() == 1 })
				ht.release()
				if err := <-yielded; err != nil {
					t.Fatal(err)
				}
				a.release()
				continue
			}
			select {
			case err := <-yielded:
				if err != nil || l.parkedCount() != 0 {
					t.Errorf("%+v: yield = %v, parked %d: gave way before its turn was over", tc, err, l.parkedCount())
				}
				a.release()
				(<-h).release()
			case ht := <-h:
				t.Errorf("%+v: gave way before its turn was over", tc)
				ht.release()
				<-yielded
				a.release()
			}
		}
	})
	t.Run("heavy is asked only of a request the queue takes", func(t *testing.T) {
		l := newSearchLimiter(1, 0, nil)
		hold, err := l.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		asked := 0
		if _, err := l.acquireTicket(ctx, func() bool { asked++; return true }); err == nil {
			t.Fatal("a request beyond a full queue got a slot")
		}
		hold()
		tk, err := l.acquireTicket(ctx, func() bool { asked++; return true })
		if err != nil {
			t.Fatal(err)
		}
		if asked != 1 || !tk.heavy || tk.quantum != l.heavyQuantum {
			t.Errorf("asked %d times, heavy %v, turn %v: want asked once for the request that got a slot", asked, tk.heavy, tk.quantum)
		}
		tk.release()
	})
	t.Run("a panic in heavy takes no slot", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		func() {
			defer func() { recover() }()
			l.acquireTicket(ctx, func() bool { panic("heavy failed") })
		}()
		if l.held() != 0 || l.queued.Load() != 0 {
			t.Fatalf("after a panic in heavy: %d slots held, %d queued", l.held(), l.queued.Load())
		}
		tk, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		tk.release()
	})
	t.Run("a steady stream of light requests does not starve a heavy search", func(t *testing.T) {
		l := newSearchLimiter(1, 8, nil)
		l.quantum, l.heavyQuantum, l.maxParkedWait = time.Hour, time.Hour, 30*time.Millisecond
		a, err := l.acquireTicket(ctx, yes)
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 { // two clients clicking filters without pause
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					rel, err := l.acquire(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					time.Sleep(time.Millisecond)
					rel()
				}
			})
		}
		defer func() { close(stop); wg.Wait() }()
		waitFor(t, func() bool { return l.light.Load() > 0 })
		start := time.Now()
		yielded := make(chan error, 1)
		go func() { yielded <- a.yield(ctx) }() // gives way to the light ones...
		select {
		case err := <-yielded: // ...and is let in again after maxParkedWait
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the heavy search stayed parked while light requests kept coming")
		}
		if waited := time.Since(start); waited < l.maxParkedWait {
			t.Errorf("resumed after %v, before maxParkedWait", waited)
		}
		turn := a.since
		if err := a.yield(ctx); err != nil || a.since != turn { // its turn now runs out, light requests or not
			t.Errorf("yield = %v, new turn %v: the aged turn gave way at once", err, a.since != turn)
		}
		a.release()
	})
	t.Run("light search does not give way to light requests before its turn is over", func(t *testing.T) {
		l := newSearchLimiter(1, 4, nil)
		l.quantum = time.Hour
		a, err := l.acquireTicket(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := arrive(t, l, nil)
		if err := a.yield(ctx); err != nil {
			t.Fatal(err)
		}
		if a.parked != nil || l.running.Load() != 1 {
			t.Errorf("a light search gave way before its turn was over")
		}
		a.release()
		(<-b).release()
	})
}

// TestSearchSlotCarriesYielder: the context a search runs on under
// withSearchSlot carries its ticket's yield, so a long search (the search
// package calls the Yielder from its hit loops) gives its slot to a request
// that arrives meanwhile, and the metrics show it parked.
func TestSearchSlotCarriesYielder(t *testing.T) {
	e := newEnv(t, Config{MaxConcurrentSearches: 1, MaxQueuedSearches: 4})
	e.srv.searches.quantum = 0
	ctx := context.Background()
	yielding := make(chan struct{})
	resumed := make(chan error, 1)
	go func() {
		resumed <- e.srv.withSearchSlot(ctx, func(ctx context.Context) error {
			y := search.YielderOf(ctx)
			if y == nil {
				return errors.New("no Yielder in the search's context")
			}
			<-yielding
			return y(ctx)
		})
	}()
	waitFor(t, func() bool { return e.srv.searches.running.Load() == 1 })
	ran := make(chan error, 1)
	go func() {
		ran <- e.srv.withSearchSlot(ctx, func(context.Context) error { return nil })
	}()
	waitFor(t, func() bool { return e.srv.searches.queued.Load() == 1 })
	close(yielding)
	if err := <-ran; err != nil { // ran while the first search was parked
		t.Fatal(err)
	}
	if err := <-resumed; err != nil {
		t.Fatal(err)
	}
	if e.srv.searches.held() != 0 || e.srv.searches.parkedCount() != 0 {
		t.Errorf("held %d parked %d after both", e.srv.searches.held(), e.srv.searches.parkedCount())
	}
	m := e.do(req{method: http.MethodGet, path: "/metrics"})
	if !strings.Contains(string(m.body), "newsfind_search_parked 0\n") {
		t.Errorf("/metrics lacks newsfind_search_parked")
	}
}
