"""Values at the edge of what a file may hold: a generated topology too large to build is
refused before it is made, and a huge phase noise is the fully dephased limit, not an
overflow."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network import parse_scenario
from qinternet.network.specs import MAX_TOPOLOGY_NODES
from qinternet.physics.links import dlcz_link, single_click_link


def _topology(**shape: Any) -> dict[str, Any]:
    return {
        "name": "t",
        "duration_s": 0.1,
        "topology": {"length_m": 1e3, "link": {"scheme": {"kind": "barrett_kok"}}, **shape},
    }


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ({"kind": "grid", "rows": 10**30, "columns": 1}, f"rows x columns gives {10**30} nodes"),
        ({"kind": "grid", "rows": 2**62, "columns": 4}, f"rows x columns gives {2**64} nodes"),
        ({"kind": "line", "num_nodes": MAX_TOPOLOGY_NODES + 1}, "num_nodes gives 10001 nodes"),
        ({"kind": "star", "num_leaves": MAX_TOPOLOGY_NODES}, "num_leaves gives 10001 nodes"),
    ],
)
def test_a_topology_too_large_is_refused_before_it_is_built(
    shape: dict[str, Any], message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_topology(**shape), source="f.yaml")
    assert str(caught.value) == (
        f"f.yaml: topology: {message}, over the {MAX_TOPOLOGY_NODES} a generated topology may have"
    )


def test_the_largest_topology_is_accepted() -> None:
    scenario = parse_scenario(_topology(kind="grid", rows=100, columns=100))
    assert len(scenario.nodes) == 100 * 100
    assert len(scenario.links) == 2 * 100 * 99  # grid edges: rows (c-1) + columns (r-1)


# exp(-60**2 / 2) = exp(-1800) is 0.0 in double precision: 60 rad is already the limit.
DEPHASED_RAD = 60.0


@pytest.mark.parametrize("huge", [1e154, 1e200, 1e300])
def test_huge_single_click_phase_noise_is_the_dephased_limit(huge: float) -> None:
    assert math.exp(-(DEPHASED_RAD**2) / 2) == 0.0
    limit = single_click_link(0.1, 0.5, phase_std_rad=DEPHASED_RAD)
    outcome = single_click_link(0.1, 0.5, phase_std_rad=huge)
    assert outcome.success_probability == limit.success_probability
    np.testing.assert_array_equal(outcome.heralded_state.matrix, limit.heralded_state.matrix)


@pytest.mark.parametrize("huge", [1e154, 1e300])
def test_huge_dlcz_phase_noise_is_the_dephased_limit(huge: float) -> None:
    limit = dlcz_link(0.01, 0.5, phase_std_rad=DEPHASED_RAD)
    outcome = dlcz_link(0.01, 0.5, phase_std_rad=huge)
    np.testing.assert_array_equal(outcome.heralded_state.matrix, limit.heralded_state.matrix)
    assert np.all(np.isfinite(outcome.heralded_state.matrix))
