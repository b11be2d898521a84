package search

import "fmt"

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
