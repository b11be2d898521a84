# newsfind — the two commands that matter: `make run` and `make test`.
GO        ?= go
BIN       := bin/newsfind
INDEX     ?= var/index
ADDR      ?= 127.0.0.1:8080
SHARED    ?= ../shared
FUZZTIME  ?= 2000x

.PHONY: build run test vet fuzz train dict gazetteer bench bench-quick screenshots eval clean

build:
	$(GO) build -o $(BIN) ./cmd/newsfind

# Build, index the shipped sample on first start, serve the API and UI.
run: build
	@mkdir -p var
	@test -s var/api-key || (od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > var/api-key && chmod 600 var/api-key)
	@test -f $(INDEX)/newsfind.json || ./$(BIN) index --index $(INDEX) data/sample
	@echo "API key for writes (Authorization: Bearer ...): $$(cat var/api-key)"
	./$(BIN) serve --index $(INDEX) --addr $(ADDR) --api-key-file var/api-key

# Every test, under the race detector, plus vet/gofmt and a short run of each fuzz target.
test: vet
	$(GO) test -race -count=1 ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Run every FuzzXxx target for FUZZTIME each (seed corpora live in testdata/fuzz). A count (2000x)
# rather than a duration: a duration that ends while a busy machine starves a worker fails the run.
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do \
	  pkg=$$(dirname $$f); \
	  for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/func //'); do \
	    echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg > /tmp/newsfind-fuzz.log 2>&1 || { cat /tmp/newsfind-fuzz.log; exit 1; }; \
	  done; \
	done

# Rebuild the NER model from the shared CoNLL-2003 data (deterministic).
train:
	nice $(GO) run ./cmd/newsfind train --conll $(SHARED)/data/conll2003/train.txt --news $(SHARED)/data/news --out data/models
	nice $(GO) run ./cmd/newsfind train quotes -out data/models/quotes.tsv.gz $(SHARED)/data/quotes/dev.jsonl.gz

# Rebuild the zstd dictionary of stored documents from Wikinews (CC BY 2.5; data/models/README.md).
# The shipped one is pinned (TestShippedStoredDict): a new one needs a new id and segment hook.
dict:
	$(GO) run ./cmd/newsfind train-dict --out data/models/stored.zdict $(SHARED)/data/news/wikinews.jsonl.gz

gazetteer:
	$(GO) run ./internal/gazetteer/gen -src $(SHARED)/data/gazetteer -out data/gazetteer

eval: build
	./$(BIN) eval ner $(SHARED)/data/conll2003/dev.txt
	./$(BIN) eval quotes -cv 5 $(SHARED)/data/quotes/dev.jsonl.gz

# Go benchmarks, then the full report (10k/50k/200k real articles vs plain bleve, query latency) into
# BENCHMARKS.md: about 15 minutes on 2 quiet cores.
bench: build
	$(GO) test -run='^$$' -bench=. -benchmem ./...
	@mkdir -p var
	nice ./$(BIN) bench --data $(SHARED)/data/news --out BENCHMARKS.md --json var/bench.json

bench-quick: build
	@mkdir -p var
	nice ./$(BIN) bench --quick --data $(SHARED)/data/news --out var/BENCHMARKS-quick.md

screenshots:
	NEWSFIND_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run 'Browser|UI' ./server/ui/...

clean:
	rm -rf bin var
