package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/server/ui"
)

// Server is the HTTP API and UI over one store.
type Server struct {
	cfg        Config
	st         *store.Store
	ix         *indexer.Indexer
	log        *slog.Logger
	metrics    *metrics
	handler    http.Handler
	draining   atomic.Bool
	inFlight   atomic.Int64  // requests being served
	bulkSlots  chan struct{} // one token per bulk request allowed to run
	searches   *searchLimiter
	cache      *search.Cache // search answers until the next write; disabled at CacheBytes 0
	statsCache statsCache
}

// New builds the server. cfg is validated (see Config.Validate); zero
// fields take their defaults. A nil logger discards logs.
func New(cfg Config, st *store.Store, ix *indexer.Indexer, logger *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if st == nil || ix == nil {
		return nil, errors.New("server: New needs a store and an indexer")
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg.withDefaults(), st: st, ix: ix, log: logger}
	s.metrics = newMetrics(st, func() float64 { return float64(s.inFlight.Load()) })
	s.searches = newSearchLimiter(s.cfg.MaxConcurrentSearches, s.cfg.MaxQueuedSearches, s.metrics.searchMetrics())
	s.metrics.registerSearchLimiter(s.searches)
	s.cache = search.NewCache(s.cfg.CacheBytes)
	s.metrics.registerCache(s.cache)
	s.bulkSlots = make(chan struct{}, s.cfg.MaxConcurrentBulk)
	page, err := uiHandler()
	if err != nil {
		return nil, err
	}
	s.handler, err = s.routes(page)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the server's root handler, with every middleware applied.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes(page http.Handler) (http.Handler, error) {
	r := mux.NewRouter()
	// Match on the escaped path so an id holding "/" (sent as %2F) reaches
	// the handler as one path segment.
	r.UseEncodedPath()
	r.Use(recordRoute)

	read := func(h http.Handler) http.Handler {
		h = timeout(s.cfg.RequestTimeout, h)
		if s.cfg.ProtectReads {
			h = s.requireKey(h)
		}
		return h
	}
	write := func(h http.Handler) http.Handler {
		return s.requireKey(timeout(s.cfg.WriteRequestTimeout, h))
	}
	get := []string{http.MethodGet, http.MethodHead}

	r.Handle("/healthz", s.api(s.healthz)).Methods(get...)
	r.Handle("/readyz", s.api(s.readyz)).Methods(get...)
	r.Handle("/metrics", read(s.metrics.handler())).Methods(get...)

	// One flat router: a subrouter would answer 404 instead of 405 for a
	// known path with the wrong method.
	api := r
	api.Handle("/api/search", read(s.api(s.search))).Methods(get...)
	api.Handle("/api/quotes", read(s.api(s.quotes))).Methods(get...)
	api.Handle("/api/facets/{field}", read(s.api(s.facets))).Methods(get...)
	api.Handle("/api/stats", read(s.api(s.stats))).Methods(get...)
	api.Handle("/api/articles/{id}", read(s.api(s.getArticle))).Methods(get...)
	api.Handle("/api/articles/{id}", write(s.api(s.putArticle))).Methods(http.MethodPut)
	api.Handle("/api/articles/{id}", write(s.api(s.deleteArticle))).Methods(http.MethodDelete)
	api.Handle("/api/articles", write(s.api(s.postArticle))).Methods(http.MethodPost)
	api.Handle("/api/bulk", write(s.api(s.bulk))).Methods(http.MethodPost)

	// The UI: only its own paths, so other unknown paths get the JSON 404.
	r.Handle("/", page).Methods(get...)
	r.Handle("/index.html", page).Methods(get...)
	r.PathPrefix(ui.AssetPrefix).Handler(page).Methods(get...)

	notFound := s.api(func(r *http.Request) (any, error) {
		return nil, errorf(http.StatusNotFound, "no endpoint at %s", r.URL.Path)
	})
	r.NotFoundHandler = notFound
	router := r
	methodNotAllowed := s.api(func(r *http.Request) (any, error) {
		setRouteName(r, routeMethodNotAllowed)
		h := http.Header{}
		h.Set("Allow", strings.Join(allowedMethods(router, r), ", "))
		return nil, &httpError{status: http.StatusMethodNotAllowed, header: h,
			msg: fmt.Sprintf("method %s is not allowed on %s", r.Method, r.URL.Path)}
	})
	r.MethodNotAllowedHandler = methodNotAllowed

	h, err := s.crossOrigin(s.limitQuery(r))
	if err != nil {
		return nil, err
	}
	return s.observe(securityHeaders(s.checkHost(s.cors(h)))), nil
}

// routeMethods are the methods a route may take, in the order an Allow
// header lists them.
var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete}

// allowedMethods are the methods router serves on r's path: the Allow
// header a 405 must carry (RFC 9110 section 15.5.6).
func allowedMethods(router *mux.Router, r *http.Request) []string {
	var out []string
	for _, m := range routeMethods {
		probe := *r
		probe.Method = m
		var match mux.RouteMatch
		if router.Match(&probe, &match) && match.MatchErr == nil {
			out = append(out, m)
		}
	}
	return out
}

// httpServer is the net/http server with the configured timeouts.
func (s *Server) httpServer() *http.Server {
	// Bodies of write requests may take the whole write timeout to arrive;
	// the per-request context deadlines bound the work itself.
	slack := 10 * time.Second
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.WriteRequestTimeout,
		WriteTimeout:      max(s.cfg.WriteRequestTimeout, s.cfg.RequestTimeout) + slack,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// ListenAndServe listens on cfg.Addr and serves until ctx is cancelled,
// then shuts down gracefully (see Serve).
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled. Then it stops accepting
// connections, reports not-ready on /readyz, lets in-flight requests finish
// for up to cfg.ShutdownTimeout, and closes whatever is still open. It
// returns nil after a clean shutdown. Serve closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.httpServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return fmt.Errorf("server: serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	<-errc // http.ErrServerClosed once Shutdown has begun
	if err != nil {
		_ = hs.Close()
		return fmt.Errorf("server: shutdown: requests still running after %s were cut off: %w", s.cfg.ShutdownTimeout, err)
	}
	s.log.Info("shut down cleanly")
	return nil
}

// uiHandler builds the web UI handler, turning its build-time-asset panic
// into an error so a broken binary fails at start with a message.
func uiHandler() (h http.Handler, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("server: web UI: %v", p)
		}
	}()
	return ui.Handler(), nil
}
