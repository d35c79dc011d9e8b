# 信用阳江: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
WECHAT_STANDIN_PORT ?= 8900
export WECHAT_STANDIN_PORT
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-postgres test-frontcache lint format install install-dev migrate seed bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Without real WeChat credentials (WECHAT_APP_ID unset) the stand-in WeChat API
# runs alongside the site and stops with it.
run: seed
	@if [ -n "$$WECHAT_APP_ID" ]; then exec $(BIN)/python manage.py runserver 127.0.0.1:$(PORT); fi; \
	$(BIN)/python manage.py wechat_standin --port $(WECHAT_STANDIN_PORT) \
		--callback-url http://127.0.0.1:$(PORT)/wechat/callback/ & standin=$$!; \
	trap 'kill $$standin 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests; tests that need it skip only
# when it is missing *and* BROWSER_TESTS is not required (CI requires it).
browser-deps:
	@test -x $(CHROMIUM) || (command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk) || echo "chromium not installed: browser tests will be skipped")

test: install-dev
	$(BIN)/python -m pytest -m "not frontcache"

# The front cache for real: Debian's varnishd with deploy/varnish/default.vcl in
# front of the live test server (installed with apt when missing, as in CI).
VARNISHD ?= /usr/sbin/varnishd
test-frontcache: install-dev
	@test -x $(VARNISHD) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null)
	REQUIRE_FRONTCACHE_TESTS=1 $(BIN)/python -m pytest -m frontcache tests/front_cache

# The same suite against a throwaway PostgreSQL cluster and Redis server (as production runs);
# needs Debian's postgresql and redis-server packages.
test-postgres: install-dev
	scripts/with-services $(BIN)/python -m pytest -m "not frontcache"

# Style: ruff (lint, import order, format) for Python, djhtml for templates.
TEMPLATE_DIRS = $(wildcard cms/templates cms/*/templates wechat/templates wechat/*/templates)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATE_DIRS)

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATE_DIRS)

# Every benchmark, one table (bench/all.py): `make bench BENCH_ARGS="--quick --only serve,search"`.
# Installs what the full run needs with apt when missing, as .ci/run does; a benchmark whose tool
# is still missing is reported as skipped.
BENCH_ARGS ?=
bench: install-dev
	@missing=""; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	test -x $(VARNISHD) || command -v varnishd >/dev/null 2>&1 || missing="$$missing varnish"; \
	test -x /usr/sbin/nginx || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx"; \
	command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
			|| echo "could not install$$missing: the benchmarks that need them are skipped"; \
	fi
	$(BIN)/python bench/all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
