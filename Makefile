# Every target bootstraps itself on a machine that has only python3.
# Installs take every version from requirements.lock; `make lock` refreshes it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock

# Rate and fidelity against distance: direct transmission, one repeater, seven repeaters,
# each with one memory pair per link (so every PLOB bound is at the attempt rate used) and
# memories with T2 = 1 s; 24 distances from 25 to 600 km, 5 s of simulated time each.
DEMO_SWEEP = --vary distance_km=25:600:24 --set 'nodes.*.memory.t2_s=1' --duration-s 5 --force

.PHONY: demo test bench lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --constraint $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --constraint $(LOCK) -e ".[test,bench]"
	touch $(VENV)/.installed $@

# Resolve every dependency (runtime, test and benchmark extras) afresh for Python 3.11.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 \
		--custom-compile-command "make lock" --quiet --output-file $(LOCK)

demo: $(VENV)/.installed
	$(BIN)/qinternet demo
	$(BIN)/qinternet run examples/humphreys_2018_nv.yaml
	$(BIN)/qinternet optics pachinko --levels 3 --photons 2 --top 5
	$(BIN)/qinternet sweep examples/barrett_kok_link.yaml $(DEMO_SWEEP) --set links.0.heralded_fidelity=null --set links.0.num_channels=1 --set 'name=direct transmission' --out demo-output/direct
	$(BIN)/qinternet sweep examples/barrett_kok_chain_3_nodes.yaml $(DEMO_SWEEP) --set protocol.num_channels=1 --out demo-output/one-repeater
	$(BIN)/qinternet sweep examples/barrett_kok_chain_9_nodes.yaml $(DEMO_SWEEP) --set 'links.*.heralded_fidelity=null' --set protocol.num_channels=1 --set 'name=seven repeaters (9 nodes)' --out demo-output/seven-repeaters
	$(BIN)/qinternet plot demo-output/direct demo-output/one-repeater demo-output/seven-repeaters --x distance_km --y rate_hz --y fidelity_mean --title "Barrett-Kok links, one memory pair per link, memories with T2 = 1 s" --out demo-output/rate_vs_distance.png

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	@for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
