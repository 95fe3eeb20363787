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

fuzz:
	go test ./extract -run '^$$' -fuzz FuzzNormalize -fuzztime $(FUZZTIME)
	go test ./extract -run '^$$' -fuzz FuzzSplit -fuzztime $(FUZZTIME)

bench:
	bash bench/run.sh

clean:
	rm -rf bin $(DB)

.PHONY: build run test check fmt vet imports eval web fuzz bench clean
