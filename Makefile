# Attention Lab: `make run` opens the app, `make test` runs the tests. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test fuzz bench lint i18n clean-venv package

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch pinned to the CPU wheel; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEVSTAMP)

run: $(STAMP)
	$(BIN)/attention-lab

lint: $(DEVSTAMP)
	$(BIN)/lint-imports

test: $(DEVSTAMP)
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# 10,000 hypothesis examples per fuzzed entry point, model-running ones included (make test: 200, or 20 for those).
fuzz: $(DEVSTAMP)
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests -k fuzz

# One table of every benchmark (written into README.md); the BERT row compares with transformers (dev extra).
bench: $(DEVSTAMP)
	$(BIN)/python bench/all.py

# Qt Linguist: refresh the Korean source from the code (moved strings keep their translation: scripts/i18n_carry.py
# prints what is still untranslated), then compile it (both files are committed).
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find desktop_app -name '*.py' | sort) -ts assets/i18n/attention_lab_ko.ts
	$(BIN)/python scripts/i18n_carry.py assets/i18n/attention_lab_ko.ts
	$(BIN)/pyside6-lrelease assets/i18n/attention_lab_ko.ts -qm assets/i18n/attention_lab_ko.qm

# Offline Linux installers: the PyInstaller bundle, pruned and self-tested, packed as dist/*.tar.xz and dist/*.deb;
# as root it then installs the .deb, self-tests it as a new user offline, times its start, upgrades and removes it
# (packaging/deb.py). Fails over budget (750 MB installed, 350 MB download) or on a failed check; writes
# packaging/size_report.md. About 15 minutes on 2 busy cores. See packaging/README.md.
PKGSTAMP := $(VENV)/.installed-package
$(PKGSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[package]"
	touch $(PKGSTAMP)

package: $(PKGSTAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/attention_lab.spec
	$(BIN)/python packaging/finish.py all

clean-venv:
	rm -rf $(VENV)
