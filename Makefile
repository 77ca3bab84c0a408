# e-Messages: the two commands are `make run` and `make test`.

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run test build fmt bench assets

## run: serve on http://127.0.0.1:8080 with SQLite and the demo data
run:
	$(GO) run ./cmd/emessage serve --demo

## test: vet, then every test with the race detector, on SQLite and on a
## throwaway PostgreSQL server when PostgreSQL is installed (scripts/with-postgres.sh)
test:
	$(GO) vet ./...
	scripts/with-postgres.sh $(GO) test -race ./...

## build: the binary, in bin/emessage
build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/emessage ./cmd/emessage

## fmt: format every Go file
fmt:
	$(GO) fmt ./...

## assets: rebuild the pages' vendored files from their npm packages (needs
## npm): the USWDS stylesheet, fonts and icons in web/static/, and axe-core
## for the browser tests in web/testdata/. The results are committed, so run
## and test need no npm.
assets:
	web/assets/build.sh

## bench: generate (or reuse) the 1,000,000-message dataset, start a server on
## it and measure each operation through the API and on the bare database.
## BENCH_SIZE=small for a quick run; BENCH_DB=postgres://... for PostgreSQL.
BENCH_SIZE ?= full
BENCH_DB ?= sqlite:data/bench/$(BENCH_SIZE).db
BENCH_FLAGS ?=
bench: build
	bin/emessage bench --db $(BENCH_DB) --size $(BENCH_SIZE) $(BENCH_FLAGS)
