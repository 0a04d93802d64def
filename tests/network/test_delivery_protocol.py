"""Scenario files with ``protocol: {kind: delivery}``: parse, build, run, budget, CLI.

The expectations are derived here. Attempts of success probability ``p`` every ``T``
seconds first succeed after ``k`` attempts with ``P(k > n) = (1 - p)^n = exp(-r n T)``,
``r = -ln(1 - p) / T``: an exponential first-success time sampled at the attempt starts.
A Werner pair of fidelity ``F_h`` stored in two memories that depolarise with time
constant ``T_dep`` keeps its Werner form, its fidelity ``1/4 + (F_h - 1/4) exp(-2 t /
T_dep)`` (each qubit's Bloch components shrink by ``exp(-t / T_dep)``). A pair heralded
at ``t`` in the window ``[0, W]`` is delivered at the clock tick ``C``, a cycle without
herald delivers ``I/4``, so the mean delivered fidelity is

    1/4 + (F_h - 1/4) int_0^W r e^{-r t} e^{-g (C - t)} dt
      = 1/4 + (F_h - 1/4) r e^{-g C} (e^{(g - r) W} - 1) / (g - r),   g = 2 / T_dep,

up to the discreteness of the attempts (a relative bias of order g T = 2e-3 here).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from qinternet.cli.main import main
from qinternet.core.errors import ScenarioError
from qinternet.network import DeliveryResult, build_scenario, parse_scenario, run_scenario
from qinternet.network.budget import EVENTS_PER_CYCLE, estimate_cost
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S

NUM_SIGMA = 5.0
ATTEMPT_RATE_HZ = 1e4
DEPOLARIZING_TIME_S = 0.2
HERALDED_FIDELITY = 0.9
LENGTH_M = 2.0


def clocked(duration_s: float = 400.0, **protocol: Any) -> dict[str, Any]:
    """A Barrett-Kok link of 2 m between depolarising memories (T_dep = 0.2 s), Werner
    pairs of fidelity 0.9, 1e4 attempts per second, delivered every 0.1 s."""
    node = {
        "emitter": {"max_attempt_rate_hz": ATTEMPT_RATE_HZ, "emission_efficiency": 0.06},
        "memory": {"depolarizing_time_s": DEPOLARIZING_TIME_S},
    }
    return {
        "name": "clocked link",
        "duration_s": duration_s,
        "seed": 11,
        "nodes": [{"name": "A", **node}, {"name": "B", **node}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": LENGTH_M,
                "heralded_fidelity": HERALDED_FIDELITY,
                "scheme": {"kind": "barrett_kok"},
            }
        ],
        "protocol": {"kind": "delivery", "cycle_s": 0.1, **protocol},
    }


def mean_delivered_fidelity(
    p: float, period_s: float, cycle_s: float, window_s: float, heralded: float
) -> float:
    """The closed form of the module docstring."""
    r = -math.log1p(-p) / period_s
    g = 2.0 / DEPOLARIZING_TIME_S
    survival = r * math.exp(-g * cycle_s) * math.expm1((g - r) * window_s) / (g - r)
    return 0.25 + (heralded - 0.25) * survival


def test_delivered_fidelity_and_heralded_fraction_follow_the_closed_forms() -> None:
    window_s = 0.06
    result = run_scenario(parse_scenario(clocked(window_s=window_s)))
    assert isinstance(result, DeliveryResult)
    summary = result.to_json()
    link = result.plan.link
    p, period_s = link.outcome.success_probability, link.period_s
    assert period_s == pytest.approx(1.0 / ATTEMPT_RATE_HZ, rel=1e-12)  # the emitters' pace
    cycles = math.floor(400.0 / 0.1 + 1e-9)
    assert summary["cycles"] == summary["pairs"] == cycles
    assert summary["rate_hz"] == pytest.approx(10.0, rel=1e-15)
    assert summary["rate_stderr_hz"] == 0.0

    expected = mean_delivered_fidelity(p, period_s, 0.1, window_s, HERALDED_FIDELITY)
    error = summary["fidelity_stderr"]
    assert 0.0 < error < 0.01
    assert abs(summary["fidelity_mean"] - expected) < NUM_SIGMA * error
    # The model beside it is the same closed form (continuous time).
    assert summary["predicted_fidelity"] == pytest.approx(expected, rel=1e-12)

    n = math.floor(window_s / period_s + 1e-9)
    heralded = 1.0 - (1.0 - p) ** n
    binomial = math.sqrt(heralded * (1.0 - heralded) / cycles)
    assert abs(summary["heralded_fraction"] - heralded) < NUM_SIGMA * binomial
    assert summary["heralded_fraction_stderr"] == pytest.approx(binomial, rel=0.05)
    assert summary["predicted_heralded_fraction"] == pytest.approx(heralded, rel=1e-12)

    r = -math.log1p(-p) / period_s
    assert summary["eta_link"] == pytest.approx(r / (2.0 / DEPOLARIZING_TIME_S), rel=1e-12)
    assert summary["waiting_time_s"] == pytest.approx(0.1, rel=1e-9)
    assert summary["delivery_interval_s"] == pytest.approx(0.1, rel=1e-9)


def test_the_default_window_fills_the_cycle_but_the_heralding_delay() -> None:
    """Emission to the midpoint station and the herald back: 2 x (L / 2) / v. Delivered
    at the tick, the mean fidelity grows with the window (the closed form is
    r e^{-gC} (e^{(g - r) W} - 1) / (g - r), increasing in W), so the default beats
    Humphreys' best window T* = ln(eta) / ((eta - 1) g), which is reported as the best
    clock cycle."""
    built = build_scenario(parse_scenario(clocked()))
    plan = built.delivery
    assert plan is not None
    assert plan.window_s == pytest.approx(0.1 - LENGTH_M / DEFAULT_GROUP_VELOCITY_M_PER_S)
    p, period_s = plan.link.outcome.success_probability, plan.link.period_s
    r, g = -math.log1p(-p) / period_s, 2.0 / DEPOLARIZING_TIME_S
    eta = r / g
    best_s = math.log(eta) / ((eta - 1.0) * g)
    assert best_s < 0.1
    summary = run_scenario(parse_scenario(clocked(duration_s=1.0))).to_json()
    assert summary["best_cycle_s"] == pytest.approx(best_s, rel=1e-12)
    at_default = mean_delivered_fidelity(p, period_s, 0.1, plan.window_s, HERALDED_FIDELITY)
    at_best = mean_delivered_fidelity(p, period_s, 0.1, best_s, HERALDED_FIDELITY)
    assert at_default > at_best + 0.01
    assert summary["predicted_fidelity"] == pytest.approx(at_default, rel=1e-12)


def test_ideal_memories_deliver_the_heralded_state() -> None:
    data = clocked(duration_s=2.0, window_s=0.05)
    for node in data["nodes"]:
        del node["memory"]
    summary = run_scenario(parse_scenario(data)).to_json()
    fraction = summary["heralded_fraction"]
    assert summary["fidelity_mean"] == pytest.approx(
        0.25 + (HERALDED_FIDELITY - 0.25) * fraction, abs=1e-12
    )
    assert summary["eta_link"] is None
    assert summary["best_cycle_s"] is None


def test_the_delivering_link_is_named_among_several() -> None:
    data = clocked(duration_s=1.0, link=["C", "B"])
    data["nodes"].append({**data["nodes"][0], "name": "C"})
    data["links"].append({**data["links"][0], "nodes": ["B", "C"], "heralded_fidelity": 0.8})
    summary = run_scenario(parse_scenario(data)).to_json()
    assert summary["link"] == 1
    assert summary["nodes"] == ["B", "C"]
    assert summary["heralded_fidelity"] == pytest.approx(0.8, abs=1e-12)


def test_the_budget_counts_cycles() -> None:
    built = build_scenario(parse_scenario(clocked(duration_s=1.05)))
    cost = estimate_cost(built)
    assert cost.events == EVENTS_PER_CYCLE * 10
    assert cost.memory_slots == 2


def _two_links() -> dict[str, Any]:
    data = clocked()
    data["nodes"].append({"name": "C"})
    data["links"].append({**data["links"][0], "nodes": ["B", "C"]})
    return data


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (clocked(window_s=0.2), "protocol.window_s=0.2: must not exceed protocol.cycle_s"),
        (clocked(window_s=0.0), "protocol.window_s=0.0: Input should be greater than 0"),
        (clocked(window_s=-0.01), "protocol.window_s=-0.01: Input should be greater than 0"),
        (clocked(cycle_s=0.0), "protocol.cycle_s=0.0: Input should be greater than 0"),
        (clocked(cycle_s=-1.0), "protocol.cycle_s=-1.0: Input should be greater than 0"),
        (clocked(duration_s=0.05), "duration_s=0.05: shorter than one clock cycle"),
        (_two_links(), "protocol.link: the scenario has 2 links"),
        (clocked(link=["A", "D"]), "protocol.link names unknown node 'D'"),
        (
            {**_two_links(), "protocol": {"kind": "delivery", "cycle_s": 0.1, "link": ["A", "C"]}},
            "protocol.link=['A', 'C']: no link joins 'A' and 'C'",
        ),
        (clocked(link=["A", "A"]), "protocol.link: asks for pairs from 'A' to itself"),
        (clocked(window_s=0.1), "protocol.window_s=0.1: the window (0.1 s) must hold one"),
        (clocked(window_s=5e-5), "protocol.window_s=5e-05: the window (5e-05 s) must hold one"),
        (clocked(cycle_s=5e-5), "protocol.cycle_s=5e-05: the window"),
        (clocked(cycl_s=0.1), "protocol.cycl_s: unknown key; did you mean 'cycle_s'?"),
    ],
)
def test_bad_input_is_one_line_naming_the_field(
    data: dict[str, Any], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "clocked.yaml"
    file.write_text(yaml.safe_dump(data))
    for command in ("validate", "run"):
        assert main([command, str(file)]) == 2
        error = capsys.readouterr().err
        assert error.startswith(f"qinternet {command}: error: {file}: "), error
        assert needle in error, error
        assert error.count("\n") == 1


def test_a_scheme_without_qubits_is_refused() -> None:
    data = clocked()
    data["links"][0] = {"nodes": ["A", "B"], "length_m": 2.0, "scheme": {"kind": "dlcz"}}
    data["nodes"] = [{"name": "A", "preset": "cs_ensemble"}, {"name": "B", "preset": "cs_ensemble"}]
    with pytest.raises(ScenarioError, match=r"links\[0\].scheme='dlcz': heralds modes"):
        build_scenario(parse_scenario(data), source="s.yaml")


def test_the_cli_prints_a_table_and_strict_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "clocked.yaml"
    file.write_text(yaml.safe_dump(clocked(duration_s=0.1)))
    assert main(["run", str(file)]) == 0
    out = capsys.readouterr().out
    assert "a pair every 0.1 s" in out
    assert main(["run", str(file), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out, parse_constant=pytest.fail)
    assert summary["cycles"] == 1
    assert summary["fidelity_stderr"] is None
    assert summary["warnings"] == ["one pair delivered, so no standard error"]


@pytest.mark.parametrize("width", [80, 60])
def test_the_table_fits_the_width_with_an_exact_rate(width: int) -> None:
    import io

    from rich.console import Console

    from qinternet.cli.run_tables import result_table
    from qinternet.core.statistics import format_estimate

    result = run_scenario(parse_scenario(clocked(duration_s=20.0)))
    assert isinstance(result, DeliveryResult)
    console = Console(width=width, file=io.StringIO())
    console.print(result_table(result), crop=False)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(len(line) for line in text.splitlines()) <= width, text
    assert "…" not in text
    row = next(line for line in text.splitlines() if "A-B" in line)
    assert " 200 " in row  # cycles
    assert " 10 " in row  # the clock's rate, exact:
    assert "10 ±" not in row
    fidelity = result.statistics.fidelity
    printed = format_estimate(fidelity.mean, fidelity.stderr)
    assert (printed in text) if width == 80 else (printed.split(" ± ")[0] in text)
