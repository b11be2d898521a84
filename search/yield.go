package search

import (
	"context"
	"fmt"
)

// Giving way to shorter searches.
//
// A server runs a few searches at once and queues the rest. First come,
// first served makes a search that counts a handful of hits wait behind
// searches that walk tens of thousands: on 200k articles a keyword search
// takes about 10 ms of CPU, a click on five facet values about 1 ms, and in
// a queue of both the click waited as long as the keyword search. The
// hit loops of a search (the page's pass and the counting passes) call the
// context's Yielder every yieldEvery hits, so a scheduler can park a search
// that has run long enough while shorter ones wait, and resume it after
// them (see server/limiter.go). Without a Yielder the calls do nothing.

// Yielder is called from a search's hit loops, possibly from several
// goroutines of the same search at once. It returns nil to go on, after
// blocking for as long as the scheduler wants; an error (the context's,
// typically) ends the search with that error.
type Yielder func(ctx context.Context) error

type yielderKey struct{}

// WithYielder returns ctx carrying y for the searches run under it.
func WithYielder(ctx context.Context, y Yielder) context.Context {
	return context.WithValue(ctx, yielderKey{}, y)
}

// YielderOf returns the Yielder of ctx, or nil.
func YielderOf(ctx context.Context) Yielder {
	y, _ := ctx.Value(yielderKey{}).(Yielder)
	return y
}

// yieldEvery is how many hits a loop handles between calls to its
// Yielder: tens of microseconds of work (more on a loaded machine). 512
// let a long search hold its slot past its turn long enough that short
// ones queued: in the 16-client mix on 200k articles, four alternated
// pairs of runs gave keyword+speaker p50 19–29 ms at 128 against 24–44 at
// 512, p99 177–252 against 249–325, and as many queries/s or more; with
// only keyword searches, 158 against 150 queries/s. A variable for tests
// only.
var yieldEvery = 128

// yieldPoint is where a hit loop checks in: every yieldEvery steps it stops
// on a cancelled context and calls the context's Yielder, if any.
type yieldPoint struct {
	ctx   context.Context
	yield Yielder // nil: none
	n     int     // steps since the last check
}

func newYieldPoint(ctx context.Context) yieldPoint {
	return yieldPoint{ctx: ctx, yield: YielderOf(ctx)}
}

// step counts one hit and, every yieldEvery of them, checks in.
func (p *yieldPoint) step() error { return p.steps(1) }

// steps counts n hits and checks in if yieldEvery have passed since the
// last check.
func (p *yieldPoint) steps(n int) error {
	if p.n += n; p.n < yieldEvery {
		return nil
	}
	p.n = 0
	err := p.ctx.Err()
	if err == nil && p.yield != nil {
		err = p.yield(p.ctx)
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
