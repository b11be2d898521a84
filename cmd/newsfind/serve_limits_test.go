package main

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string // substring of the error; "" means success
	}{
		{"1073741824", 1 << 30, ""},
		{"768MiB", 768 << 20, ""},
		{"768mib", 768 << 20, ""},
		{"1GiB", 1 << 30, ""},
		{"1.5GiB", 3 << 29, ""},
		{"2GB", 2e9, ""},
		{"512 MiB", 512 << 20, ""},
		{" 64KiB ", 64 << 10, ""},
		{"1Gi", 1 << 30, ""},
		{"1TiB", 1 << 40, ""},
		{"100B", 100, ""},
		{"0", 0, ""},
		{"1G", 0, `unit "G" is ambiguous; use GiB (powers of 1024) or GB`},
		{"1m", 0, `unit "m" is ambiguous`},
		{"1PB", 0, `unknown unit "PB"`},
		{"GiB", 0, "want a number of bytes"},
		{"", 0, "want a number of bytes"},
		{"-1GiB", 0, "want a number of bytes"},
		{"1.2.3GiB", 0, `bad number "1.2.3"`},
		{"99999999999TiB", 0, "too large"},
		{"1e9", 0, `unknown unit "e9"`},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, errByteSize) {
				t.Errorf("parseByteSize(%q) = %d, %v; want an errByteSize error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"768MiB", "1.5GiB", "2GB", "0", "1G", "", ".", "1e400", "18446744073709551616", "9.3e18B", "7 tib"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseByteSize(s)
		if err != nil {
			if !errors.Is(err, errByteSize) {
				t.Fatalf("parseByteSize(%q): error %v does not wrap errByteSize", s, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("parseByteSize(%q) = %d, negative", s, n)
		}
		// A plain byte count round-trips.
		if again, err := parseByteSize(strconv.FormatInt(n, 10)); err != nil || again != n {
			t.Fatalf("parseByteSize(%q) = %d, but %d parses as %d, %v", s, n, n, again, err)
		}
	})
}

func TestResolveMemoryLimit(t *testing.T) {
	const gib = 1 << 30
	machine := func(n int64) func() (int64, string) { return func() (int64, string) { return n, "test machine" } }
	tests := []struct {
		name, val, env string
		mem            int64
		want           int64
		wantHow        string // substring
		wantErr        string
	}{
		{"auto on a big machine is capped", "auto", "", 24 * gib, autoMemoryCap, "auto: 70% of 24GiB", ""},
		{"auto on a small machine takes 70%", "auto", "", 1 * gib, gib * 7 / 10, "auto: 70% of 1GiB", ""},
		{"auto defers to GOMEMLIMIT", "auto", "900MiB", 24 * gib, keepRuntimeLimit, "GOMEMLIMIT=900MiB", ""},
		{"auto with unknown memory", "auto", "", 0, math.MaxInt64, "no limit", ""},
		{"a size overrides GOMEMLIMIT", "768MiB", "900MiB", 24 * gib, 768 << 20, "--memory-limit 768MiB", ""},
		{"off", "off", "", 24 * gib, math.MaxInt64, "off", ""},
		{"0 is off", "0", "900MiB", 24 * gib, math.MaxInt64, "", ""},
		{"share", "50%", "", 2 * gib, gib, "50% of 2GiB", ""},
		{"share over 100", "150%", "", 2 * gib, 0, "", "at most 100"},
		{"share with unknown memory", "50%", "", 0, 0, "", "cannot tell"},
		{"share too small", "1%", "", 2 * gib, 0, "", "under the minimum"},
		{"forgotten unit", "768", "", 2 * gib, 0, "", "a unit missing? e.g. 768MiB"},
		{"bad size", "lots", "", 2 * gib, 0, "", "--memory-limit: invalid size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how, err := resolveMemoryLimit(tt.val, tt.env, machine(tt.mem), autoMemoryCap)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %d, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want || !strings.Contains(how, tt.wantHow) {
				t.Fatalf("got %d (%s), %v; want %d (%s)", got, how, err, tt.want, tt.wantHow)
			}
		})
	}
}

