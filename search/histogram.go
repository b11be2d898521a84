package search

import (
	"time"
)

// Bucket widths: the histogram uses days when the matching dates span at
// most maxDayBuckets days, months up to maxMonthBuckets months, else years.
const (
	maxDayBuckets   = 62
	maxMonthBuckets = 60
)

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
