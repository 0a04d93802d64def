"""Parameter paths into scenario data: indices, wildcards, unit suffixes, aliases."""

from __future__ import annotations

from typing import Any

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.paths import ParameterPath


def test_index_and_wildcard(link_data: dict[str, Any]) -> None:
    ParameterPath.parse("links.0.length_m").assign(link_data, 5.0)
    ParameterPath.parse("nodes.*.memory.t2_s").assign(link_data, 0.25)
    assert link_data["links"][0]["length_m"] == 5.0
    assert [node["memory"] for node in link_data["nodes"]] == [{"t2_s": 0.25}] * 2


def test_unit_suffixes_convert_exactly(link_data: dict[str, Any]) -> None:
    ParameterPath.parse("links.0.length_km").assign(link_data, 1.1)
    assert link_data["links"][0]["length_m"] == 1100.0
    ParameterPath.parse("nodes.0.memory.t2_ms").assign(link_data, 3)
    assert link_data["nodes"][0]["memory"]["t2_s"] == 0.003
    ParameterPath.parse("nodes.0.emitter.max_attempt_rate_khz").assign(link_data, 2)
    assert link_data["nodes"][0]["emitter"]["max_attempt_rate_hz"] == 2000.0


def test_distance_alias_needs_one_link(link_data: dict[str, Any]) -> None:
    ParameterPath.parse("distance_km").assign(link_data, 25)
    assert link_data["links"][0]["length_m"] == 25000.0
    link_data["links"].append(dict(link_data["links"][0]))
    with pytest.raises(InvalidParameterError, match="one link"):
        ParameterPath.parse("distance_km").assign(link_data, 25)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("links.2.length_m", "index out of range"),
        ("links.first.length_m", "is a list"),
        ("duration_s.value", "cannot step into duration_s"),
        ("name.*", "cannot step into name"),
    ],
)
def test_paths_that_do_not_fit(link_data: dict[str, Any], path: str, reason: str) -> None:
    with pytest.raises(InvalidParameterError, match=reason) as caught:
        ParameterPath.parse(path).assign(link_data, 1.0)
    assert str(caught.value).startswith(path)


@pytest.mark.parametrize("path", ["", "links..length_m", "0.length_m", "*.x", "links.0.len-gth"])
def test_malformed_paths(path: str) -> None:
    with pytest.raises(InvalidParameterError, match="path="):
        ParameterPath.parse(path)


def test_unit_conversion_needs_a_number(link_data: dict[str, Any]) -> None:
    with pytest.raises(InvalidParameterError, match="must be a number"):
        ParameterPath.parse("links.0.length_km").assign(link_data, "far")


def test_distance_is_shared_by_the_links_of_a_chain() -> None:
    data = {
        "links": [{"length_m": 1.0}, {"length_m": 1.0}, {"length_m": 1.0}, {"length_m": 1.0}],
        "protocol": {"kind": "chain"},
    }
    ParameterPath.parse("distance_km").assign(data, 100.0)
    assert [link["length_m"] for link in data["links"]] == [25000.0] * 4


def test_distance_needs_one_link_or_a_chain() -> None:
    data = {"links": [{"length_m": 1.0}, {"length_m": 1.0}]}
    with pytest.raises(InvalidParameterError, match="one link or a chain"):
        ParameterPath.parse("distance_km").assign(data, 1.0)
