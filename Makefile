# OCOP — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python >= 3.12: python3.12, else python3.13 (a .python-version file pins pyenv to 3.12).
PY ?= $(shell for p in python3.12 python3.13; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: install install-dev run dev test test-fast lint check-migrations criteria-check bench fuzz loadtest loadtest-nodes clean-db help

help:
	@echo "make run    — cài đặt, nạp dữ liệu và chạy hệ thống tại http://127.0.0.1:8000"
	@echo "make test   — chạy toàn bộ kiểm thử (SQLite; PostgreSQL khi đặt DATABASE_URL)"
	@echo "make lint   — ruff, makemigrations --check, kiểm tra bộ tiêu chí"
	@echo "make bench  — chạy các phép đo hiệu năng trong bench/"
	@echo "make loadtest — kiểm thử tải 5 phút (gunicorn + wrk + ghi đồng thời); LOADTEST_ARGS=\"--duration 30s\""
	@echo "make loadtest-nodes — hai máy chủ ocop serve sau nginx: kiểm tra phiên, giới hạn, bộ nhớ đệm, tệp, tác vụ nền; thông lượng 1 → 2 máy"
	@echo "make fuzz   — schemathesis trên toàn bộ API, FUZZ_EXAMPLES (500) yêu cầu mỗi thao tác"

$(BIN)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PY)" ]; then echo "Cần Python 3.12 hoặc 3.13 (ví dụ: apt-get install python3.12 python3.12-venv, hoặc pyenv install 3.12)."; exit 1; fi
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv; else echo "msgfmt không có (gói gettext): dùng các tệp .mo đã commit."; fi
	@touch $@

# Test and development tools (pytest, Playwright, schemathesis, ruff, mypy…) on top: never in `make run`.
$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	@touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

run: install
	$(BIN)/ocop serve

dev: install
	$(BIN)/ocop serve --dev

# Two workers by default (the machines have 2 cores); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2

test: install-dev
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

test-fast: install-dev
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ocop criteria check

check-migrations: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# make bench BENCH_ARGS="--scale 1 --db pg --cases catalog,api" — see bench/run.py --help.
bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The API fuzz test of the suite, run longer: FUZZ_EXAMPLES generated requests per operation and token.
FUZZ_EXAMPLES ?= 500

fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --hypothesis-show-statistics \
		ocop/api/tests/test_schemathesis.py $(PYTEST_ARGS)

# A bounded load test against PostgreSQL (bench/loadtest.py): LOADTEST_ARGS="--duration 30s" for a try.
loadtest: install-dev
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

clean-db:
	rm -f var/ocop.sqlite3 var/ocop.sqlite3-wal var/ocop.sqlite3-shm

# Two `ocop serve` nodes behind nginx (bench/loadtest_nodes.py): checks across nodes, then 1 → 2 nodes throughput.
loadtest-nodes: install
	$(BIN)/python bench/loadtest_nodes.py $(LOADTEST_ARGS)
