package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of their own
// so several servers (tests) can live in one process.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // route, method, code
	duration *prometheus.HistogramVec // route, method, code
	errors   *prometheus.CounterVec   // route, code
	indexed  *prometheus.CounterVec   // result
	wait     prometheus.Histogram     // time a search waited for a slot
	rejected *prometheus.CounterVec   // reason
}

func newMetrics(st *store.Store, inFlight func() float64) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsfind_http_requests_total",
			Help: "HTTP requests by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsfind_http_request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"route", "method", "code"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsfind_http_errors_total",
			Help: "HTTP responses with status >= 400 by route template and status code.",
		}, []string{"route", "code"}),
		indexed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsfind_articles_indexed_total",
			Help: "Articles written through the API by result (created, updated, deleted, failed).",
		}, []string{"result"}),
	}
	m.wait = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "newsfind_search_queue_wait_seconds",
		Help:    "Time a search request waited for a search slot (0 when one was free).",
		Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "newsfind_search_rejected_total",
		Help: "Search requests refused by the search limiter: queue_full (503 at once), timeout (deadline passed while queued), canceled (client gone while queued).",
	}, []string{"reason"})
	for _, r := range []string{rejectQueueFull, rejectTimeout, rejectCanceled} {
		m.rejected.WithLabelValues(r)
	}
	m.reg.MustRegister(m.requests, m.duration, m.errors, m.indexed, m.wait, m.rejected,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}, inFlight),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_index_size_bytes",
			Help: "Bytes the index takes on disk (0 for an in-memory index).",
		}, func() float64 { return float64(st.DiskSize()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_articles",
			Help: "Articles in the index (-1 when the count fails).",
		}, func() float64 {
			n, err := st.Count()
			if err != nil {
				return -1
			}
			return float64(n)
		}),
	)
	// Pre-create the result series so rate() works from the first write.
	for _, r := range []string{"created", "updated", "deleted", "failed"} {
		m.indexed.WithLabelValues(r)
	}
	return m
}

// searchMetrics feeds the limiter's wait times and refusals to m.
func (m *metrics) searchMetrics() *searchMetrics {
	return &searchMetrics{
		wait:     func(d time.Duration) { m.wait.Observe(d.Seconds()) },
		rejected: func(reason string) { m.rejected.WithLabelValues(reason).Inc() },
	}
}

// registerSearchLimiter exports the limiter's state as gauges.
func (m *metrics) registerSearchLimiter(l *searchLimiter) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_in_flight",
			Help: "Searches running now (holding a search slot).",
		}, func() float64 { return float64(l.running.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_queued",
			Help: "Search requests waiting for a search slot.",
		}, func() float64 { return float64(l.queued.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_parked",
			Help: "Searches that gave their slot to newer requests after their turn and wait to resume.",
		}, func() float64 { return float64(l.parkedCount()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_slots",
			Help: "Searches allowed to run at once (serve --max-concurrent-searches).",
		}, func() float64 { return float64(l.slots) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_queue_limit",
			Help: "Search requests allowed to wait for a slot (serve --max-queued-searches).",
		}, func() float64 { return float64(l.maxQueue) }),
	)
}

// registerCache exports the search cache's counters and size.
func (m *metrics) registerCache(c *search.Cache) {
	for _, r := range []struct {
		result string
		get    func(search.CacheStats) uint64
	}{
		{"hit", func(s search.CacheStats) uint64 { return s.Hits }},
		{"miss", func(s search.CacheStats) uint64 { return s.Misses }},
		{"coalesced", func(s search.CacheStats) uint64 { return s.Coalesced }},
		{"bypass", func(s search.CacheStats) uint64 { return s.Bypassed }},
	} {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "newsfind_search_cache_requests_total",
			Help: "Search, quote and facet-value requests by how the result cache answered: hit (from memory), " +
				"miss (searched), coalesced (waited for the same search of another request), " +
				"bypass (not cached: cache off, Cache-Control: no-cache, or an invalid request).",
			ConstLabels: prometheus.Labels{"result": r.result},
		}, func() float64 { return float64(r.get(c.Stats())) }))
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_cache_entries",
			Help: "Answers in the search result cache.",
		}, func() float64 { return float64(c.Stats().Entries) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_cache_bytes",
			Help: "Estimated bytes of the answers in the search result cache.",
		}, func() float64 { return float64(c.Stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsfind_search_cache_max_bytes",
			Help: "Bound of the search result cache (serve --cache-mb; 0: off).",
		}, func() float64 { return float64(max(c.Stats().MaxBytes, 0)) }),
	)
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.duration.WithLabelValues(route, method, code).Observe(d.Seconds())
	if status >= 400 {
		m.errors.WithLabelValues(route, code).Inc()
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// methodLabel bounds the method label: clients can send any token as a
// method, and each distinct label value is a new time series.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}
