package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
)

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// BulkFailure is the answer to a bulk load whose body broke off partway
// (corrupt gzip, over the size limit): the error, and the outcome of every
// line read before it (those were indexed and committed).
type BulkFailure struct {
	ErrorBody
	*indexer.BulkResult
}

// httpError is an error whose message is safe to show the client and that
// carries its own status code.
type httpError struct {
	status int
	msg    string
	err    error               // optional cause, logged not shown
	header http.Header         // optional headers for the error response (Retry-After)
	bulk   *indexer.BulkResult // optional: lines processed before the error, answered beside it (BulkFailure)
}

func (e *httpError) Error() string {
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}

func (e *httpError) Unwrap() error { return e.err }

// errorf makes a client-facing error with a status code.
func errorf(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// response lets a handler choose a success status other than 200 and set
// headers.
type response struct {
	status int
	header http.Header
	body   any
}

// apiFunc is an endpoint: it returns the value to encode as JSON, or an
// error that the adapter maps to a status code.
type apiFunc func(r *http.Request) (any, error)

// classify maps an error to the status code and the message the client
// sees. Errors not known to be the client's fault become a bare 500; their
// detail only goes to the log.
func classify(err error) (int, string) {
	var he *httpError
	var mbe *http.MaxBytesError
	var re *search.RequestError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.As(err, &re):
		// The parameter's own message: handlers wrap search errors with
		// context for the log (the whole query string), which the client
		// sent and does not need echoed before the parameter's name.
		return http.StatusBadRequest, re.Error()
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body exceeds the limit of %d bytes", mbe.Limit)
	case isClientError(err):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "article not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request timed out"
	case errors.Is(err, context.Canceled):
		// Only the client going away cancels a request context (shutdown
		// lets requests finish), so nobody reads this answer; 499 keeps
		// such requests apart from server errors in logs and metrics.
		return statusClientClosed, "request cancelled by the client"
	}
	return http.StatusInternalServerError, "internal server error"
}

// statusClientClosed is nginx's non-standard code for a client that closed
// the connection before the answer was ready.
const statusClientClosed = 499

// writeError writes the JSON error body for err and logs it: 5xx at error
// level with the full (internal) detail, 4xx at debug level.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := classify(err)
	var he *httpError
	if errors.As(err, &he) {
		for k, vs := range he.header {
			w.Header()[k] = vs
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="newsfind"`)
	}
	if status >= 500 && status != statusClientClosed {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", routeName(r), "status", status, "err", err)
	} else {
		s.log.DebugContext(r.Context(), "request rejected", "method", r.Method, "route", routeName(r), "status", status, "err", err)
	}
	body := ErrorBody{Error: msg, Status: status}
	if he != nil && he.bulk != nil {
		_ = writeJSON(w, r, status, BulkFailure{ErrorBody: body, BulkResult: he.bulk})
		return
	}
	_ = writeJSON(w, r, status, body)
}

// writeJSON encodes v before writing anything, so an encoding failure is a
// clean 500 rather than a half-written body; the failure is returned. The
// answer is gzip-compressed when r accepts it (see writeBody).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	err := enc.Encode(v)
	if err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		_ = json.NewEncoder(&buf).Encode(ErrorBody{Error: "internal server error", Status: status})
		err = fmt.Errorf("encode %T response: %w", v, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	writeBody(w, r, status, buf.Bytes())
	return err
}

// api adapts an apiFunc to an http.Handler.
func (s *Server) api(f apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		status := http.StatusOK
		if resp, ok := v.(response); ok {
			status, v = resp.status, resp.body
			for k, vs := range resp.header {
				w.Header()[k] = vs
			}
		}
		if err := writeJSON(w, r, status, v); err != nil {
			s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", routeName(r), "status", 500, "err", err)
		}
	})
}

// isClientError reports errors that describe a bad request in words meant
// for the client: search parameters and article validation.
func isClientError(err error) bool {
	var re *search.RequestError
	return errors.As(err, &re) || errors.Is(err, indexer.ErrInvalid)
}
