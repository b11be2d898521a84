package uitest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/server"
)

// stack is a real newsfind server on an in-memory index of the fixture
// corpus, and a client for its JSON API.
type stack struct {
	t   *testing.T
	url string
}

func newStack(t *testing.T) *stack {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return newStackFrom(t, f)
}

// newStackFrom indexes the NDJSON articles of r.
func newStackFrom(t *testing.T, r io.Reader) *stack {
	t.Helper()
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		t.Fatalf("open in-memory store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	ix := indexer.New(st, extractor(t), indexer.Options{Workers: 2})
	res, err := ix.Bulk(context.Background(), r)
	if err != nil {
		t.Fatalf("index the corpus: %v", err)
	}
	if res.Failed > 0 || res.Created == 0 {
		t.Fatalf("index the corpus: created %d, failed %d: %+v", res.Created, res.Failed, res.Items)
	}
	srv, err := server.New(server.Config{}, st, ix, nil)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &stack{t: t, url: ts.URL}
}

// get decodes the JSON answer of an API path into v.
func (s *stack) get(path string, v any) {
	s.t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		s.t.Fatalf("GET %s: decode: %v\n%s", path, err, b)
	}
}

// chromePath finds a Chromium or Chrome binary: $NEWSFIND_CHROME, then PATH.
func chromePath() string {
	if p := os.Getenv("NEWSFIND_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts headless Chromium with a fresh profile. Without a
// browser the test skips, except on CI (CI=true), where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromePath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no chromium found on PATH (install Debian's chromium or set NEWSFIND_CHROME); CI=true requires the browser tests to run")
		}
		t.Skip("no chromium found on PATH; install Debian's chromium or set NEWSFIND_CHROME to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// The closed network makes Chromium's background services hang.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	// Record script errors and CSP violations of every page of the tab.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: problemRecorder}); err != nil {
		t.Fatalf("install the problem recorder: %v", err)
	}
	return ctx
}

// problemRecorder keeps the page's script errors and Content-Security-Policy
// violations in sessionStorage, which survives navigation within the tab.
const problemRecorder = `(() => {
	const add = (p) => {
		const a = JSON.parse(sessionStorage.getItem('newsfind-test-problems') || '[]');
		a.push(p);
		sessionStorage.setItem('newsfind-test-problems', JSON.stringify(a));
	};
	document.addEventListener('securitypolicyviolation', (e) =>
		add('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
	window.addEventListener('error', (e) => add('script error: ' + e.message + ' at ' + e.filename + ':' + e.lineno));
	window.addEventListener('unhandledrejection', (e) => add('unhandled rejection: ' + e.reason));
})()`

// pageProblems returns what problemRecorder saw since the tab opened.
func pageProblems(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var ps []string
	must(t, ctx, "read recorded problems", eval(&ps, `JSON.parse(sessionStorage.getItem('newsfind-test-problems') || '[]')`))
	return ps
}

// qs builds a query string from alternating keys and values, in the order
// given (the page writes its URL parameters in a fixed order: tab, q, the
// filters, from, to, sort, size).
func qs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]) + "=" + url.QueryEscape(kv[i+1]))
	}
	return b.String()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type step = chromedp.Action[chromedp.Void]

// retryStale runs a until it does not fail with a stale execution context:
// right after a navigation chromedp may still address the old document's
// context for a moment.
func retryStale[T any](ctx context.Context, t *chromedp.Target, a chromedp.Action[T]) (T, error) {
	for i := 0; ; i++ {
		v, err := a(ctx, t)
		if err == nil || i == 40 || !strings.Contains(err.Error(), "Cannot find context with specified id") {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// eval runs a JavaScript expression and stores its value in dst.
func eval[T any](dst *T, expr string) step {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := retryStale(ctx, t, chromedp.Evaluate[T](expr))
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("evaluate %.60q: %w", expr, err)
		}
		*dst = v
		return chromedp.Void{}, nil
	}
}

// js runs a JavaScript statement for its effect.
func js(stmt string) step {
	var ignored bool
	return eval(&ignored, "("+stmt+", true)")
}

// poll waits until the JavaScript condition is true.
func poll(cond string) step {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := retryStale(ctx, t, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(15*time.Second)))
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("wait for %.80q: %w", cond, err)
		}
		return chromedp.Void{}, nil
	}
}

// waitRendered waits until the page shows the URL whose query string is
// search (as location.search), with nothing loading.
func waitRendered(search string) step {
	return poll(fmt.Sprintf(`document.body.dataset.rendered === %s && !document.body.classList.contains('loading')`, jsString(search)))
}

// screenshot saves a PNG of the viewport to $NEWSFIND_SCREENSHOTS/name when
// that variable is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("NEWSFIND_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d KB)", p, len(png)/1024)
}

func must(t *testing.T, ctx context.Context, what string, steps ...step) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " rendered=" + document.body.dataset.rendered + " status=" + document.getElementById('status').innerText`))
		t.Fatalf("%s: %v (page: %s)", what, err, loc)
	}
}
