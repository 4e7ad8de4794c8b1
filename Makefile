# Two commands on a fresh machine: `make demo` (grade the bundled examples) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/grader scheme
	@for f in examples/submissions/week*/*.ipynb; do \
		w=$$(basename $$(dirname $$f) | sed 's/^week0*//'); \
		echo; echo "=== $$f (week $$w)"; $(BIN)/grader check "$$f" --week $$w || exit $$?; \
	done
	@# the TA's view: the same examples as one class (one "student" per example), graded in parallel
	@rm -rf build/demo-class && mkdir -p build/demo-class
	@for f in examples/submissions/week*/*.ipynb; do \
		w=$$(basename $$(dirname $$f)); cp "$$f" "build/demo-class/$$(basename $$f .ipynb | tr _ -)_$$w.ipynb"; \
	done
	$(BIN)/grader grade build/demo-class --out build/demo-grades

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_similarity.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
