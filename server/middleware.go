package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// contentSecurityPolicy suits the same-origin static UI: scripts, styles,
// images and API calls from this origin only, no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// cors answers browsers for the origins in the allow-list; with an empty
// list it adds nothing, so only same-origin pages can read API responses.
func (s *Server) cors(next http.Handler) http.Handler {
	if len(s.cfg.CORSOrigins) == 0 {
		return next
	}
	anyOrigin := slices.Contains(s.cfg.CORSOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if !anyOrigin && !slices.Contains(s.cfg.CORSOrigins, origin) {
			next.ServeHTTP(w, r) // no CORS headers: the browser blocks the response
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Content-Encoding")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", "Location, "+cacheHeader)
		next.ServeHTTP(w, r)
	})
}

// crossOrigin rejects state-changing requests that a browser sends on
// behalf of another site (CSRF), using Sec-Fetch-Site or Origin. Without
// it any web page could POST text/plain NDJSON to a key-less local server.
// Origins in CORSOrigins are trusted; "*" trusts every origin.
func (s *Server) crossOrigin(next http.Handler) (http.Handler, error) {
	if slices.Contains(s.cfg.CORSOrigins, "*") {
		return next, nil
	}
	cop := http.NewCrossOriginProtection()
	for _, o := range s.cfg.CORSOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("server: CORS origin %q: %w", o, err)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := cop.Check(r); err != nil {
			s.writeError(w, r, &httpError{status: http.StatusForbidden, err: err,
				msg: "cross-origin request refused: this origin is not in the server's CORS allow-list"})
			return
		}
		next.ServeHTTP(w, r)
	}), nil
}

// checkHost defends a key-less (hence loopback-only) server against DNS
// rebinding: a page on evil.example whose name is made to resolve to
// 127.0.0.1 is same-origin with itself, so only the Host header gives it
// away. With an API key set, every write needs the key anyway.
func (s *Server) checkHost(next http.Handler) http.Handler {
	if s.cfg.APIKey != "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if !isLoopback(host) {
			s.writeError(w, r, errorf(http.StatusMisdirectedRequest,
				"host %q refused: a server without an API key answers only to localhost and loopback addresses", clip(r.Host, 100)))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// keyDigest hashes a key so comparison time does not depend on where the
// strings differ nor on their lengths.
func keyDigest(k string) [sha256.Size]byte { return sha256.Sum256([]byte(k)) }

// requireKey rejects requests without "Authorization: Bearer <APIKey>".
// With no API key configured it is a no-op.
func (s *Server) requireKey(next http.Handler) http.Handler {
	if s.cfg.APIKey == "" {
		return next
	}
	want := keyDigest(s.cfg.APIKey)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, key, ok := strings.Cut(auth, " ")
		if auth == "" {
			s.writeError(w, r, errorf(http.StatusUnauthorized, "missing Authorization: Bearer <API key> header"))
			return
		}
		got := keyDigest(strings.TrimSpace(key))
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			s.writeError(w, r, errorf(http.StatusUnauthorized, "invalid API key"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// routeKey is the context key of a *routeInfo.
type routeKey struct{}

// routeInfo is filled in by the router once it has matched a route, so the
// outer middleware (which runs before matching) can label logs and metrics
// with the route template instead of the raw path (bounded cardinality).
type routeInfo struct{ name string }

const (
	routeUnmatched        = "unmatched"
	routeMethodNotAllowed = "method_not_allowed"
)

func routeName(r *http.Request) string {
	if ri, ok := r.Context().Value(routeKey{}).(*routeInfo); ok && ri.name != "" {
		return ri.name
	}
	return routeUnmatched
}

func setRouteName(r *http.Request, name string) {
	if ri, ok := r.Context().Value(routeKey{}).(*routeInfo); ok {
		ri.name = name
	}
}

// recordRoute is router middleware (it runs after matching).
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt := mux.CurrentRoute(r); rt != nil {
			if tpl, err := rt.GetPathTemplate(); err == nil {
				setRouteName(r, tpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status code and body size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe is the outermost middleware: it recovers panics, writes the
// access log and records request metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		ri := &routeInfo{}
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, ri))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic serving request", "method", r.Method, "route", routeName(r),
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.writeError(sw, r, errorf(http.StatusInternalServerError, "internal server error"))
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			route := routeName(r)
			s.metrics.observe(route, r.Method, status, d)
			level := slog.LevelInfo
			if status < 400 && quietRoutes[route] {
				level = slog.LevelDebug
			}
			s.log.Log(r.Context(), level, "http request", "method", r.Method, "route", route, "path", r.URL.Path,
				"status", status, "duration_ms", float64(d.Microseconds())/1000, "bytes", sw.bytes,
				"remote", r.RemoteAddr)
		}()
		next.ServeHTTP(sw, r)
	})
}

// quietRoutes are polled by probes and scrapers; their successes are
// logged at debug level so they do not drown the access log.
var quietRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// limitQuery rejects oversized query strings before anything parses them.
func (s *Server) limitQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := len(r.URL.RawQuery); n > s.cfg.MaxQueryStringBytes {
			s.writeError(w, r, errorf(http.StatusRequestURITooLong,
				"query string is %d bytes, limit %d", n, s.cfg.MaxQueryStringBytes))
			return
		}
		// r.URL.Query() silently drops pairs it cannot decode, so a typo
		// like q=%zz would search for everything instead of failing.
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			s.writeError(w, r, errorf(http.StatusBadRequest, "malformed query string: %v", err))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// timeout gives the request context a deadline; searches stop when it
// passes and the adapter answers 503.
func timeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// draining reports "not ready" once shutdown has begun, so load balancers
// stop sending traffic while in-flight requests finish.
func (s *Server) isDraining() bool { return s.draining.Load() }
