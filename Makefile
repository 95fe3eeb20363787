# seckg: make run (build, ingest data/corpus, serve) and make test.
MOD     := $(shell go list -m)
VERSION ?= dev
DB      ?= seckg.db
ADDR    ?= 127.0.0.1:8080
FUZZTIME ?= 20s
export CGO_ENABLED := 1

build:
	go build -ldflags "-X main.version=$(VERSION)" -o bin/seckg ./cmd/seckg

run: build
	bin/seckg ingest --db $(DB) data/corpus
	bin/seckg serve --db $(DB) --addr $(ADDR)

test: fmt vet imports
	go test -race ./...

check: test

fmt:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; exit 1; }

vet:
	go vet ./...

imports:
	@! go list -f '{{join .Imports "\n"}}' . | grep -E '^$(MOD)/|^github.com/' || { echo "root package imports beyond stdlib"; exit 1; }
	@! go list -f '{{join .Imports "\n"}}' ./extract/... | grep -E '$(MOD)/(graph|api|cmd|export)|cayleygraph|gin-gonic' || { echo "extract imports graph/api"; exit 1; }
	@! go list -f '{{join .Imports "\n"}}' ./graph/... | grep -E '$(MOD)/(extract|api|cmd)|gojieba|gin-gonic' || { echo "graph imports extract/api"; exit 1; }
	@! go list -f '{{join .Imports "\n"}}' ./api/... | grep -E 'cayleygraph|gojieba|$(MOD)/(graph|extract)' || { echo "api imports cayley/gojieba"; exit 1; }

eval: build
	bin/seckg ingest --db $(DB) data/corpus
	bin/seckg eval --db $(DB) --gold data/gold --misses

web:
	npm --prefix web ci
	npm --prefix web run build

# Every Fuzz target of every package, $(FUZZTIME) each; a crasher is kept
# in that package's testdata/fuzz/ and replays in `make test` from then on.
fuzz:
	@set -e; for file in $$(grep -l '^func Fuzz' $$(git ls-files --cached --others --exclude-standard '*_test.go')); do \
		for f in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/p' $$file); do \
			echo "fuzz ./$$(dirname $$file) $$f ($(FUZZTIME))"; \
			go test ./$$(dirname $$file) -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME); \
		done; \
	done

bench:
	bash bench/run.sh

clean:
	rm -rf bin $(DB)

.PHONY: build run test check fmt vet imports eval web fuzz bench clean
