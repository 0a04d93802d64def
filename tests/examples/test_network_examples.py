"""Network examples: three requests through a metropolitan server, routing on a grid,
and ``qinternet run`` on them (JSON per request, table, bad input)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qinternet.cli.main import main
from qinternet.network import NetworkResult, load_scenario, parse_scenario, run_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STAR = EXAMPLES / "metropolitan_star_requests.yaml"
GRID = EXAMPLES / "grid_routing.yaml"


def run(data: dict[str, Any]) -> NetworkResult:
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, NetworkResult)
    return result


@pytest.fixture(scope="module")
def star() -> NetworkResult:
    result = run_scenario(load_scenario(STAR), source=str(STAR))
    assert isinstance(result, NetworkResult)
    return result


def test_star_routes_every_request_through_the_server(star: NetworkResult) -> None:
    paths = [request.plan.route.nodes for request in star.requests]
    assert paths == [("A", "server", "B"), ("B", "server", "C"), ("C", "server", "A")]
    # 12 server memories: 3 requests x 2 sides x 2 channels; leaves 2 + 2 of 4.
    assert [request.plan.chain.num_channels for request in star.requests] == [2, 2, 2]


# Barrett-Kok with visibility V heralds F = (1 + V)/2 = 0.975, the rest a phase flip
# (psi+ <-> psi-). Routing treats links as Werner pairs: (1 + 3 w^2)/4 = 0.950833. Two
# phase-flipped pairs swap to phi+ with probability F^2 + (1 - F)^2 = 0.95125 (two flips
# cancel): what ideal memories deliver.
LINK_F = 0.975
ROUTE_F = (1 + 3 * ((4 * LINK_F - 1) / 3) ** 2) / 4
DEPHASED_SWAP_F = LINK_F**2 + (1 - LINK_F) ** 2


def test_star_requests_all_deliver_entanglement_that_violates_chsh(star: NetworkResult) -> None:
    for request in star.requests:
        stats = request.statistics
        assert stats.num_pairs >= 100
        assert request.plan.route.expected_fidelity == pytest.approx(ROUTE_F, abs=1e-12)
        # T2 = 1 s dephases the pairs while they wait (a few ms): a little below.
        assert DEPHASED_SWAP_F - 0.01 < stats.fidelity.mean < DEPHASED_SWAP_F
        assert stats.chsh is not None
        assert stats.chsh > 2.6
        assert stats.key is not None
        assert stats.key.key_rate_bps > 0.0
    last = star.requests[2].statistics
    assert last.num_pairs == 100  # max_pairs
    assert last.sim_time_s < star.sim_time_s == 1.0


def test_star_without_decoherence_gives_the_exact_swap_of_its_links() -> None:
    data = load_scenario(STAR).model_dump()
    for node in data["nodes"]:
        node["memory"] = {}
    data["duration_s"] = 0.1
    for request in run(data).requests:
        assert request.statistics.num_pairs > 0
        assert request.statistics.fidelity.mean == pytest.approx(DEPHASED_SWAP_F, abs=1e-12)
    # With Werner links the route's prediction is exact.
    for link in data["links"]:
        link["heralded_fidelity"] = LINK_F
    for request in run(data).requests:
        assert request.statistics.fidelity.mean == pytest.approx(ROUTE_F, abs=1e-12)


def test_grid_hops_and_fidelity_choose_different_paths() -> None:
    result = run_scenario(load_scenario(GRID))
    assert isinstance(result, NetworkResult)
    hops, best = result.requests
    assert hops.plan.route.nodes == ("r0c0", "r0c1", "r0c2")
    assert best.plan.route.nodes == ("r0c0", "r1c0", "r1c1", "r1c2", "r0c2")
    # The numbers of the file's header, delivered exactly (ideal swaps, perfect memories).
    assert hops.statistics.fidelity.mean == pytest.approx(9.424 / 12, abs=1e-12)
    assert best.statistics.fidelity.mean == pytest.approx(299.09849088 / 324, abs=1e-12)
    assert hops.statistics.num_pairs > best.statistics.num_pairs > 0
    # QBER (1 - w)/2 = 0.143 > 11 %: no key over the short path; the long one has key.
    assert hops.statistics.key is not None
    assert hops.statistics.key.secret_fraction == 0.0
    assert best.statistics.key is not None
    assert best.statistics.key.key_rate_bps > 0.0


def test_cli_json_has_one_entry_per_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(GRID), "--json", "--duration-s", "0.1"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["protocol"] == "requests"
    assert result["sim_time_s"] == pytest.approx(0.1)
    assert [entry["path"] for entry in result["requests"]] == [
        ["r0c0", "r0c1", "r0c2"],
        ["r0c0", "r1c0", "r1c1", "r1c2", "r0c2"],
    ]
    keys = ("pairs", "rate_hz", "waiting_time_s", "fidelity_mean", "chsh", "key_rate_bps")
    for entry in result["requests"]:
        assert all(key in entry for key in keys)
    assert result["pairs"] == sum(entry["pairs"] for entry in result["requests"])


def test_cli_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(STAR), "--duration-s", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "A-server-B" in out
    assert "CHSH S" in out


def test_cli_unknown_node_has_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "unknown.yaml"
    bad.write_text(STAR.read_text().replace("between: [B, C]", "between: [B, D]"))
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "protocol.requests[1].between names unknown node 'D'" in err


def test_cli_unconnected_request_is_one_line_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "island.yaml"
    data = load_scenario(GRID).model_dump()
    data["nodes"].append({"name": "island"})
    data["protocol"]["requests"][1]["between"] = ["r0c0", "island"]
    bad.write_text(json.dumps(data))  # JSON is YAML
    completed = subprocess.run(
        [sys.executable, "-m", "qinternet.cli", "run", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert "protocol.requests[1].between=['r0c0', 'island']: no route" in lines[0]
    assert "Traceback" not in completed.stderr
