package server

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// minGzipBytes is the smallest JSON answer worth compressing: below about
// one network packet, gzip saves no round trip and costs its header.
const minGzipBytes = 1400

// gzipWriters are reused: a gzip.Writer holds about 800 KB of tables, and
// allocating one per answer cost more than compressing it.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level: no error
	return zw
}}

// gzipBufs hold compressed answers until they are written.
var gzipBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// acceptsGzip reports whether the client takes a gzip-encoded answer
// (Accept-Encoding lists gzip without q=0). Browsers and Go's HTTP client
// send it; a result list of 1,000 hits is about 1 MB of JSON and 150 KB
// compressed.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			name, val, _ := strings.Cut(params, "=")
			if strings.TrimSpace(name) == "q" {
				q, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				return err == nil && q > 0
			}
			return true
		}
	}
	return false
}

// writeBody writes a complete JSON answer, gzip-compressed when the
// client accepts it and it is big enough to gain from it.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if len(body) >= minGzipBytes && acceptsGzip(r) {
		zw := gzipWriters.Get().(*gzip.Writer)
		buf := gzipBufs.Get().(*bytes.Buffer)
		buf.Reset()
		zw.Reset(buf)
		_, _ = zw.Write(body) // writes to a bytes.Buffer cannot fail
		if zw.Close() == nil {
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(buf.Len()))
			w.WriteHeader(status)
			_, _ = w.Write(buf.Bytes())
			gzipWriters.Put(zw)
			gzipBufs.Put(buf)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
