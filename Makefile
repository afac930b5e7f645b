# Hromada — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
export HROMADA_MIGRATIONS_DIR := $(CURDIR)/migrations

.PHONY: run test deps db build build-tests migrate stop-db clean bench man fuzz

## Install what is missing, start PostgreSQL, build, migrate, create a demo admin and serve.
run: build db
	@bash scripts/run.sh

## The same setup, then every test against the real PostgreSQL.
test: build-tests db
	@bash scripts/test.sh

deps:
	@bash scripts/deps.sh

db: deps
	@bash scripts/dev-db.sh start

build: deps
	swift build --product hromada-server
	swift build --product hromada

build-tests: deps
	swift build --build-tests

migrate: build db
	@eval "$$(bash scripts/dev-db.sh env)" && .build/debug/hromada-server migrate

stop-db:
	@bash scripts/dev-db.sh stop

clean: stop-db
	rm -rf .build .data

## Measurements (not tests), release builds: pack validation/import and the completions report against
## storage, the HTTP attempt burst (1,000 learners, 20 answers each) against hromada-server, and
## signing a cohort of 10,000 certificates.
bench: db
	@bash scripts/bench.sh

## The manual pages in docs/man, generated from the command definitions (--experimental-dump-help) by
## scripts/man.py, which keeps the Ukrainian (the generate-manual plugin drops every non-ASCII letter);
## run it after changing a command.
man: deps
	swift build --product hromada
	swift build --product hromada-server
	python3 scripts/man.py .build/debug docs/man "$$(LC_ALL=C date '+%B %-d, %Y')"

## A long contract fuzz (schemathesis from PyPI, 200 examples per operation) against a live server on a
## seeded database; make test runs a short one. FUZZ_SEED=N repeats a run.
fuzz: build db
	@eval "$$(bash scripts/dev-db.sh env)" && python3 Tests/e2e/contract_fuzz.py --examples 200 --seed "$${FUZZ_SEED:-$$RANDOM}"
