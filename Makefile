# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Server processes for `make serve`: a search is CPU work, so one per core.
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: install test rebuild serve bench bench-corpus bench-relevance bench-update bench-formats clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core, the accessibility checker the browser tests run inside the pages
# they open, comes from npm into .cache/ (never committed, never served).
AXE_VERSION := 4.14.1
AXE := .cache/axe-core/axe.min.js

$(AXE):
	mkdir -p .cache/axe-core
	cd .cache/axe-core && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
		&& tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js package/LICENSE \
		&& rm axe-core-$(AXE_VERSION).tgz

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

rebuild: $(STAMP)
	$(BIN)/python -m indexer rebuild --corpus seeds --index index

# Builds index/ from seeds/ when there is none, then serves on http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python -m webui --host 127.0.0.1 --port 8000 --index index --corpus seeds --workers $(WORKERS)

# Benchmarks (on demand, never part of `make test`); they build their corpora under /tmp.
bench-corpus: $(STAMP)
	$(BIN)/python bench/corpus.py

bench: $(STAMP)
	test -d /tmp/frsearch-bench/corpus || $(BIN)/python bench/corpus.py
	$(BIN)/python bench/speed.py

bench-relevance: $(STAMP)
	$(BIN)/python bench/relevance.py

bench-update: $(STAMP)
	$(BIN)/python bench/update_speed.py

# Extraction speed per format on French manuals from Debian packages (apt-get download, pandoc for DOCX/ODT).
bench-formats: $(STAMP)
	$(BIN)/python bench/formats.py

clean:
	rm -rf $(VENV) index .pytest_cache .cache

# OpenSearch on 127.0.0.1 (Java 17 and Maven; the first run resolves from Maven Central into ~/.m2).
# Nodes run in the background, their data, log and PID under opensearch/data/.
.PHONY: opensearch opensearch-cluster opensearch-stop

opensearch:
	opensearch/start.sh single

opensearch-cluster:
	opensearch/start.sh cluster

opensearch-stop:
	opensearch/stop.sh

# OpenSearch against Whoosh on the bench corpus and the dev sets; needs a node (make opensearch)
# at OPENSEARCH_URL and starts a two-node cluster of its own on 9240/9340.
OPENSEARCH_URL ?= http://127.0.0.1:9200
.PHONY: bench-opensearch
bench-opensearch: $(STAMP)
	test -d /tmp/frsearch-bench/corpus || $(BIN)/python bench/corpus.py
	$(BIN)/python bench/opensearch.py --node $(OPENSEARCH_URL)
