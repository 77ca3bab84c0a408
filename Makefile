# e-Messages: the two commands are `make run` and `make test`.

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run test build fmt

## run: serve on http://127.0.0.1:8080 with SQLite and the demo data
run:
	$(GO) run ./cmd/emessage serve --demo

## test: vet, then every test with the race detector
test:
	$(GO) vet ./...
	$(GO) test -race ./...

## build: the binary, in bin/emessage
build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/emessage ./cmd/emessage

## fmt: format every Go file
fmt:
	$(GO) fmt ./...
