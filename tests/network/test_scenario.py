"""Scenario files: valid ones load, every mistake is one clear line naming file and field."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinternet.errors import ScenarioError
from qinternet.network import build_scenario, load_scenario, parse_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "t",
        "duration_s": 0.1,
        "nodes": [{"name": "A"}, {"name": "B"}],
        "links": [{"nodes": ["A", "B"], "length_m": 1000.0, "scheme": {"kind": "barrett_kok"}}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_loads_and_builds(path: Path) -> None:
    build_scenario(load_scenario(path), source=str(path))


def test_unknown_top_level_key_has_a_hint() -> None:
    data = minimal()
    data["sede"] = 3
    with pytest.raises(ScenarioError, match=r"^f\.yaml: sede: unknown key; did you mean 'seed'\?$"):
        parse_scenario(data, source="f.yaml")


def test_unknown_nested_key_names_its_place() -> None:
    data = minimal()
    data["links"][0]["scheme"]["visibilty"] = 0.9
    with pytest.raises(
        ScenarioError,
        match=r"links\[0\]\.scheme\.visibilty: unknown key; did you mean 'visibility'",
    ):
        parse_scenario(data, source="f.yaml")


def test_unknown_hardware_field_has_a_hint() -> None:
    data = minimal()
    data["nodes"][0]["memory"] = {"t2": 1.0}
    with pytest.raises(
        ScenarioError, match=r"nodes\[0\]\.memory\.t2: unknown key; did you mean 't2_s'"
    ):
        build_scenario(parse_scenario(data, source="f.yaml"), source="f.yaml")


def test_wrong_type() -> None:
    with pytest.raises(ScenarioError, match=r"f\.yaml: duration_s='long'"):
        parse_scenario(minimal(duration_s="long"), source="f.yaml")


@pytest.mark.parametrize(
    ("node_overrides", "message"),
    [
        ({"memory": {"t1_s": 1.0, "t2_s": 3.0}}, r"nodes\[0\]\.memory\.t2_s=3\.0: must not exceed"),
        (
            {"emitter": {"emission_efficiency": 1.2}},
            r"nodes\[0\]\.emitter\.emission_efficiency=1\.2",
        ),
    ],
)
def test_impossible_hardware(node_overrides: dict[str, Any], message: str) -> None:
    data = minimal()
    data["nodes"][0].update(node_overrides)
    with pytest.raises(ScenarioError, match=message):
        build_scenario(parse_scenario(data, source="f.yaml"), source="f.yaml")


def test_impossible_link_values() -> None:
    data = minimal()
    data["links"][0]["length_m"] = -5.0
    with pytest.raises(ScenarioError, match=r"links\[0\]\.length_m=-5\.0"):
        parse_scenario(data, source="f.yaml")
    data = minimal()
    data["links"][0]["detector"] = {"efficiency": 1.5}
    with pytest.raises(ScenarioError, match=r"links\[0\]\.detector\.efficiency=1\.5"):
        build_scenario(parse_scenario(data, source="f.yaml"), source="f.yaml")


@pytest.mark.parametrize("alpha", [0.0, 1.0, 1.5])
def test_alpha_outside_open_interval(alpha: float) -> None:
    data = minimal()
    data["links"][0]["scheme"] = {"kind": "single_click", "bright_state_population": alpha}
    with pytest.raises(ScenarioError, match=r"links\[0\]\.scheme\.bright_state_population="):
        parse_scenario(data, source="f.yaml")


def test_link_to_unknown_node_has_a_hint() -> None:
    data = minimal()
    data["links"][0]["nodes"] = ["A", "b"]
    with pytest.raises(ScenarioError, match=r"unknown node 'b'; did you mean 'B'"):
        parse_scenario(data, source="f.yaml")


def test_too_many_channels() -> None:
    data = minimal()
    data["links"][0]["num_channels"] = 3
    with pytest.raises(ScenarioError, match=r"num_channels=3: node 'A' has only 1 memories"):
        build_scenario(parse_scenario(data, source="f.yaml"), source="f.yaml")


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match="not valid YAML at line"):
        load_scenario(bad)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("42\n")
    with pytest.raises(ScenarioError, match="must be a mapping"):
        load_scenario(scalar)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "nodes", "links", "seed", "kind", "x"]), children, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=yaml_values)
def test_fuzzed_input_raises_only_scenario_error(data: Any) -> None:
    # Whatever the data, loading either succeeds or raises the documented error.
    try:
        scenario = parse_scenario(data, source="fuzz")
    except ScenarioError:
        return
    with contextlib.suppress(ScenarioError):
        build_scenario(scenario, source="fuzz")


@settings(max_examples=60, deadline=None)
@given(
    length_m=st.floats(min_value=-10.0, max_value=1e6) | st.just(math.nan),
    efficiency=st.floats(min_value=-1.0, max_value=2.0) | st.just(math.nan),
    t2_s=st.floats(min_value=-1.0, max_value=10.0) | st.sampled_from([math.nan, math.inf]),
)
def test_fuzzed_values_raise_only_scenario_error(
    length_m: float, efficiency: float, t2_s: float
) -> None:
    data = minimal()
    data["links"][0]["length_m"] = length_m
    data["links"][0]["detector"] = {"efficiency": efficiency}
    data["nodes"][0]["memory"] = {"t1_s": 1.0, "t2_s": t2_s}
    with contextlib.suppress(ScenarioError):
        build_scenario(parse_scenario(data, source="fuzz"), source="fuzz")


def test_arm_lengths_set_each_nodes_fibre_to_the_station() -> None:
    data = minimal()
    del data["links"][0]["length_m"]
    data["links"][0]["arm_lengths_m"] = [3000.0, 1000.0]
    link = parse_scenario(data).links[0]
    assert link.arms_m == (3000.0, 1000.0)
    assert link.total_length_m == 4000.0


def test_link_geometry_must_be_given_once() -> None:
    data = minimal()
    data["links"][0]["arm_lengths_m"] = [1.0, 1.0]
    with pytest.raises(ScenarioError, match="either length_m or arm_lengths_m"):
        parse_scenario(data, source="f.yaml")
    data = minimal()
    del data["links"][0]["length_m"]
    with pytest.raises(ScenarioError, match="either length_m or arm_lengths_m"):
        parse_scenario(data, source="f.yaml")
