"""A sweep parses its file once and each point's scenario once; ids and numbers stay."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from qinternet.core.errors import ScenarioError
from qinternet.network import Scenario, build_scenario, files, parse_scenario, run_built
from qinternet.sweep import Axis, SweepSpec
from qinternet.sweep.run import SerialExecutor, run_sweep
from qinternet.sweep.store import SweepStore
from qinternet.sweep.worker import evaluate_scenario, summarise

AXES = ("distance_km=1,20", "nodes.*.memory.t2_s=0.1,1")
IDS_AND_SEEDS = [
    ("7b6e62e4bad6648450a2cf51072e2749", 198431304675241849),
    ("8e40add3cb2cd43ec6c97a7049042059", 657632834719045557),
    ("83cb931d27d1f42881e3d688f0e75bfa", 8673707799284893547),
    ("5246a615011179483c1735052d6db6be", 3945329096986302979),
]
"""Ids and seeds of these points as the sweep gave them before points carried their
scenario (base seed 5): a resumed sweep must find its stored points."""
SWEEP_ID = "e95ab200dffeb5c7c0ddd4adbb1d8b4d"


class Counts:
    """How often scenarios are validated and YAML files read, while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.validations = 0
        self.yaml_reads = 0
        validate, read = Scenario.model_validate, files.read_yaml

        def count_validation(cls: type[Scenario], *args: Any, **kwargs: Any) -> Scenario:
            self.validations += 1
            return validate(*args, **kwargs)

        def count_read(path: Any) -> Any:
            self.yaml_reads += 1
            return read(path)

        monkeypatch.setattr(Scenario, "model_validate", classmethod(count_validation))
        monkeypatch.setattr(files, "read_yaml", count_read)


@pytest.fixture
def scenario_file(tmp_path: Path, link_data: dict[str, Any]) -> Path:
    path = tmp_path / "link.yaml"
    path.write_text(yaml.safe_dump(link_data))
    return path


def _spec(path: Path) -> SweepSpec:
    return SweepSpec.from_file(path, [Axis.parse(text) for text in AXES], base_seed=5)


def _reference(point_json: dict[str, Any]) -> dict[str, Any]:
    """One point run the way a sweep ran it before: parsed from its JSON, built, run."""
    scenario = parse_scenario(point_json, source="reference")
    built = build_scenario(scenario, source="reference")
    return summarise(run_built(built), built)


def test_a_local_sweep_parses_the_file_once_and_each_point_once(
    scenario_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = Counts(monkeypatch)
    spec = _spec(scenario_file)
    assert (counts.yaml_reads, counts.validations) == (1, 1)  # the base, read and parsed
    points = spec.validated_points()
    num_points = len(AXES[0].split(",")) * len(AXES[1].split(","))
    assert len(points) == num_points
    assert counts.validations == 1 + num_points
    with SweepStore.create(tmp_path / "out", sweep_id=spec.sweep_id, description={}) as store:
        summary = run_sweep(points, store, SerialExecutor())
        stored = store.load()
    assert summary.num_done == num_points
    assert (counts.yaml_reads, counts.validations) == (1, 1 + num_points)  # none on workers

    assert [(p.point_id, p.seed) for p in points] == IDS_AND_SEEDS
    assert spec.sweep_id == SWEEP_ID
    for point in points:
        row = stored[stored["point_id"] == point.point_id].iloc[0]
        for name, value in _reference(point.scenario_data()).items():
            assert row[name] == value, (point.describe(), name)


def test_a_point_crosses_to_a_worker_validated(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = _spec(scenario_file).validated_points()[1]
    shipped = pickle.loads(pickle.dumps(point))  # what a process pool or Dask sends
    assert shipped == point
    assert shipped.scenario == parse_scenario(point.scenario_data())
    counts = Counts(monkeypatch)
    values = evaluate_scenario(shipped)
    assert counts.validations == 0
    assert values == _reference(point.scenario_data())


def test_a_point_without_its_scenario_is_parsed_where_it_runs(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = _spec(scenario_file).points()[0]
    assert bare.scenario is None
    counts = Counts(monkeypatch)
    assert bare.validated_scenario(source="here").seed == bare.seed
    assert counts.validations == 1


def test_file_errors_keep_their_one_line_messages(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(ScenarioError, match=r"missing.yaml: cannot read"):
        _spec(missing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match=r"broken.yaml: not valid YAML at line 2"):
        _spec(broken)
    listed = tmp_path / "listed.yaml"
    listed.write_text("- 1\n- 2\n")
    with pytest.raises(ScenarioError, match="a scenario must be a mapping of keys, got list"):
        _spec(listed)
