"""The run budget: estimated from the scenario before anything is allocated."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from qinternet.cli.main import main
from qinternet.core.errors import ResourceLimitError
from qinternet.network import build_scenario, load_scenario, parse_scenario
from qinternet.network.budget import (
    BYTES_PER_SLOT,
    EVENTS_PER_LINK_PAIR,
    MAX_EVENTS,
    check_budget,
    estimate_cost,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def link_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "barrett_kok_link.yaml").read_text())
    data.update(changes)
    return data


def test_link_layer_estimate_is_the_pairs_the_links_make() -> None:
    built = build_scenario(parse_scenario(link_data(duration_s=3.0)))
    (link,) = built.links
    cost = estimate_cost(built)
    assert cost.events == pytest.approx(EVENTS_PER_LINK_PAIR * link.expected_rate_hz * 3.0)
    assert cost.memory_slots == 2 * link.num_channels  # one slot at each end per channel
    assert cost.memory_bytes == cost.memory_slots * BYTES_PER_SLOT


def test_chain_estimate_counts_every_copy_of_every_link() -> None:
    built = build_scenario(load_scenario(EXAMPLES / "chain_needs_purification.yaml"))
    assert built.chain is not None
    copies = built.chain.num_channels * 2**built.chain.purification_rounds
    cost = estimate_cost(built)
    expected_rate_hz = copies * sum(link.expected_rate_hz for link in built.chain.links)
    duration_s = built.scenario.duration_s
    assert cost.events == pytest.approx(EVENTS_PER_LINK_PAIR * expected_rate_hz * duration_s)
    assert cost.memory_slots == 2 * copies * len(built.chain.links)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_fits(path: Path) -> None:
    check_budget(build_scenario(load_scenario(path)), source=path.name)


def test_a_huge_duration_is_refused_naming_it() -> None:
    built = build_scenario(parse_scenario(link_data(duration_s=1e308)))
    with pytest.raises(ResourceLimitError, match=r"duration_s=1e\+308: .*over the budget"):
        check_budget(built, source="f.yaml")


def test_an_endless_run_is_refused_even_with_force() -> None:
    built = build_scenario(parse_scenario(link_data(duration_s=math.inf)))
    with pytest.raises(ResourceLimitError, match="would not end"):
        check_budget(built, source="f.yaml", force=True)


def test_a_billion_memories_are_refused_before_any_is_made(tmp_path: Path) -> None:
    data = link_data(duration_s=1e-6)
    for node in data["nodes"]:
        node["num_memories"] = 1_000_000_000
    path = tmp_path / "memories.yaml"
    path.write_text(yaml.safe_dump(data))
    for command in ("validate", "run"):  # refused before any slot is allocated
        assert main([command, str(path)]) == 2


def test_force_runs_beyond_the_event_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_scenario(parse_scenario(link_data(duration_s=1.0)))
    rate_hz = built.links[0].expected_rate_hz
    over_s = 1.5 * MAX_EVENTS / (EVENTS_PER_LINK_PAIR * rate_hz)  # 1.5x the budget
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(link_data(duration_s=over_s)))
    assert main(["validate", str(path)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert main(["validate", "--force", str(path)]) == 0


def chain_data(num_nodes: int, **protocol: Any) -> dict[str, Any]:
    return {
        "name": "long chain",
        "duration_s": 1e6,
        "nodes": [{"name": f"n{i}", "num_memories": 2} for i in range(num_nodes)],
        "links": [
            {"nodes": [f"n{i}", f"n{i + 1}"], "length_m": 1e3, "scheme": {"kind": "barrett_kok"}}
            for i in range(num_nodes - 1)
        ],
        "protocol": {"kind": "chain", **protocol},
    }


def test_a_pair_bound_bounds_the_estimate() -> None:
    unbounded = estimate_cost(build_scenario(parse_scenario(chain_data(50))))
    built = build_scenario(parse_scenario(chain_data(50, max_pairs=3)))
    assert built.chain is not None
    copies = built.chain.num_channels
    # Deterministic swaps, no purification: each end-to-end pair takes one pair per link.
    assert estimate_cost(built).events == EVENTS_PER_LINK_PAIR * 49 * (3 + copies)
    assert unbounded.events > MAX_EVENTS  # a million seconds would be refused
    check_budget(built, source="chain.yaml")


def test_probabilistic_swaps_and_purification_raise_the_pair_bound_estimate() -> None:
    data = chain_data(9, max_pairs=2, swap_success_probability=0.5, purification_rounds=1)
    data["nodes"] = [{**node, "num_memories": 4} for node in data["nodes"]]
    built = build_scenario(parse_scenario(data))
    assert built.chain is not None
    copies = built.chain.num_channels * 2
    # 8 links, 3 levels of swaps at q = 1/2, 2 link pairs per purified pair.
    expected = EVENTS_PER_LINK_PAIR * 8 * 2 * 2**3 * (2 + copies)
    assert estimate_cost(built).events == pytest.approx(expected)
