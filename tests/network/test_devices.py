"""The typed device sections of a scenario (``memory``, ``emitter``, ``ensemble``,
``detector``): keys and types checked when parsed, applied over the preset when built."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from qinternet.core.errors import ScenarioError
from qinternet.network import build_scenario, load_scenario, parse_scenario
from qinternet.network.devices import SECTIONS
from qinternet.physics.devices import AtomicEnsemble, Detector, Emitter, Memory, preset


def scenario_data(node: dict[str, Any] | None = None, link: dict[str, Any] | None = None) -> Any:
    return {
        "name": "t",
        "duration_s": 0.1,
        "nodes": [{"name": "A", **(node or {})}, {"name": "B"}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": 1e3,
                "scheme": {"kind": "barrett_kok"},
                **(link or {}),
            }
        ],
    }


@pytest.mark.parametrize(
    ("key", "device"),
    [
        ("memory", Memory),
        ("emitter", Emitter),
        ("ensemble", AtomicEnsemble),
        ("detector", Detector),
    ],
)
def test_each_section_has_exactly_the_fields_of_its_device(key: str, device: type) -> None:
    section = SECTIONS[key]
    assert list(section.model_fields) == [field.name for field in dataclasses.fields(device)]
    assert all(info.default is None for info in section.model_fields.values())


@pytest.mark.parametrize(
    ("node", "link", "message"),
    [
        ({"memory": {"t2": 1.0}}, None, "nodes[0].memory.t2: unknown key; did you mean 't2_s'?"),
        (
            {"emitter": {"zzz": 1.0}},
            None,
            "nodes[0].emitter.zzz: unknown key; known: emission_efficiency, "
            "collection_efficiency, conversion_efficiency, coupling_efficiency, "
            "bright_state_population, max_attempt_rate_hz, double_excitation_probability, "
            "conversion_noise_rate_hz, duty_cycle",
        ),
        (
            {"ensemble": {"retrieval_eficiency": 0.5}},
            None,
            "nodes[0].ensemble.retrieval_eficiency: unknown key; did you mean "
            "'retrieval_efficiency'?",
        ),
        (
            None,
            {"detector": {"Efficiency": 0.5}},
            "links[0].detector.Efficiency: unknown key; did you mean 'efficiency'?",
        ),
    ],
)
def test_unknown_keys_fail_when_parsed_with_a_hint(
    node: dict[str, Any] | None, link: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(scenario_data(node, link), source="f.yaml")
    assert str(caught.value) == f"f.yaml: {message}"


@pytest.mark.parametrize(
    ("node", "link", "message"),
    [
        ({"memory": {"t2_s": True}}, None, "memory.t2_s=True: must be a real number, not a bool"),
        ({"memory": {"t1_s": "long"}}, None, "memory.t1_s='long': must be a real number, not text"),
        ({"emitter": {"emission_efficiency": [0.5]}}, None, "emitter.emission_efficiency=[0.5]"),
        (None, {"detector": {"number_resolving": 1}}, "detector.number_resolving=1: Input should"),
        (None, {"detector": {"number_resolving": "yes"}}, "detector.number_resolving='yes'"),
    ],
)
def test_mistyped_values_fail_when_parsed_naming_the_field(
    node: dict[str, Any] | None, link: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(ScenarioError, match=r"^f\.yaml: (nodes|links)\[0\]\.") as caught:
        parse_scenario(scenario_data(node, link), source="f.yaml")
    assert message in str(caught.value)


def test_a_number_with_an_exponent_is_read_as_the_number_and_quoted_text_refused(
    tmp_path: Path,
) -> None:
    data = scenario_data({"emitter": {"max_attempt_rate_hz": 0.0}})
    text = yaml.safe_dump(data).replace("max_attempt_rate_hz: 0.0", "max_attempt_rate_hz: 1.0e6")
    (tmp_path / "plain.yaml").write_text(text)
    scenario = load_scenario(tmp_path / "plain.yaml")
    assert scenario.nodes[0].emitter.changes() == {"max_attempt_rate_hz": 1e6}
    (tmp_path / "quoted.yaml").write_text(text.replace("1.0e6", "'1.0e6'"))
    with pytest.raises(ScenarioError, match=r"max_attempt_rate_hz='1.0e6': must be a real number"):
        load_scenario(tmp_path / "quoted.yaml")


def test_unknown_key_in_a_topology_default_names_its_place() -> None:
    data = {
        "name": "t",
        "duration_s": 0.1,
        "topology": {
            "kind": "line",
            "num_nodes": 2,
            "length_m": 1e3,
            "node": {"memory": {"t_2s": 1.0}},
            "link": {"scheme": {"kind": "barrett_kok"}},
        },
    }
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, source="f.yaml")
    assert (
        str(caught.value) == "f.yaml: topology.node.memory.t_2s: unknown key; did you mean 't2_s'?"
    )


def test_build_applies_only_the_keys_set_over_the_preset() -> None:
    node = {"preset": "nv_centre", "memory": {"t2_s": 0.5, "t1_s": None}, "emitter": {}}
    built = build_scenario(parse_scenario(scenario_data(node)))
    nv = preset("nv_centre")
    assert nv.memory is not None
    assert nv.emitter is not None
    assert built.nodes["A"].memory == dataclasses.replace(nv.memory, t2_s=0.5)
    assert built.nodes["A"].emitter == nv.emitter
    assert built.nodes["B"].memory == Memory()


def test_a_detector_section_changes_the_link_detector() -> None:
    def success(link: dict[str, Any] | None) -> float:
        built = build_scenario(parse_scenario(scenario_data(None, link)))
        return built.links[0].outcome.success_probability

    # Barrett-Kok needs both photons detected: efficiency 0.5 quarters the rate.
    assert success({"detector": {"efficiency": 0.5}}) == pytest.approx(success(None) / 4)


def test_an_ensemble_section_adds_an_ensemble_to_a_node_without_one() -> None:
    built = build_scenario(
        parse_scenario(scenario_data({"ensemble": {"retrieval_efficiency": 0.4}}))
    )
    assert built.nodes["A"].ensemble == AtomicEnsemble(0.01, retrieval_efficiency=0.4)
    assert built.nodes["B"].ensemble is None


def test_physical_limits_stay_with_the_devices() -> None:
    scenario = parse_scenario(
        scenario_data({"memory": {"t1_s": 1.0, "t2_s": 3.0}}), source="f.yaml"
    )
    with pytest.raises(ScenarioError) as caught:
        build_scenario(scenario, source="f.yaml")
    assert (
        str(caught.value)
        == "f.yaml: nodes[0].memory.t2_s=3.0: must not exceed 2 * t1_s = 2.0 (t1_s=1.0)"
    )


def test_sections_survive_the_dump_and_validate_round_trip() -> None:
    scenario = parse_scenario(
        scenario_data({"memory": {"t2_s": 2.0}}, {"detector": {"efficiency": 0.5}})
    )
    again = type(scenario).model_validate(scenario.model_dump())
    assert again == scenario
    assert again.nodes[0].memory.changes() == {"t2_s": 2.0}
    assert again.links[0].detector.changes() == {"efficiency": 0.5}


def test_a_scenario_with_sections_pickles() -> None:
    node = {"memory": {"t2_s": 2.0}, "emitter": {"emission_efficiency": 0.5}}
    node["ensemble"] = {"excitation_probability": 0.1}
    scenario = parse_scenario(scenario_data(node, {"detector": {"efficiency": 0.5}}))
    again = pickle.loads(pickle.dumps(scenario))
    assert again == scenario
    assert again.nodes[0].ensemble.changes() == {"excitation_probability": 0.1}
