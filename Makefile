# e-Messages: the two commands are `make run` and `make test`.

GO ?= go
# The Go release go.mod names: a machine's own Go (GOTOOLCHAIN=local on some)
# fetches it once from the module proxy and runs it.
export GOTOOLCHAIN ?= go1.27.3
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# One set of flags for run, build and the image, so that they share the
# build cache: paths trimmed, no DWARF made by the compiler nor kept by the
# linker, no symbol table (a fifth less compiling, a third smaller binary;
# panics and profiles still name every function and line; a debugger needs
# BUILD_FLAGS=), static (scripts/build.sh sets CGO_ENABLED=0).
# docs/PERFORMANCE.md, "First build".
BUILD_FLAGS ?= -trimpath -gcflags=all=-dwarf=false -ldflags "-s -w -X main.version=$(VERSION)"
export GO

.PHONY: run test build fmt bench bench-postgres assets image-context image

## run: build bin/emessage (about 2 minutes the first time, seconds after; it
## says so), then serve on http://127.0.0.1:8080 with SQLite and the demo
## data in data/ (rm -rf data/ starts over). ADDR=127.0.0.1:8081 for another
## port.
ADDR ?=
run:
	@scripts/build.sh bin/emessage $(BUILD_FLAGS)
	bin/emessage serve --demo $(if $(ADDR),--addr $(ADDR))

## test: vet, then every test with the race detector, on SQLite and on a
## throwaway PostgreSQL server (scripts/with-postgres.sh), the browser tests
## in Chromium included. scripts/test-deps.sh first installs what is missing
## (as root on Debian or Ubuntu) or stops with the command that does: no part
## of the suite is skipped.
## The end-to-end and browser tests of cmd/emessage run past go test's
## default 10 minutes on a busy 2-core machine: TEST_TIMEOUT bounds them.
TEST_TIMEOUT ?= 30m
test: test-deps
	$(GO) vet ./...
	scripts/with-postgres.sh $(GO) test -race -timeout $(TEST_TIMEOUT) ./...

.PHONY: test-deps test-quick
test-deps:
	@scripts/test-deps.sh

## test-quick: vet and the tests on SQLite only, for a machine without
## PostgreSQL, Chromium or systemd-analyze; it says what it left out. The
## race detector runs when there is a C compiler.
QUICK_SKIP := postgres,chromium,systemd
test-quick:
	$(GO) vet ./...
	@race=-race; command -v "$${CC:-gcc}" >/dev/null || race=; \
	EMESSAGE_TEST_SKIP=$(QUICK_SKIP) env -u EMESSAGE_TEST_POSTGRES_URL $(GO) test $$race ./...; status=$$?; \
	echo "test-quick left out: the PostgreSQL runs of the store and end-to-end tests, the browser tests"; \
	echo "  (Chromium) and the check of deploy/emessage.service (systemd-analyze)$${race:+.}"; \
	[ -n "$$race" ] || echo "  and the race detector (no C compiler)."; \
	echo "make test runs them all."; \
	exit $$status

## build: the binary, in bin/emessage: static, for any Linux of this
## architecture (deploy/README.md)
build:
	@scripts/build.sh bin/emessage $(BUILD_FLAGS)

## image-context: the build context of deploy/Dockerfile in build/image:
## the static binary, CA certificates, time zones and a non-root user, so
## that docker build needs no network and pulls no base image.
IMAGE_CONTEXT := build/image
image-context: build
	scripts/image-context.sh bin/emessage $(IMAGE_CONTEXT)

## image: the container image emessage:VERSION (needs a Docker daemon)
image: image-context
	docker build -t emessage:$(VERSION) $(IMAGE_CONTEXT)

## crashtest: kill -9 the real server (built from ./cmd/emessage) several
## times during a load of sends, then check that nothing acknowledged was lost
## and no email arrived twice but across a kill (cmd/crashtest). Default 2,000
## records and 5 kills; CRASH_FLAGS="-messages 300 -kills 3" for a quick run.
CRASH_FLAGS ?=
.PHONY: crashtest
crashtest:
	$(GO) run ./cmd/crashtest -go "$(GO)" $(CRASH_FLAGS)

## fuzz: each fuzz target in turn for FUZZ_TIME (go test -fuzz takes one
## target per run); make test already runs their seeds. A crash is saved
## under the package's testdata/fuzz/ as a new seed to commit with its fix.
FUZZ_TIME ?= 10s
FUZZ_TARGETS ?= .:FuzzParseImport .:FuzzStatusMove .:FuzzDecodeCursor .:FuzzDetectUploadType \
	.:FuzzCleanFileName ./web/api:FuzzDecodeJSON ./web/answer:FuzzSearchFilter \
	./cmd/emessage:FuzzAPISearch ./cmd/emessage:FuzzAPISend .:FuzzOnceKey ./web/page:FuzzFormOnce
.PHONY: fuzz
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} ($${t%%:*}) for $(FUZZ_TIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZ_TIME) "$${t%%:*}"; \
	done

## fmt: format every Go file
fmt:
	$(GO) fmt ./...

## assets: rebuild the pages' vendored files from their npm packages (needs
## npm): the USWDS stylesheet, fonts and icons in web/page/static/, and axe-core
## for the browser tests in web/testdata/. The results are committed, so run
## and test need no npm.
assets:
	web/page/assets/build.sh

## bench: generate (or reuse) the 1,000,000-message dataset, copy it for the
## run (deleted after, so runs compare), start a server on the copy and
## measure each operation through the API and on the bare database, in
## interleaved rounds with the ratio of each. BENCH_SIZE=small for a quick
## run, state for 10,000,000; BENCH_DB=postgres://... for PostgreSQL.
BENCH_SIZE ?= full
BENCH_DB ?= sqlite:data/bench/$(BENCH_SIZE).db
BENCH_FLAGS ?=
bench: build
	bin/emessage bench --db $(BENCH_DB) --size $(BENCH_SIZE) $(BENCH_FLAGS)

## bench-postgres: the same on a throwaway PostgreSQL server with production
## durability (fsync on), generating the dataset there first.
bench-postgres: build
	PG_DURABLE=1 scripts/with-postgres.sh sh -c 'bin/emessage bench --db "$$EMESSAGE_TEST_POSTGRES_URL" --size $(BENCH_SIZE) $(BENCH_FLAGS)'

