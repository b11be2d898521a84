package indexer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/newsfind/newsfind/schema"
)

// Record is one article as read from a source, before decoding: where it
// came from (for error messages), and either its raw JSON, an already-built
// article (plain-text files), or the error that made it unreadable.
type Record struct {
	File    string // "" for a request body
	Line    int    // 1-based line (JSON Lines), or line where an array item starts
	Item    int    // 1-based item number in a JSON array file, else 0
	Raw     []byte
	Article *schema.Article
	Err     error
}

// Where names the record's position for messages: "bbc.jsonl:12", "line 12".
func (r *Record) Where() string {
	switch {
	case r.File != "" && r.Item > 0:
		return fmt.Sprintf("%s: item %d (line %d)", r.File, r.Item, r.Line)
	case r.File != "" && r.Line > 0:
		return fmt.Sprintf("%s:%d", r.File, r.Line)
	case r.File != "":
		return r.File
	default:
		return fmt.Sprintf("line %d", r.Line)
	}
}

// DefaultMaxLineBytes bounds one JSON Lines line; a longer line is reported
// and skipped without being held in memory.
const DefaultMaxLineBytes = 16 << 20

// Formats newsfind reads, by file name ending.
var supportedExts = []string{".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json", ".json.gz", ".txt"}

// Supported reports whether a file name has an ending newsfind reads.
func Supported(name string) bool {
	n := strings.ToLower(name)
	for _, e := range supportedExts {
		if strings.HasSuffix(n, e) {
			return true
		}
	}
	return false
}

// ExpandPaths turns the command-line paths into the files to read: files as
// given (any ending), directories walked for supported files in name order.
// "-" means standard input (JSON Lines).
func ExpandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && Supported(d.Name()) && !strings.HasPrefix(d.Name(), ".") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", p, err)
		}
		sort.Strings(files)
		out = append(out, files...)
	}
	return out, nil
}

// countingReader counts bytes read from the underlying (compressed) file so
// progress can be shown in bytes of input.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ReadFile sends the records of one file to emit, stopping early when ctx is
// done or emit returns false. read counts the file's bytes consumed. Errors
// that stop the whole file (cannot open, corrupt gzip) are returned; errors
// of one record travel in its Record.Err.
func ReadFile(ctx context.Context, path string, maxLine int, read *atomic.Int64, emit func(Record) bool) error {
	var r io.Reader
	name := path
	if path == "-" {
		r, name = os.Stdin, "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	if read == nil {
		read = new(atomic.Int64)
	}
	r = countingReader{r, read}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: not a gzip file: %w", name, err)
		}
		defer gz.Close()
		r = gz
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch {
	case strings.HasSuffix(lower, ".txt"):
		return readText(name, r, emit)
	case strings.HasSuffix(lower, ".json"):
		return readJSONArray(ctx, name, r, emit)
	default: // .jsonl, .ndjson, stdin, unknown endings given explicitly
		return ReadLines(ctx, name, r, maxLine, emit)
	}
}

// ReadLines reads JSON Lines. Blank lines are skipped; a line over maxLine
// bytes is reported as an error record and skipped in full.
func ReadLines(ctx context.Context, file string, r io.Reader, maxLine int, emit func(Record) bool) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(r, 64<<10)
	skipBOM(br)
	for line := 1; ; line++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		raw, tooLong, err := readLine(br, maxLine)
		if err != nil && err != io.EOF {
			// The line was cut off by the failure: it is not a record.
			return fmt.Errorf("%s: read line %d: %w", displayName(file), line, err)
		}
		if len(bytes.TrimSpace(raw)) > 0 || tooLong {
			rec := Record{File: file, Line: line, Raw: raw}
			if tooLong {
				rec.Raw = nil
				rec.Err = invalidf("line is longer than the limit of %d bytes", maxLine)
			}
			if !emit(rec) {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func displayName(file string) string {
	if file == "" {
		return "body"
	}
	return file
}

// readLine returns the next line without its newline. When the line is
// longer than max it is consumed and discarded and tooLong is set.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			n := len(chunk)
			if n > 0 && chunk[n-1] == '\n' {
				n-- // the newline does not count, and the last line may lack one
			}
			if len(buf)+n > max {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\r' {
			buf = buf[:len(buf)-1]
		}
		return buf, tooLong, err
	}
}

// readJSONArray reads a file holding a JSON array of articles (or a single
// article object), item by item, without loading it whole.
func readJSONArray(ctx context.Context, file string, r io.Reader, emit func(Record) bool) error {
	br := bufio.NewReader(r)
	skipBOM(br)
	lc := &lineCounter{r: br}
	dec := json.NewDecoder(lc)
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: not a JSON array or object: %s", file, jsonErr(err))
	}
	if d, ok := tok.(json.Delim); ok && d == '{' {
		// A single article: re-read it whole. Rare; files are small.
		return fmt.Errorf("%s: holds a single JSON object; wrap it in [ ] or use JSON Lines", file)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%s: expected a JSON array of articles", file)
	}
	for item := 1; dec.More(); item++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// The array is broken from here on: report the item and stop.
			line := lc.lineAt(dec.InputOffset())
			emit(Record{File: file, Item: item, Line: line, Err: invalidf("malformed JSON: %s", jsonErr(err))})
			return nil
		}
		line := lc.lineAt(dec.InputOffset() - int64(len(raw)))
		if !emit(Record{File: file, Item: item, Line: line, Raw: raw}) {
			return nil
		}
	}
	return nil
}

// lineCounter tracks newline positions of what a json.Decoder has read so
// an input offset can be turned into a line number.
type lineCounter struct {
	r        io.Reader
	off      int64
	newlines []int64
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.newlines = append(l.newlines, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

func (l *lineCounter) lineAt(off int64) int {
	i := sort.Search(len(l.newlines), func(i int) bool { return l.newlines[i] >= off })
	return i + 1
}

// skipBOM drops a UTF-8 byte-order mark at the start of br: a mark that
// some editors write first in a file, and no part of its content.
func skipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
}

// readText reads a plain-text article: first non-empty line title, rest body.
func readText(file string, r io.Reader, emit func(Record) bool) error {
	b, err := io.ReadAll(io.LimitReader(r, DefaultMaxArticleBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	rec := Record{File: file}
	switch {
	case len(b) > DefaultMaxArticleBytes:
		rec.Err = invalidf("file is over the article limit of %d bytes", DefaultMaxArticleBytes)
	case !utf8.Valid(b):
		rec.Err = invalidf("invalid UTF-8 at byte %d", firstInvalidUTF8(b))
	case bytes.IndexByte(b, 0) >= 0:
		rec.Err = invalidf("contains a NUL byte")
	default:
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		text = strings.TrimLeft(text, "\n\t ")
		title, body, _ := strings.Cut(text, "\n")
		a := &schema.Article{Title: strings.TrimSpace(title), Body: strings.TrimSpace(body)}
		if a.Body == "" {
			rec.Err = invalidf("body: empty (a .txt article is a title line followed by the body)")
			break
		}
		a.ID = DeriveID(a)
		rec.Article = a
	}
	emit(rec)
	return nil
}
