package uitest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
)

// interimAPI answers the search endpoints straight from the search package
// while the server's own handlers are not there yet (they answer 501).
func interimAPI(st *store.Store, next http.Handler) http.Handler {
	write := func(w http.ResponseWriter, v any, err error) {
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			status := http.StatusInternalServerError
			var re *search.RequestError
			if errors.As(err, &re) {
				status = http.StatusBadRequest
			}
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(map[string]any{"error": err.Error(), "status": status})
			return
		}
		json.NewEncoder(w).Encode(v)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/api/search":
			req, err := search.FromValues(r.URL.Query())
			if err != nil {
				write(w, nil, err)
				return
			}
			res, err := search.Search(r.Context(), st.Index(), req)
			write(w, res, err)
		case p == "/api/quotes":
			req, err := search.QuoteFromValues(r.URL.Query())
			if err != nil {
				write(w, nil, err)
				return
			}
			res, err := search.SearchQuotes(r.Context(), st.Index(), req)
			write(w, res, err)
		case strings.HasPrefix(p, "/api/facets/"):
			req, err := search.FacetFromValues(strings.TrimPrefix(p, "/api/facets/"), r.URL.Query())
			if err != nil {
				write(w, nil, err)
				return
			}
			res, err := search.FacetValues(r.Context(), st.Index(), req)
			write(w, res, err)
		default:
			next.ServeHTTP(w, r)
		}
	})
}
