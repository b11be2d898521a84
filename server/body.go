package server

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// Media types accepted for request bodies. An absent Content-Type is taken
// as JSON; anything else (form encodings in particular, which curl -d sends
// by default) is refused with 415 so a mistake is not indexed as garbage.
var (
	articleTypes = []string{"application/json"}
	bulkTypes    = []string{"application/x-ndjson", "application/jsonl", "application/x-jsonlines",
		"application/json", "text/plain"}
)

// checkMediaType enforces Content-Type and Content-Encoding. It reports
// whether the body is gzip-compressed.
func checkMediaType(r *http.Request, allowed []string) (gzipped bool, err error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, perr := mime.ParseMediaType(ct)
		if perr != nil || !contains(allowed, mt) {
			msg := fmt.Sprintf("Content-Type %q is not supported here; send Content-Type: %s", ct, allowed[0])
			if len(allowed) > 1 {
				msg += " (also accepted: " + strings.Join(allowed[1:], ", ") + ")"
			}
			return false, errorf(http.StatusUnsupportedMediaType, "%s", msg)
		}
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return false, nil
	case "gzip", "x-gzip":
		return true, nil
	default:
		return false, errorf(http.StatusUnsupportedMediaType,
			"Content-Encoding %q is not supported; use gzip or none", enc)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// errBodyTooLarge marks a body over a limit. It is also returned (through
// whatever wrapping the consumer adds) by the limited reader, and recorded
// on it, so a consumer that reports read errors loosely still yields 413.
type bodyTooLargeError struct {
	limit        int64
	decompressed bool
}

func (e *bodyTooLargeError) Error() string {
	if e.decompressed {
		return fmt.Sprintf("request body exceeds the limit of %d bytes after gzip decompression", e.limit)
	}
	return fmt.Sprintf("request body exceeds the limit of %d bytes", e.limit)
}

// badGzipError marks a body that is not valid gzip.
type badGzipError struct{ err error }

func (e *badGzipError) Error() string { return "request body is not valid gzip: " + e.err.Error() }
func (e *badGzipError) Unwrap() error { return e.err }

// body is a request body reader with its limits applied. After the
// consumer is done, failure() says whether the body itself (not its
// content) was the problem: too large or corrupt gzip.
type body struct {
	r    io.Reader
	gz   *gzip.Reader
	fail error
}

// limitedReader is io.LimitedReader that fails loudly instead of
// reporting EOF at the limit, so a truncated body is never taken as whole.
type limitedReader struct {
	r      io.Reader
	n      int64 // bytes left
	tooBig *bodyTooLargeError
	b      *body
	wire   bool // reads the request body itself: its errors are the client's
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, l.tooBig
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		n += int(l.n) // drop the byte past the limit
		l.b.fail = l.tooBig
		return n, l.tooBig
	}
	if err != nil && err != io.EOF && l.wire && l.b.fail == nil {
		l.b.fail = &readError{err: err}
	}
	return n, err
}

// readError marks a failure to receive the body (client gone, read timeout).
type readError struct{ err error }

func (e *readError) Error() string { return "reading request body failed: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// gzipReader records decompression failures on the body.
type gzipReader struct {
	gz *gzip.Reader
	b  *body
}

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.gz.Read(p)
	if err != nil && err != io.EOF && g.b.fail == nil {
		var tooBig *bodyTooLargeError
		if !errors.As(err, &tooBig) {
			err = &badGzipError{err: err}
			g.b.fail = err
		}
	}
	return n, err
}

// openBody applies limit to the bytes on the wire and, for gzip bodies,
// the same limit to the decompressed bytes.
func openBody(r *http.Request, gzipped bool, limit int64) (*body, error) {
	b := &body{}
	b.r = &limitedReader{r: r.Body, n: limit, tooBig: &bodyTooLargeError{limit: limit}, b: b, wire: true}
	if !gzipped {
		return b, nil
	}
	gz, err := gzip.NewReader(b.r)
	if err != nil {
		if b.fail != nil {
			return nil, b.failure()
		}
		return nil, errorf(http.StatusBadRequest, "request body is not valid gzip: %v", err)
	}
	gz.Multistream(true)
	b.gz = gz
	b.r = &limitedReader{r: gzipReader{gz: gz, b: b}, n: limit,
		tooBig: &bodyTooLargeError{limit: limit, decompressed: true}, b: b}
	return b, nil
}

func (b *body) Read(p []byte) (int, error) { return b.r.Read(p) }

// failure is the body's own error after reading, if any, as a client error.
func (b *body) failure() error {
	var tooBig *bodyTooLargeError
	switch {
	case b.fail == nil:
		return nil
	case errors.As(b.fail, &tooBig):
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: tooBig.Error()}
	default:
		var re *readError
		if errors.As(b.fail, &re) {
			return &httpError{status: http.StatusBadRequest, msg: "reading request body failed", err: re.err}
		}
		return &httpError{status: http.StatusBadRequest, msg: b.fail.Error()}
	}
}

// readAll reads the whole body, mapping its failures to client errors.
func (b *body) readAll() ([]byte, error) {
	data, err := io.ReadAll(b)
	if f := b.failure(); f != nil {
		return nil, f
	}
	if err != nil {
		return nil, &httpError{status: http.StatusBadRequest, msg: "reading request body failed", err: err}
	}
	return data, nil
}
