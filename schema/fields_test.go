package schema

import "testing"

func TestParseQuoteDocID(t *testing.T) {
	for _, tc := range []struct {
		id      string
		article string
		n       int
		ok      bool
	}{
		{QuoteDocID("a1", 0), "a1", 0, true},
		{QuoteDocID("a1", 12), "a1", 12, true},
		{QuoteDocID("weird#q7", 3), "weird#q7", 3, true},
		{QuoteDocID("", 1), "", 1, true},
		{"a1", "", 0, false},
		{"a1#q", "", 0, false},
		{"a1#q01", "", 0, false},
		{"a1#q-1", "", 0, false},
		{"a1#q1x", "", 0, false},
		{"a1#q1234567890", "", 0, false},
	} {
		article, n, ok := ParseQuoteDocID(tc.id)
		if article != tc.article || n != tc.n || ok != tc.ok {
			t.Errorf("ParseQuoteDocID(%q) = %q, %d, %v; want %q, %d, %v", tc.id, article, n, ok, tc.article, tc.n, tc.ok)
		}
	}
}

func FuzzQuoteDocID(f *testing.F) {
	f.Add("a1", 0)
	f.Add("x#q3", 42)
	f.Fuzz(func(t *testing.T, article string, n int) {
		if n < 0 || n > 999_999_999 {
			t.Skip("quote indexes are small and non-negative")
		}
		a, m, ok := ParseQuoteDocID(QuoteDocID(article, n))
		if !ok || a != article || m != n {
			t.Errorf("ParseQuoteDocID(QuoteDocID(%q, %d)) = %q, %d, %v", article, n, a, m, ok)
		}
	})
}
