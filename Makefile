# Equilibre — the two commands of the README, and a few more.
#   make demo    build (release), check the sample plans in samples/ and correct one
#   make test    run the test suite
# Both install the Debian packages the build needs when they are missing.

SWIFT ?= swift
APT_PACKAGES = libzip-dev libxml2-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build demo test bench samples clean

deps:
	@if ! pkg-config --exists libzip libxml-2.0 2>/dev/null; then \
	  echo "Installing $(APT_PACKAGES)…"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build -c release

# Exit status 1 means the checker found errors in a sample: that is the demo working.
demo: build
	@for f in samples/*.xlsx samples/*.ods; do .build/release/equilibre info "$$f" || exit $$?; done
	.build/release/equilibre check samples/ --lang en || [ $$? -eq 1 ]
	@out=$$(mktemp -d) && .build/release/equilibre fix samples/eu-grant-typo.xlsx -o "$$out/eu-grant-typo-fixed.xlsx" --lang en \
	  && .build/release/equilibre check "$$out/eu-grant-typo-fixed.xlsx" --lang en; status=$$?; rm -rf "$$out"; [ $$status -le 1 ]

test: deps
	$(SWIFT) test

samples:
	python3 scripts/make_samples.py

bench: build
	scripts/bench.sh

clean:
	rm -rf .build
