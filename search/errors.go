package search

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/search/searcher"
)

// RequestError is a problem with the request itself (a bad parameter, a
// query that does not parse, a limit exceeded): the client's fault, so the
// server maps it to HTTP 400. Field names the parameter ("q", "size",
// "cursor", ...).
type RequestError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *RequestError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func reqErr(field, format string, args ...any) *RequestError {
	return &RequestError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// MaxTermExpansion bounds the words one wildcard, prefix, regexp or fuzzy
// term may stand for, per field and shard: bleve's process-wide
// searcher.DisjunctionMaxClauseCount, which is unlimited by default. A
// term searcher per word made "*e*" take 9 s and "/.*/" over 30 s (a search
// slot held until the request timed out) on 25k articles; at this limit
// they are refused in well under a second, while "a*" (about 5k words a
// shard there) still runs.
const MaxTermExpansion = 10000

func init() { searcher.DisjunctionMaxClauseCount = MaxTermExpansion }

// tooManyTerms turns bleve's clause-limit failure, which has no error type
// of its own, into a *RequestError on param. Other errors pass unchanged.
func tooManyTerms(param string, err error) error {
	var re *RequestError
	if err == nil || errors.As(err, &re) || !strings.Contains(err.Error(), "TooManyClauses") {
		return err
	}
	return reqErr(param, "a wildcard, prefix, regexp or fuzzy term matches more than %d different words; make it more specific",
		searcher.DisjunctionMaxClauseCount)
}
