"""Repeater-chain examples: the issue-5 chain benchmark and Pan's 1000 km projection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network import (
    ChainResult,
    build_scenario,
    load_scenario,
    parse_scenario,
    run_scenario,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NUM_SIGMA = 5.0


def werner_chain_fidelity(num_nodes: int, link_fidelity: float = 0.9349) -> float:
    # Ideal swaps of Werner pairs multiply Werner parameters: F = (1 + 3 w^(N-1))/4.
    w = (4 * link_fidelity - 1) / 3
    return (1 + 3 * w ** (num_nodes - 1)) / 4


@pytest.mark.parametrize("num_nodes", [3, 5, 9])
def test_barrett_kok_chain_delivers_the_werner_prediction(num_nodes: int) -> None:
    scenario = load_scenario(EXAMPLES / "barrett_kok_chain_9_nodes.yaml")
    data: dict[str, Any] = scenario.model_dump()
    data["nodes"] = data["nodes"][:num_nodes]
    data["nodes"][-1]["num_memories"] = 10
    data["links"] = data["links"][: num_nodes - 1]
    data["duration_s"] = 0.1
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, ChainResult)
    assert result.num_pairs > 0
    assert result.fidelity.mean == pytest.approx(werner_chain_fidelity(num_nodes), abs=1e-12)


def test_pan_projection_gives_about_one_pair_per_second_still_entangled() -> None:
    # Castelvecchi (Nature news, 15 May 2024): "perhaps one entanglement per second" over
    # 1,000 km with about ten intermediate nodes; the file states every assumed number.
    scenario = load_scenario(EXAMPLES / "pan_1000km_projection.yaml")
    result = run_scenario(scenario)
    assert isinstance(result, ChainResult)
    assert scenario.published is not None
    assert scenario.published.rate_band_hz is not None
    low, high = scenario.published.rate_band_hz
    assert low <= result.rate_hz <= high
    assert result.fidelity.mean - NUM_SIGMA * result.fidelity.stderr > 0.5
    built = build_scenario(scenario)
    assert built.chain is not None
    assert len(built.chain.nodes) == 12  # ten intermediate nodes
    assert sum(link.total_length_m for link in scenario.links) == pytest.approx(1e6, rel=1e-3)


def test_chain_protocol_needs_links_in_order() -> None:
    data = load_scenario(EXAMPLES / "barrett_kok_chain_9_nodes.yaml").model_dump()
    data["links"][1], data["links"][2] = data["links"][2], data["links"][1]
    with pytest.raises(ScenarioError, match=r"links\[1\] must start at 'n1'"):
        parse_scenario(data, source="chain.yaml")


def test_chain_needs_two_memories_per_copy_at_repeaters() -> None:
    data = load_scenario(EXAMPLES / "barrett_kok_chain_9_nodes.yaml").model_dump()
    data["protocol"]["num_channels"] = 11
    with pytest.raises(ScenarioError, match=r"protocol\.num_channels=11"):
        build_scenario(parse_scenario(data, source="chain.yaml"), source="chain.yaml")


def test_purification_makes_the_noisy_chain_entangled() -> None:
    # Without purification the delivered pairs are not entangled (F < 1/2 by 5 standard
    # errors); with the file's two DEJMPS rounds per link they are (F > 1/2 likewise).
    scenario = load_scenario(EXAMPLES / "chain_needs_purification.yaml")
    data: dict[str, Any] = scenario.model_dump()
    data["duration_s"] = 0.05
    purified = run_scenario(parse_scenario(data))
    data["protocol"]["purification_rounds"] = 0
    raw = run_scenario(parse_scenario(data))
    assert isinstance(purified, ChainResult)
    assert isinstance(raw, ChainResult)
    assert raw.fidelity.mean + NUM_SIGMA * raw.fidelity.stderr < 0.5
    assert purified.fidelity.mean - NUM_SIGMA * purified.fidelity.stderr > 0.5
    assert raw.rate_hz > purified.rate_hz


def test_asap_policy_from_the_scenario_file() -> None:
    # Ideal memories and swaps: the policy changes the pace, not the Werner-law fidelity.
    data: dict[str, Any] = load_scenario(EXAMPLES / "barrett_kok_chain_9_nodes.yaml").model_dump()
    data["protocol"]["policy"] = "asap"
    data["duration_s"] = 0.05
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, ChainResult)
    assert result.num_pairs > 0
    assert result.fidelity.mean == pytest.approx(werner_chain_fidelity(9), abs=1e-12)
