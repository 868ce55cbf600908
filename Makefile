# ironbase — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
export CGO_ENABLED := 1

GO      ?= go
BIN     := bin
# Debian packages the tests drive as real peers (see docs/testing.md).
APT_TEST := busybox-static iproute2 openipmi ipmitool tftp-hpa ipxe curl squashfs-tools dosfstools fdisk chromium qemu-system-x86 ovmf ipxe-qemu
# Extra peers only the benchmarks need.
APT_BENCH := tftpd-hpa kea-admin kea-dhcp4-server dnsmasq-base squashfs-tools ipmitool nginx-light
# An execution count, not a duration: with a duration, Go 1.26's fuzzing coordinator
# can fail a target that found nothing with a bare "context deadline exceeded" as the
# time runs out (go.dev/issue/75804, fixed in Go 1.27). A count sets no deadline.
FUZZTIME ?= 150000x

.PHONY: help build deps test ci lint fuzz-short demo bench clean lab-image model

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

build: ## build ironbase and the static agent into bin/
	$(GO) build -o $(BIN)/ironbase ./cmd/ironbase
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ironbase-agent ./cmd/ironbase-agent
	$(GO) build -o $(BIN)/ironbase-lab ./cmd/ironbase-lab

deps: ## install the Debian packages the tests need (idempotent, quiet)
	@.ci/apt-ensure $(APT_TEST)

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: deps lint lab-image ## install what the tests need, then vet and run every test with -race
	@$(MAKE) --no-print-directory model
	$(GO) test -race -count=1 -timeout 25m ./...
	@$(MAKE) --no-print-directory fuzz-short

model: ## the controller's model-based test: 10,000 random fault sequences (without -race; `test` runs 400 more with it)
	$(GO) test -count=1 -timeout 30m -run '^TestModel$$' ./provision

lab-image: build ## build the virtual lab's boot image from Debian packages (.cache/lab)
	$(BIN)/ironbase-lab image --cache .cache/lab --agent $(BIN)/ironbase-agent

fuzz-short: ## a short run of every fuzz target (FUZZTIME executions each)
	@set -e; for t in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$t/*_test.go | sed 's/^func //'); do \
	    echo "fuzz $$t $$f ($(FUZZTIME))"; \
	    out=$$($(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$t 2>&1) || { echo "$$out" | tail -40; exit 1; }; \
	  done; done

ci: test ## what .ci/run runs

demo: deps lab-image ## a two-host virtual lab (BIOS + UEFI) provisioned by ironbase; Ctrl-C tears it down
	$(BIN)/ironbase-lab demo --bin $(BIN) --cache .cache/lab

bench: build ## run the benchmarks (peer and ironbase side by side)
	@.ci/apt-ensure $(APT_BENCH)
	@if [ -d cmd/ironbase-bench ]; then $(GO) run ./cmd/ironbase-bench; \
	  else echo "no benchmarks built yet"; fi

clean: ## remove build output
	rm -rf $(BIN)
