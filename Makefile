# Guanxi — two commands for a newcomer: `make run` and `make test`.
# Both install what is missing (scripts/install-deps.sh), then build with CMake + Ninja + ccache.

BUILD      ?= build/release
ASAN_BUILD ?= build/asan
GUANXI     := $(BUILD)/src/cli/guanxi
DB         ?= guanxi.db
HOST       ?= 127.0.0.1
PORT       ?= 8080
JOBS       ?= $(shell nproc)
DEMO_CUSTOMERS ?= 5000
DEMO_ORDERS    ?= 20000

CMAKE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUANXI_WERROR=ON
# -g1: line tables only (sanitizer reports name file:line; builds and links faster than -g).
ASAN_FLAGS  := -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DGUANXI_WERROR=ON \
               -DGUANXI_SANITIZE=ON -DGUANXI_ONLY_UNIT_TESTS=ON -DGUANXI_BUILD_BENCH=OFF


.PHONY: all deps configure build programs run test test-e2e test-unit test-web test-asan web bench format tidy clean

# The web UI (web/): `npm ci` only when the lockfile is newer than node_modules, `vite build`
# into web/dist only when a source changed. guanxi serve serves web/dist.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
               web/index.html web/vite.config.ts web/tsconfig.json web/package.json

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@[ -f $(BUILD)/build.ninja ] || cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

web: deps web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	@cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && node node_modules/vite/bin/vite.js build --logLevel warn
	@touch $@

# Builds the server and the web UI, creates a demo shop when the database is empty, prints an
# API key and the demo admin's credentials (a new password on every run), serves UI and API.
run: configure web
	@cmake --build $(BUILD) -j $(JOBS) --target guanxi
	@$(GUANXI) demo --db $(DB) --if-empty --customers $(DEMO_CUSTOMERS) --orders $(DEMO_ORDERS) --seed 42
	@$(GUANXI) apikey create --db $(DB) --name "make run"
	@echo "Web UI: http://$(HOST):$(PORT)  (sign in as admin with the password below)"
	@$(GUANXI) user create --db $(DB) --admin 2>/dev/null || \
	  $(GUANXI) user passwd --db $(DB) --username admin --generate-password
	@$(GUANXI) serve --db $(DB) --host $(HOST) --port $(PORT)

# Every suite, each once: the end-to-end suite (the real release binaries over HTTP and the CLI,
# kill -9 included), the web UI's (Vitest, then Playwright in headless Chromium against one
# `guanxi serve`), then the unit suites under AddressSanitizer + UBSan (a Debug build).
test: programs test-e2e test-web test-asan

# The release tree without the unit suites: server/CLI, benchmarks, end-to-end suite and its tools.
programs: configure
	@cmake --build $(BUILD) -j $(JOBS) --target programs

test-e2e: programs
	@cd $(BUILD) && ctest -L e2e --output-on-failure -j $(JOBS) --timeout 900

# The unit suites on the optimised build as well (not part of `make test`).
test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

test-web: web
	@cd web && npm test --silent
	@cd web && GUANXI_BIN=$(abspath $(GUANXI)) E2E_SKIP_BUILD=1 node scripts/e2e.mjs

test-asan: deps
	@[ -f $(ASAN_BUILD)/build.ninja ] || cmake -S . -B $(ASAN_BUILD) $(ASAN_FLAGS)
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900

# Throughput and latency numbers (slow; not part of `make test`).
bench: build
	@bash bench/run.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	@git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf build
