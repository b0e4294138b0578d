# The two commands of the README, and a few helpers for developers.
.DEFAULT_GOAL := help
.PHONY: help run test lint format services services-down

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: ## Set up and serve Bridge with demo data on http://127.0.0.1:8000 (embedded default)
	@scripts/run.sh

test: ## Start PostgreSQL, Redis, Elasticsearch, Chromium; lint; run every test
	@scripts/test.sh $(ARGS)

lint: ## ruff check and format check
	@scripts/venv.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check .

format: ## Apply ruff's formatting and safe fixes
	@scripts/venv.sh && .venv/bin/ruff check --fix . && .venv/bin/ruff format .

services: ## Install (if missing) and start the real services
	@scripts/services/up.sh

services-down: ## Stop the services started by `make services`
	@scripts/services/down.sh
