"""Sweep specifications: products, zips, content ids, seeds; the fuzzed scenario loader."""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.network import Scenario, load_scenario, parse_scenario
from qinternet.sweep import Axis, SweepSpec
from qinternet.sweep.spec import SweepPoint, content_id, point_seed

SpecFactory = Callable[..., SweepSpec]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_product_first_axis_slowest(small_spec: SpecFactory) -> None:
    spec = small_spec("distance_km=1,2;nodes.*.memory.t2_s=0.1,0.2,0.3")
    assert spec.num_points() == 6
    params = [dict(point.params) for point in spec.points()]
    assert [p["distance_km"] for p in params] == [1, 1, 1, 2, 2, 2]
    assert [p["nodes.*.memory.t2_s"] for p in params[:3]] == [0.1, 0.2, 0.3]


def test_zip_advances_together(small_spec: SpecFactory) -> None:
    spec = small_spec("distance_km=1,2,3;+links.0.attenuation_db_per_km=0.2,0.3,0.4")
    assert spec.num_points() == 3
    assert [dict(p.params)["links.0.attenuation_db_per_km"] for p in spec.points()] == [
        0.2,
        0.3,
        0.4,
    ]


def test_zip_lengths_must_match(small_spec: SpecFactory) -> None:
    with pytest.raises(InvalidParameterError, match="differ in length"):
        small_spec("distance_km=1,2,3;+links.0.attenuation_db_per_km=0.2,0.3")


def test_parameter_given_twice(small_spec: SpecFactory) -> None:
    with pytest.raises(InvalidParameterError, match="given twice"):
        small_spec("distance_km=1,2;distance_km=3")


def test_points_carry_their_values_and_seed(small_spec: SpecFactory) -> None:
    point = small_spec("distance_km=20").points()[0]
    scenario = parse_scenario(point.scenario_data())
    assert scenario.links[0].length_m == 20000.0
    assert scenario.seed == point.seed == point_seed(5, point.point_id)


def test_ids_depend_on_content_not_order_or_neighbours(small_spec: SpecFactory) -> None:
    a = {p.params: p for p in small_spec("distance_km=1,20,60").points()}
    b = {p.params: p for p in small_spec("distance_km=60,20").points()}
    for params, point in b.items():
        assert (a[params].point_id, a[params].seed) == (point.point_id, point.seed)


def test_base_seed_changes_ids_and_seeds(small_spec: SpecFactory) -> None:
    first = small_spec("distance_km=1", base_seed=5).points()[0]
    second = small_spec("distance_km=1", base_seed=6).points()[0]
    assert first.point_id != second.point_id
    assert first.seed != second.seed


def test_sweep_id_ignores_values_but_not_scenario(small_spec: SpecFactory) -> None:
    assert small_spec("distance_km=1,2").sweep_id == small_spec("distance_km=3").sweep_id
    assert small_spec("distance_km=1").sweep_id != small_spec("links.0.length_m=1").sweep_id
    assert small_spec(base_seed=1).sweep_id != small_spec(base_seed=2).sweep_id


def test_base_seed_defaults_to_the_scenario_seed(link_data: dict[str, Any]) -> None:
    spec = SweepSpec.from_data(link_data, [Axis.parse("distance_km=1")])
    assert spec.base_seed == link_data["seed"]


def test_overrides_apply_to_every_point(link_data: dict[str, Any]) -> None:
    spec = SweepSpec.from_data(
        link_data,
        [Axis.parse("distance_km=1,2")],
        overrides=[(Axis.parse("duration_s=0.5").path, 0.5)],
    )
    assert {json.loads(p.scenario_json)["duration_s"] for p in spec.points()} == {0.5}


def test_unknown_path_is_a_scenario_error_with_hint(small_spec: SpecFactory) -> None:
    spec = small_spec("links.0.lenght_m=1,2")
    with pytest.raises(ScenarioError, match="did you mean 'length_m'") as caught:
        spec.validated_points()
    assert "links.0.lenght_m=1" in str(caught.value)


def test_unknown_hardware_field_is_caught_before_running(small_spec: SpecFactory) -> None:
    with pytest.raises(ScenarioError, match="t3_s"):
        small_spec("nodes.*.memory.t3_s=1,2").validated_points()


def test_impossible_value_is_caught_before_running(small_spec: SpecFactory) -> None:
    with pytest.raises(ScenarioError, match="length_m"):
        small_spec("links.0.length_m=-5,5").validated_points()


def test_from_file_addresses_the_file_as_written() -> None:
    spec = SweepSpec.from_file(EXAMPLES / "barrett_kok_link.yaml", [Axis.parse("distance_km=1")])
    assert spec.scenario_name == load_scenario(EXAMPLES / "barrett_kok_link.yaml").name
    assert json.loads(spec.points()[0].scenario_json)["links"][0]["length_m"] == 1000.0


def test_point_validation_names_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="point_id"):
        SweepPoint(0, (), "{}", "xyz", 1)
    with pytest.raises(InvalidParameterError, match="seed"):
        SweepPoint(0, (), "{}", "0" * 32, -1)
    with pytest.raises(InvalidParameterError, match="index"):
        SweepPoint(-1, (), "{}", "0" * 32, 1)


def test_content_id_is_canonical() -> None:
    assert content_id({"a": [1, 2], "b": None}) == content_id({"b": None, "a": [1, 2]})
    assert content_id({"a": 1}) != content_id({"a": 2})


# The scenario loader, fuzzed: whatever the data, only ScenarioError may escape.

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
_KEYS = sorted(
    {
        "name", "seed", "duration_s", "nodes", "links", "protocol", "topology", "published",
        "kind", "length_m", "arm_lengths_m", "scheme", "preset", "num_memories", "memory",
        "emitter", "detector", "t2_s", "efficiency", "visibility", "num_nodes", "node",
        "link", "max_pairs", "requests", "attenuation_db_per_km", "heralded_fidelity",
    }
)  # fmt: skip
_data = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=25,
)


def _check(data: Any) -> None:
    try:
        result: Scenario | str = parse_scenario(data, source="fuzz")
    except ScenarioError as error:
        result = str(error)
    assert isinstance(result, Scenario) or result.startswith("fuzz")


@settings(max_examples=300, deadline=None)
@given(_data)
def test_fuzzed_data_only_raises_scenario_error(data: Any) -> None:
    _check(data)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _leaves(value, (*path, i))]
    return [path]


_EXAMPLE_DATA = [yaml.safe_load(path.read_text()) for path in sorted(EXAMPLES.glob("*.yaml"))]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(range(len(_EXAMPLE_DATA))),
    st.data(),
    _data,
)
def test_mutated_examples_only_raise_scenario_error(index: int, draw: Any, value: Any) -> None:
    data = copy.deepcopy(_EXAMPLE_DATA[index])
    paths = _leaves(data)
    path = draw.draw(st.sampled_from(paths))
    target = data
    for key in path[:-1]:
        target = target[key]
    if draw.draw(st.booleans()):
        target[path[-1]] = value
    elif isinstance(target, dict):
        del target[path[-1]]
    _check(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200) | st.binary(max_size=100).map(lambda b: b.decode("latin-1")))
def test_fuzzed_files_only_raise_scenario_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(ScenarioError):
            load_scenario(path)
