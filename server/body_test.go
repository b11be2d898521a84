package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// readBody runs data through openBody/readAll as a request body.
func readBody(data []byte, gz bool, limit int64) ([]byte, error) {
	r := httptest.NewRequest("POST", "/", chunked{bytes.NewReader(data)})
	b, err := openBody(r, gz, limit)
	if err != nil {
		return nil, err
	}
	return b.readAll()
}

func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.status
	}
	return 0
}

func TestReadBodyLimits(t *testing.T) {
	const limit = 100
	exact := bytes.Repeat([]byte("x"), limit)
	tests := []struct {
		name   string
		data   []byte
		gz     bool
		want   []byte
		status int
	}{
		{"empty", nil, false, []byte{}, 0},
		{"at limit", exact, false, exact, 0},
		{"one over", append(exact, 'x'), false, nil, http.StatusRequestEntityTooLarge},
		{"gzip at limit", gzipBytes(t, exact), true, exact, 0},
		{"gzip one over", gzipBytes(t, append(exact, 'x')), true, nil, http.StatusRequestEntityTooLarge},
		{"two gzip members", append(gzipBytes(t, []byte("ab")), gzipBytes(t, []byte("cd"))...), true, []byte("abcd"), 0},
		{"empty gzip", nil, true, nil, http.StatusBadRequest},
		{"gzip header only", gzipBytes(t, exact)[:12], true, nil, http.StatusBadRequest},
		{"gzip then junk", append(gzipBytes(t, []byte("ab")), "junk"...), true, nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readBody(tt.data, tt.gz, limit)
			if tt.status != 0 {
				if statusOf(err) != tt.status {
					t.Fatalf("err = %v (status %d), want status %d", err, statusOf(err), tt.status)
				}
				return
			}
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// FuzzReadBody checks that no body panics the reader, that nothing over
// the limit is ever returned, and that what is returned is exactly the
// body (or its gzip decompression).
func FuzzReadBody(f *testing.F) {
	const limit = 1 << 10
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("a\n"), 4<<10))
	zw.Close()
	f.Add([]byte(`{"body":"x"}`+"\n"), false)
	f.Add(bytes.Repeat([]byte("y"), limit+1), false)
	f.Add(gz.Bytes(), true)
	f.Add(gz.Bytes()[:len(gz.Bytes())/2], true)
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, true)
	f.Fuzz(func(t *testing.T, data []byte, gzipped bool) {
		got, err := readBody(data, gzipped, limit)
		if err != nil {
			if s := statusOf(err); s != http.StatusBadRequest && s != http.StatusRequestEntityTooLarge {
				t.Fatalf("error %v has status %d, want 400 or 413", err, s)
			}
			return
		}
		if len(got) > limit {
			t.Fatalf("returned %d bytes, over the limit of %d", len(got), limit)
		}
		want := data
		if gzipped {
			zr, zerr := gzip.NewReader(bytes.NewReader(data))
			if zerr != nil {
				t.Fatalf("accepted invalid gzip: %v", zerr)
			}
			want, zerr = io.ReadAll(io.LimitReader(zr, limit+1))
			if zerr != nil {
				t.Fatalf("accepted invalid gzip: %v", zerr)
			}
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("body changed in transit: got %q, want %q", got, want)
		}
	})
}
