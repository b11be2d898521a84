// Package bench is newsfind's performance harness (`newsfind bench`,
// `make bench`): it builds benchmark sets from real news repeated with
// distinct ids, indexes them with the full pipeline and with plain bleve in
// the same run, measures extraction per stage, the sharding speed-up, and
// query latency through `newsfind serve` with a loopback-only Go load
// generator, and writes BENCHMARKS.md. Indexing phases run in child
// processes so each one's peak RSS is its own.
package bench
