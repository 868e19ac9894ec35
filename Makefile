# The two commands of the quick start (make run, make test) do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
FILE   ?= resources/samples/b2b-saas.journeymap
# pytest-xdist workers: one per core by default; JOBS=0 runs the suite in this one process.
JOBS   ?= auto
PYTEST := QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(JOBS) --dist worksteal

.PHONY: run test test-fast bench lint format clean package deb smoke

$(BIN)/python:
	sh tools/bootstrap-venv.sh $(PYTHON) $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	sh tools/ensure-qt-libs.sh $(BIN)/python
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	sh tools/ensure-office.sh
	@touch $@

$(VENV)/.installed-package: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[package]'
	@touch $@

# The icons in every size and format, from the two SVGs in resources/icons (packaging/make_icons.py).
build/icons/.made: resources/icons/*.svg packaging/make_icons.py | $(VENV)/.installed
	rm -rf build/icons
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py build/icons
	@touch $@

## Open the designer (on the bundled sample unless FILE=... is given).
run: $(VENV)/.installed
	$(BIN)/journeymap-designer $(FILE)

## Lint and type-check, then the whole test suite, headless, on every core.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(PYTEST) $(PYTEST_ARGS)

## The inner loop: the suite without the tests marked slow (LibreOffice, benchmark runs), no lint.
test-fast: $(VENV)/.installed-test
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

## The benchmarks against the budgets of the issues; prints a table.
bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

## The frozen app, both commands in one folder: dist/journeymap-designer/ (PyInstaller; packaging/README.md).
package: $(VENV)/.installed-package build/icons/.made
	sh packaging/ensure-bundle-libs.sh $(BIN)/python
	@rm -rf dist/journeymap-designer build/pyinstaller
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/journeymap.spec && \
	echo "package: dist/journeymap-designer, $$(du -sh dist/journeymap-designer | cut -f1), built in $$(( $$(date +%s) - start )) s"

## The Debian package: dist/journeymap-designer_<version>_<arch>.deb (DEB_COMPRESSION=zstd|xz|gzip).
DEB_COMPRESSION ?= zstd
deb: package
	sh packaging/ensure-desktop-tools.sh
	$(BIN)/python packaging/build_deb.py --compression $(DEB_COMPRESSION)

## The package's smoke test: make deb, unpack it into a scratch root, run both commands from there.
smoke: deb
	sh packaging/ensure-desktop-tools.sh --smoke
	python3 packaging/smoke_test.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
