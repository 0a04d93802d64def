"""Scenario files: valid ones load, every mistake is one clear line naming file and field."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinternet.core.errors import ScenarioError
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


def with_requests(*requests: dict[str, Any], **protocol: Any) -> dict[str, Any]:
    data = minimal()
    data["nodes"].append({"name": "Server"})
    data["links"].append(
        {"nodes": ["B", "Server"], "length_m": 1.0, "scheme": {"kind": "barrett_kok"}}
    )
    data["protocol"] = {"kind": "requests", "requests": list(requests), **protocol}
    return data


def test_requests_protocol_parses() -> None:
    scenario = parse_scenario(
        with_requests({"between": ["A", "Server"], "routing": "fidelity", "max_pairs": 3})
    )
    request = scenario.protocol.requests[0]  # type: ignore[union-attr]
    assert (request.between, request.routing, request.max_pairs) == (("A", "Server"), "fidelity", 3)


@pytest.mark.parametrize(
    ("request_data", "message"),
    [
        (
            {"between": ["A", "Sever"]},
            r"^f\.yaml: protocol\.requests\[0\]\.between names unknown node 'Sever'; did you "
            r"mean 'Server'\?$",
        ),
        (
            {"between": ["A", "A"]},
            r"protocol\.requests\[0\]\.between: asks for pairs from 'A' to itself",
        ),
        (
            {"between": ["A", "B"], "routng": "hops"},
            r"protocol\.requests\[0\]\.routng: unknown key; did you mean 'routing'\?",
        ),
        (
            {"between": ["A", "B"], "routing": "fastest"},
            r"protocol\.requests\[0\]\.routing='fastest': Input should be 'hops' or 'fidelity'",
        ),
        ({"between": ["A", "B"], "max_pairs": 0}, r"protocol\.requests\[0\]\.max_pairs=0"),
        ({"between": ["A"]}, r"protocol\.requests\[0\]\.between\[1\]: Field required"),
    ],
)
def test_bad_requests_are_one_line_naming_the_field(
    request_data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(with_requests(request_data), source="f.yaml")


def test_requests_need_at_least_one_request_and_one_link_per_pair() -> None:
    with pytest.raises(
        ScenarioError, match=r"protocol\.requests=\[\]: List should have at least 1"
    ):
        parse_scenario(with_requests(), source="f.yaml")
    data = with_requests({"between": ["A", "B"]})
    data["links"].append({"nodes": ["B", "A"], "length_m": 5.0, "scheme": {"kind": "barrett_kok"}})
    with pytest.raises(ScenarioError, match=r"links\[2\] joins 'B' and 'A' again \(links\[0\]\)"):
        parse_scenario(data, source="f.yaml")


def grid_data(**topology: Any) -> dict[str, Any]:
    return {
        "name": "g",
        "duration_s": 0.1,
        "topology": {
            "kind": "grid",
            "rows": 2,
            "columns": 3,
            "length_m": 5000.0,
            "node": {"num_memories": 4},
            "link": {"scheme": {"kind": "barrett_kok"}, "heralded_fidelity": 0.9},
            **topology,
        },
    }


def test_topology_expands_to_nodes_and_links() -> None:
    scenario = parse_scenario(grid_data())
    assert [node.name for node in scenario.nodes] == [
        "r0c0",
        "r0c1",
        "r0c2",
        "r1c0",
        "r1c1",
        "r1c2",
    ]
    assert all(node.num_memories == 4 for node in scenario.nodes)
    assert len(scenario.links) == 7
    assert {link.total_length_m for link in scenario.links} == {5000.0}
    assert {link.heralded_fidelity for link in scenario.links} == {0.9}
    # The expanded scenario survives the CLI's dump-and-validate round trip.
    assert type(scenario).model_validate(scenario.model_dump()) == scenario


def test_topology_nodes_and_links_entries_change_single_ones() -> None:
    data = grid_data()
    data["nodes"] = [{"name": "r1c1", "num_memories": 9, "memory": {"t2_s": 2.0}}]
    data["links"] = [{"nodes": ["r0c1", "r0c0"], "heralded_fidelity": 0.7}]
    scenario = parse_scenario(data)
    by_name = {node.name: node for node in scenario.nodes}
    assert by_name["r1c1"].num_memories == 9
    assert by_name["r1c1"].memory.changes() == {"t2_s": 2.0}
    assert by_name["r0c0"].num_memories == 4
    changed = [link for link in scenario.links if set(link.nodes) == {"r0c0", "r0c1"}]
    assert changed[0].heralded_fidelity == 0.7
    assert changed[0].scheme.kind == "barrett_kok"


def test_star_and_line_topologies() -> None:
    star = parse_scenario(
        {
            "name": "s",
            "duration_s": 1.0,
            "topology": {
                "kind": "star",
                "leaves": ["A", "B", "C"],
                "length_m": 1e4,
                "link": {"scheme": {"kind": "barrett_kok"}},
            },
        }
    )
    assert [node.name for node in star.nodes] == ["server", "A", "B", "C"]
    assert [link.nodes for link in star.links] == [
        ("server", "A"),
        ("server", "B"),
        ("server", "C"),
    ]
    line = parse_scenario(
        {
            "name": "l",
            "duration_s": 1.0,
            "topology": {
                "kind": "line",
                "num_nodes": 4,
                "length_m": 1e3,
                "node": {"num_memories": 2},
                "link": {"scheme": {"kind": "barrett_kok"}},
            },
            "protocol": {"kind": "chain"},
        }
    )
    chain = build_scenario(line).chain
    assert chain is not None
    assert chain.nodes == ("n0", "n1", "n2", "n3")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rows": 0}, r"^f\.yaml: topology\.rows=0: Input should be greater than or equal to 1$"),
        ({"colums": 3}, r"topology\.colums: unknown key; did you mean 'columns'\?"),
        (
            {"kind": "ring"},
            r"^f\.yaml: topology\.kind='ring': must be one of 'line', 'star', 'grid'$",
        ),
        ({"rows": 1, "columns": 1}, r"topology\.rows=1: a grid needs at least 2 nodes"),
        ({"node": {"num_memory": 3}}, r"topology\.node\.num_memory: unknown key; did you mean"),
        ({"node": {"num_memories": 0}}, r"topology\.node\.num_memories=0"),
        (
            {"link": {"scheme": {"kind": "barrett_kok"}, "length_m": 3}},
            r"topology\.link\.length_m: the topology sets it",
        ),
        ({"link": {}}, r"topology\.link\.scheme: Field required"),
    ],
)
def test_bad_topologies_name_the_field(change: dict[str, Any], message: str) -> None:
    data = grid_data(**change)
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(data, source="f.yaml")


def test_topology_changes_must_name_generated_nodes_and_links() -> None:
    data = grid_data()
    data["nodes"] = [{"name": "r1c3", "num_memories": 2}]
    with pytest.raises(
        ScenarioError, match=r"nodes\[0\]\.name='r1c3': not a node of the topology; did you mean"
    ):
        parse_scenario(data, source="f.yaml")
    data = grid_data()
    data["links"] = [{"nodes": ["r0c0", "r1c1"], "length_m": 1.0}]
    with pytest.raises(ScenarioError, match=r"links\[0\]\.nodes=\['r0c0', 'r1c1'\]: not a link"):
        parse_scenario(data, source="f.yaml")
    data = grid_data()
    data["links"] = "all"
    with pytest.raises(ScenarioError, match=r"links: with a topology, a list of changes"):
        parse_scenario(data, source="f.yaml")


topology_values = st.fixed_dictionaries(
    {"kind": st.sampled_from(["line", "star", "grid", "ring"])},
    optional={
        "num_nodes": st.integers(-1, 4) | yaml_values,
        "num_leaves": st.integers(-1, 4),
        "leaves": st.lists(st.sampled_from(["A", "B", "server"]), max_size=3),
        "names": st.lists(st.text(max_size=2), max_size=4),
        "rows": st.integers(-1, 3),
        "columns": st.integers(-1, 3),
        "length_m": st.floats(allow_nan=True) | yaml_values,
        "node": st.dictionaries(st.sampled_from(["num_memories", "name", "memory"]), yaml_values),
        "link": st.just({"scheme": {"kind": "barrett_kok"}}) | yaml_values,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    topology=topology_values,
    nodes=st.lists(st.dictionaries(st.sampled_from(["name", "num_memories"]), yaml_values)),
    requests=st.lists(
        st.fixed_dictionaries(
            {"between": st.lists(st.sampled_from(["A", "B", "n0", "r0c0", "x"]), max_size=3)},
            optional={"routing": st.sampled_from(["hops", "fidelity", "x"])},
        ),
        max_size=3,
    ),
)
def test_fuzzed_topologies_and_requests_raise_only_scenario_error(
    topology: dict[str, Any], nodes: list[dict[str, Any]], requests: list[dict[str, Any]]
) -> None:
    data = {
        "name": "fuzz",
        "duration_s": 0.01,
        "topology": topology,
        "nodes": nodes,
        "protocol": {"kind": "requests", "requests": requests},
    }
    try:
        scenario = parse_scenario(data, source="fuzz")
    except ScenarioError:
        return
    with contextlib.suppress(ScenarioError):
        build_scenario(scenario, source="fuzz")


def test_reset_errors_and_double_excitation_reach_the_link_layer() -> None:
    # Memory.initialisation_fidelity and Emitter.double_excitation_probability are passed
    # to the single-click function: the built link equals the function called directly.
    from qinternet.physics.links import single_click_link

    data = minimal()
    for node in data["nodes"]:
        node["memory"] = {"initialisation_fidelity": 0.98}
        node["emitter"] = {"double_excitation_probability": 0.04}
    data["links"][0]["scheme"] = {"kind": "single_click", "bright_state_population": 0.1}
    built = build_scenario(parse_scenario(data))
    eta = 10 ** (-0.2 * 0.5 / 10)  # 500 m arms at 0.2 dB/km, ideal emitter and detector
    direct = single_click_link(
        0.1,
        eta,
        arm_length_m=500.0,
        initialisation_error=0.02,
        double_excitation_probability=0.04,
    )
    outcome = built.links[0].outcome
    assert outcome.success_probability == pytest.approx(direct.success_probability, rel=1e-12)
    assert outcome.mean_fidelity == pytest.approx(direct.mean_fidelity, abs=1e-12)
