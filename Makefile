# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test setup setup-test lint schemas samples bench clean

demo: setup
	rm -rf out
	.venv/bin/plantrack extract samples -o out
	.venv/bin/plantrack report --db out/plantrack.db -o out/report

test: setup-test
	.venv/bin/ruff check pipeline tests samples/generate.py scripts
	.venv/bin/ruff format --check pipeline tests
	.venv/bin/mypy
	.venv/bin/plantrack schema --check
	.venv/bin/pytest -n auto --dist worksteal -m "not serial"
	.venv/bin/pytest -m serial

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

schemas: setup
	.venv/bin/plantrack schema --write

samples: setup
	.venv/bin/python samples/generate.py

bench: setup
	.venv/bin/python scripts/bench_extract.py
	.venv/bin/python scripts/bench_ocr.py
	.venv/bin/python scripts/bench_batch.py
	.venv/bin/python scripts/bench_styles.py --count 300 --seed 1000 --workers 2

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
