package search

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsfind/newsfind/schema"
)

// Bucket widths: the histogram uses days when the matching dates span at
// most maxDayBuckets days, months up to maxMonthBuckets months, else years.
const (
	maxDayBuckets   = 62
	maxMonthBuckets = 60
)

// histogram counts the documents matching q per published-date bucket.
// The bucket width comes from the earliest and latest date among them
// (two concurrent top-1 searches), then one size-0 search counts the buckets with a
// DateTimeRange facet. Empty buckets inside the span are kept (count 0)
// so the result draws as a continuous bar chart.
func histogram(ctx context.Context, idx bleve.Index, q query.Query) ([]DateBucket, error) {
	var (
		lo, hi       time.Time
		okLo, okHi   bool
		errLo, errHi error
		wg           sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		hi, okHi, errHi = dateBound(ctx, idx, q, true)
	}()
	lo, okLo, errLo = dateBound(ctx, idx, q, false)
	wg.Wait()
	if err := errors.Join(errLo, errHi); err != nil {
		return nil, err
	}
	if !okLo || !okHi {
		return []DateBucket{}, nil
	}
	buckets := dateBuckets(lo, hi)
	fr := bleve.NewFacetRequest(schema.FieldPublished, len(buckets))
	for _, b := range buckets {
		fr.AddDateTimeRange(b.Start.Format(time.RFC3339), b.Start, b.End)
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(schema.FieldPublished, fr)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: histogram: %w", err)
	}
	counts := map[string]int{}
	if f := res.Facets[schema.FieldPublished]; f != nil {
		for _, dr := range f.DateRanges {
			counts[dr.Name] += dr.Count
		}
	}
	for i := range buckets {
		buckets[i].Count = counts[buckets[i].Start.Format(time.RFC3339)]
	}
	return buckets, nil
}

// dateBound is the earliest (latest when desc) published date among the
// documents matching q; ok is false when none has a date.
func dateBound(ctx context.Context, idx bleve.Index, q query.Query, desc bool) (t time.Time, ok bool, err error) {
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: schema.FieldPublished, Desc: desc, Type: bsearch.SortFieldAuto, Missing: bsearch.SortFieldMissingLast}})
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return t, false, fmt.Errorf("search: histogram bounds: %w", err)
	}
	if len(res.Hits) == 0 || len(res.Hits[0].Sort) == 0 {
		return t, false, nil
	}
	return sortKeyTime(res.Hits[0].Sort[0])
}

// sortKeyTime decodes a raw date sort term; ok is false for the
// missing-value markers bleve uses.
func sortKeyTime(key string) (time.Time, bool, error) {
	pc := numeric.PrefixCoded(key)
	if shift, err := pc.Shift(); err != nil || shift != 0 {
		return time.Time{}, false, nil
	}
	n, err := pc.Int64()
	if err != nil {
		return time.Time{}, false, nil
	}
	return time.Unix(0, n).UTC(), true, nil
}

// dateBuckets covers [lo, hi] with day, month or year buckets, aligned to
// the calendar in UTC.
func dateBuckets(lo, hi time.Time) []DateBucket {
	lo, hi = lo.UTC(), hi.UTC()
	var start time.Time
	var step func(time.Time) time.Time
	switch {
	case hi.Sub(lo) < maxDayBuckets*24*time.Hour:
		start = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	case (hi.Year()-lo.Year())*12+int(hi.Month()-lo.Month()) < maxMonthBuckets:
		start = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	default:
		start = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	var out []DateBucket
	for s := start; !s.After(hi); s = step(s) {
		out = append(out, DateBucket{Start: s, End: step(s)})
	}
	return out
}
