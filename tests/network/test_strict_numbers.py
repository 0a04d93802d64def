"""A number is a number in every section of a scenario: a bool, text, NaN or (but where a
field accepts it) an infinity is refused, naming the field, when the file is parsed.

The numeric fields are found from each model's JSON schema (pydantic's own account of
the types), not from the code under test, so a field added later is covered too.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from qinternet.cli.main import main
from qinternet.core.errors import ScenarioError
from qinternet.network import load_scenario, parse_scenario
from qinternet.network.devices import SECTIONS
from qinternet.network.scenario import _MODELS
from qinternet.network.schemes import registered_schemes

ACCEPTS_INFINITY = {("Scenario", "duration_s")}  # parsed, then refused by the run budget
NOT_NUMBERS: list[Any] = [True, False, "1", "1e6", "fast", math.nan]


def _numeric(schema: dict[str, Any]) -> str | None:
    """``scalar`` or ``items`` for a JSON-schema property that holds numbers, else None."""
    options = schema.get("anyOf", [schema])
    for option in options:
        if option.get("type") in {"number", "integer"}:
            return "scalar"
        items = option.get("prefixItems") or ([option["items"]] if "items" in option else [])
        numbers = all(item.get("type") in {"number", "integer"} for item in items)
        if option.get("type") == "array" and items and numbers:
            return "items"
    return None


def _numeric_fields() -> list[tuple[type[BaseModel], str, str]]:
    models: list[type[BaseModel]] = [*_MODELS, *registered_schemes().values()]
    found = []
    for model in models:
        for name, schema in model.model_json_schema().get("properties", {}).items():
            shape = _numeric(schema)
            if shape is not None:
                found.append((model, name, shape))
    return found


NUMERIC_FIELDS = _numeric_fields()


def test_the_schema_walk_finds_the_numbers_of_every_kind_of_section() -> None:
    names = {(model.__name__, name) for model, name, _ in NUMERIC_FIELDS}
    expected = {
        ("Scenario", "seed"),
        ("Scenario", "duration_s"),
        ("NodeSpec", "num_memories"),
        ("LinkSpec", "length_m"),
        ("LinkSpec", "arm_lengths_m"),
        ("PublishedResult", "rate_band_hz"),
        ("ChainProtocol", "cutoff_s"),
        ("RequestSpec", "max_pairs"),
        ("GridTopology", "rows"),
        ("SingleClickScheme", "phase_std_rad"),
    }
    assert expected <= names


def _kind(bad: Any) -> str:
    return "a bool" if isinstance(bad, bool) else "text" if isinstance(bad, str) else "NaN"


def _errors(model: type[BaseModel], data: dict[str, Any]) -> list[Any]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.errors()


@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
@pytest.mark.parametrize(
    ("model", "name", "shape"),
    NUMERIC_FIELDS,
    ids=[f"{model.__name__}.{name}" for model, name, _ in NUMERIC_FIELDS],
)
def test_every_numeric_field_refuses_what_is_not_a_number(
    model: type[BaseModel], name: str, shape: str, bad: Any
) -> None:
    value = bad if shape == "scalar" else [1.0, bad]
    where = (name,) if shape == "scalar" else (name, 1)
    errors = _errors(model, {name: value})
    assert [(error["loc"], error["msg"]) for error in errors] == [
        (where, f"must be a real number, not {_kind(bad)}")
    ]


@pytest.mark.parametrize(
    ("model", "name", "shape"),
    [field for field in NUMERIC_FIELDS if (field[0].__name__, field[1]) not in ACCEPTS_INFINITY],
    ids=lambda part: getattr(part, "__name__", str(part)),
)
def test_every_numeric_field_refuses_infinity(
    model: type[BaseModel], name: str, shape: str
) -> None:
    for infinity in (math.inf, -math.inf):
        value = infinity if shape == "scalar" else [1.0, infinity]
        errors = _errors(model, {name: value})
        located = [error for error in errors if error["loc"][0] == name]
        assert located, errors
        assert all("finite" in error["msg"] for error in located), located


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_device_sections_refuse_what_is_not_a_number(section: str, bad: Any) -> None:
    model = SECTIONS[section]
    numbers = [
        name
        for name, schema in model.model_json_schema()["properties"].items()
        if "number" in str(schema)
    ]
    assert numbers
    for name in numbers:
        (error,) = _errors(model, {name: bad})
        assert (error["loc"], error["msg"]) == ((name,), f"must be a real number, not {_kind(bad)}")


def _base() -> dict[str, Any]:
    return {
        "name": "t",
        "duration_s": 0.1,
        "nodes": [{"name": "A"}, {"name": "B", "num_memories": 2}, {"name": "C"}],
        "links": [
            {"nodes": ["A", "B"], "length_m": 1e3, "scheme": {"kind": "barrett_kok"}},
            {"nodes": ["B", "C"], "length_m": 1e3, "scheme": {"kind": "barrett_kok"}},
        ],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seed": True}, "f.yaml: seed=True: must be a real number, not a bool"),
        ({"duration_s": "1"}, "f.yaml: duration_s='1': must be a real number, not text"),
        (
            {
                "links": [
                    {
                        "nodes": ["A", "B"],
                        "arm_lengths_m": [1.0, True],
                        "scheme": {"kind": "barrett_kok"},
                    }
                ]
            },
            "f.yaml: links[0].arm_lengths_m[1]=True: must be a real number, not a bool",
        ),
        (
            {
                "links": [
                    {
                        "nodes": ["A", "B"],
                        "length_m": 1e3,
                        "scheme": {"kind": "single_click", "phase_std_rad": math.inf},
                    }
                ]
            },
            "f.yaml: links[0].scheme.phase_std_rad=inf: Input should be a finite number",
        ),
        (
            {"protocol": {"kind": "chain", "cutoff_s": math.nan}},
            "f.yaml: protocol.cutoff_s=nan: must be a real number, not NaN",
        ),
        (
            {
                "protocol": {
                    "kind": "requests",
                    "requests": [{"between": ["A", "C"], "max_pairs": True}],
                }
            },
            "f.yaml: protocol.requests[0].max_pairs=True: must be a real number, not a bool",
        ),
        (
            {"published": {"source": "x", "rate_band_hz": [0.0, "9"]}},
            "f.yaml: published.rate_band_hz[1]='9': must be a real number, not text",
        ),
    ],
)
def test_a_scenario_names_the_field_that_is_not_a_number(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({**_base(), **change}, source="f.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("topology", "message"),
    [
        ({"rows": True}, "f.yaml: topology.rows=True: must be a real number, not a bool"),
        ({"length_m": math.inf}, "f.yaml: topology.length_m=inf: Input should be a finite"),
        (
            {"link": {"scheme": {"kind": "barrett_kok"}, "num_channels": "2"}},
            "f.yaml: topology.link.num_channels='2': must be a real number, not text",
        ),
    ],
)
def test_a_topology_names_the_field_that_is_not_a_number(
    topology: dict[str, Any], message: str
) -> None:
    data = {
        "name": "g",
        "duration_s": 0.1,
        "topology": {
            "kind": "grid",
            "rows": 2,
            "columns": 2,
            "length_m": 1e3,
            "link": {"scheme": {"kind": "barrett_kok"}},
            **topology,
        },
    }
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, source="f.yaml")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("t2_s: true", "nodes[0].memory.t2_s=True: must be a real number, not a bool"),
        ("t2_s: '0.5'", "nodes[0].memory.t2_s='0.5': must be a real number, not text"),
        ("t2_s: .nan", "nodes[0].memory.t2_s=nan: must be a real number, not NaN"),
    ],
)
def test_the_command_line_refuses_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    text: str,
    needle: str,
) -> None:
    data = _base()
    data["nodes"][0]["memory"] = {"t2_s": 0.5}
    file = tmp_path / "f.yaml"
    file.write_text(yaml.safe_dump(data).replace("t2_s: 0.5", text))
    assert main([command, str(file)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"qinternet {command}: error: {file}: {needle}\n"


@pytest.mark.parametrize(
    ("section", "text", "verdict"),
    [
        ("memory", "{t1_s: .inf, t2_s: .inf}", "ok"),  # no decay: the memory takes infinity
        ("emitter", "{max_attempt_rate_hz: .inf}", "ok"),
        ("memory", "{readout_efficiency: .inf}", "readout_efficiency=inf: must"),
        ("emitter", "{emission_efficiency: -.inf}", "emission_efficiency=-inf: must"),
    ],
)
def test_device_infinities_are_the_devices_to_judge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str, text: str, verdict: str
) -> None:
    data = _base()
    data["nodes"][0][section] = "SECTION"
    file = tmp_path / "f.yaml"
    file.write_text(yaml.safe_dump(data).replace("SECTION", text))
    status = main(["validate", str(file)])
    err = capsys.readouterr().err
    if verdict == "ok":
        assert (status, err) == (0, "")
    else:
        assert status == 2
        assert err.count("\n") == 1
        assert verdict in err


def test_a_json_scenario_reads_exponents_as_numbers(tmp_path: Path) -> None:
    # JSON writes 1e4 without a dot; YAML 1.1 alone would read it as text.
    data = _base()
    text = json.dumps(data).replace('"length_m": 1000.0', '"length_m": 1e4')
    assert text.count('"length_m": 1e4') == 2
    file = tmp_path / "f.json"
    file.write_text(text)
    scenario = load_scenario(file)
    assert [link.length_m for link in scenario.links] == [1e4, 1e4]