func TestSystemMemory(t *testing.T) {
	n, what := systemMemory()
	if n == 0 {
		t.Skip("memory size not readable here")
	}
	if n < 64<<20 || what == "" {
		t.Errorf("systemMemory() = %d (%q), want a plausible size and its source", n, what)
	}
}

// TestServeLimitFlags runs serve with each flag value; bad values fail
// before the index is opened, good ones start and stop a server.
func TestServeLimitFlags(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	tests := []struct {
		args      []string
		wantErr   string
		wantLimit int64  // checked when non-zero
		wantLog   string // in the log, when set
	}{
		{[]string{"--max-concurrent-searches", "0"}, "--max-concurrent-searches 0: must be at least 1", 0, ""},
		{[]string{"--max-queued-searches", "-3"}, "--max-queued-searches -3: must be 0 (no queue) or more", 0, ""},
		{[]string{"--memory-limit", "1G"}, `unit "G" is ambiguous`, 0, ""},
		{[]string{"--memory-limit", "300MiB", "--max-queued-searches", "0"}, "", 300 << 20, `msg="search cache" max=64MiB`},
		{[]string{"--memory-limit", "off"}, "", math.MaxInt64, ""},
		{[]string{"--cache-mb", "-1"}, "--cache-mb -1: must be between 0 (no cache) and", 0, ""},
		// Limits are never 0 or negative (the server would have taken them
		// for "unset" and used its defaults, the largest values).
		{[]string{"--max-page-size", "0"}, "--max-page-size 0: must be at least 1", 0, ""},
		{[]string{"--max-page-size", "-5"}, "--max-page-size -5: must be at least 1", 0, ""},
		{[]string{"--max-facet-size", "0"}, "--max-facet-size 0: must be at least 1", 0, ""},
		{[]string{"--max-query-len", "-1"}, "--max-query-len -1: must be at least 1", 0, ""},
		{[]string{"--max-query-string-bytes", "0"}, "--max-query-string-bytes 0: must be at least 1", 0, ""},
		{[]string{"--max-body-bytes", "0"}, "--max-body-bytes 0: must be at least 1", 0, ""},
		{[]string{"--max-line-bytes", "-1"}, "--max-line-bytes -1: must be at least 1", 0, ""},
		{[]string{"--request-timeout", "0s"}, "--request-timeout 0s: must be more than 0", 0, ""},
		{[]string{"--write-timeout", "-1m"}, "--write-timeout -1m0s: must be more than 0", 0, ""},
		{[]string{"--shutdown-timeout", "-1s"}, "--shutdown-timeout -1s: must be more than 0", 0, ""},
		{[]string{"--cache-mb", "0", "--memory-limit", "off"}, "", math.MaxInt64, `msg="search cache off"`},
		{[]string{"--cache-mb", "8", "--memory-limit", "off"}, "", math.MaxInt64, `msg="search cache" max=8MiB`},
		{[]string{"--postings-cache-mb", "-1"}, "--postings-cache-mb -1: must be between 0 (none) and", 0, ""},
		{[]string{"--postings-cache-mb", "16", "--memory-limit", "off"}, "", math.MaxInt64, `msg="postings cache" max=16MiB`},
		{[]string{"--segment-cache-mb", "-1"}, "--segment-cache-mb -1: must be between 0 (none) and", 0, ""},
		{[]string{"--segment-cache-mb", "32", "--memory-limit", "off"}, "", math.MaxInt64, `msg="segment cache" max=32MiB`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // serve shuts down as soon as it has started
			var out, errb strings.Builder
			args := append([]string{"--index", dir, "--addr", "127.0.0.1:0"}, tt.args...)
			err := runServe(ctx, args, &out, &errb)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("serve %v: %v; want error containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("serve %v: %v\n%s", tt.args, err, errb.String())
			}
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("heap limit after serve %v = %d, want %d", tt.args, got, tt.wantLimit)
			}
			if !strings.Contains(errb.String(), "Go heap limit") {
				t.Errorf("serve did not log its heap limit:\n%s", errb.String())
			}
			if !strings.Contains(errb.String(), tt.wantLog) {
				t.Errorf("serve log lacks %q:\n%s", tt.wantLog, errb.String())
			}
		})
	}
}
