package search

import (
	"time"
)

// Bucket widths: the histogram uses days when the matching dates span at
// most maxDayBuckets days, months up to maxMonthBuckets months, else years,
// several per bucket (2, 5, 10, 20, … years) when there would be more than
// maxYearBuckets: one article dated far off (3000-01-01, a typo or a
// placeholder) made a thousand mostly empty yearly buckets.
const (
	maxDayBuckets   = 62
	maxMonthBuckets = 60
	maxYearBuckets  = 100
)

// yearSteps are the bucket widths in years, narrowest first.
var yearSteps = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}

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
		years := yearSteps[len(yearSteps)-1]
		for _, k := range yearSteps {
			if (hi.Year()-floorTo(lo.Year(), k))/k+1 <= maxYearBuckets {
				years = k
				break
			}
		}
		start = time.Date(floorTo(lo.Year(), years), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(years, 0, 0) }
	}
	var out []DateBucket
	for s := start; !s.After(hi); s = step(s) {
		out = append(out, DateBucket{Start: s, End: step(s)})
	}
	return out
}

// floorTo rounds year down to a multiple of k.
func floorTo(year, k int) int {
	if year < 0 {
		return -((-year + k - 1) / k * k)
	}
	return year / k * k
}
