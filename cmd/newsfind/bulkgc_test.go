package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestTuneBulkGC(t *testing.T) {
	tests := []struct {
		name, gogc, gomemlimit, limit string
		wantPercent                   int   // GC percent after the call; 0: the one before it
		wantLimit                     int64 // heap limit after the call; 0: the one before it
		wantDesc, wantErr             string
	}{
		{name: "defaults", limit: "1GiB", wantPercent: bulkGCPercent, wantLimit: 1 << 30, wantDesc: "GC target 300%, heap limit 1GiB (--memory-limit 1GiB)"},
		{name: "GOGC wins", gogc: "150", limit: "2GiB", wantLimit: 2 << 30, wantDesc: "GOGC=150"},
		{name: "GOMEMLIMIT kept by auto", gomemlimit: "3GiB", limit: "auto", wantPercent: bulkGCPercent, wantDesc: "GOMEMLIMIT=3GiB"},
		{name: "bad limit changes nothing", limit: "12", wantErr: "under the minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			t.Setenv("GOMEMLIMIT", tt.gomemlimit)
			percent := debug.SetGCPercent(100)
			limit := debug.SetMemoryLimit(-1)
			t.Cleanup(func() {
				debug.SetGCPercent(percent)
				debug.SetMemoryLimit(limit)
			})
			desc, restore, err := tuneBulkGC(tt.limit)
			gotPercent := debug.SetGCPercent(100)
			gotLimit := debug.SetMemoryLimit(-1)
			if restore != nil {
				debug.SetGCPercent(gotPercent)
				restore()
				if p, l := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); p != 100 || l != limit {
					t.Errorf("after restore: GC percent %d, limit %d; want 100, %d (as before)", p, l, limit)
				}
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v; want one containing %q", err, tt.wantErr)
				}
				if gotPercent != 100 || gotLimit != limit {
					t.Errorf("after an error: GC percent %d, limit %d; want 100, %d (unchanged)", gotPercent, gotLimit, limit)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantPercent, wantLimit := tt.wantPercent, tt.wantLimit
			if wantPercent == 0 {
				wantPercent = 100
			}
			if wantLimit == 0 {
				wantLimit = limit
			}
			if gotPercent != wantPercent || gotLimit != wantLimit {
				t.Errorf("GC percent %d, limit %d; want %d, %d", gotPercent, gotLimit, wantPercent, wantLimit)
			}
			if !strings.Contains(desc, tt.wantDesc) {
				t.Errorf("description %q; want it to contain %q", desc, tt.wantDesc)
			}
		})
	}
}
