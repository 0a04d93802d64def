"""``examples/humphreys_2018_delivery.yaml`` delivers what Humphreys et al. report.

Checked against Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567: "deliver a
fresh remote state with average entanglement fidelity exceeding 0.5 at every clock cycle
of 100 ms" and the 5 Hz decoherence rate of the remote state (abstract); a delivered
fidelity above 1/2 needs eta_link > ~0.83 (text after Eq. 2). The file's bright-state
population is the one that maximises the delivery model's fidelity (derived here), not a
published value.

Closed forms used here (derived in each test's docstring): the first success of attempts
(probability p, period T) at rate r = -ln(1 - p) / T, a pair heralded at t held until the
tick C, a failed cycle delivering I/4.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from scipy.optimize import minimize_scalar

from qinternet.cli.main import main
from qinternet.network import build_scenario, parse_scenario
from qinternet.network.delivery import DeliveryPlan
from qinternet.physics.devices import preset
from qinternet.physics.maps.delivery import delivery_fidelity, threshold_link_efficiency

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "humphreys_2018_delivery.yaml"
NUM_SIGMA = 5.0
PUBLISHED_THRESHOLD = 0.826  # eta_link for a best delivered fidelity of 1/2 (after Eq. 2)


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    """``qinternet run FILE --json`` of the example (its own 100 s: 1000 cycles)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["run", str(EXAMPLE), "--json"]) == 0
    text = buffer.getvalue()
    assert text.count("\n") == 1
    result: dict[str, Any] = json.loads(text, parse_constant=pytest.fail)
    return result


def _plan(alpha: float | None = None) -> DeliveryPlan:
    data = yaml.safe_load(EXAMPLE.read_text())
    if alpha is not None:
        data["links"][0]["scheme"]["bright_state_population"] = alpha
    plan = build_scenario(parse_scenario(data)).delivery
    assert plan is not None
    return plan


def _rates(plan: DeliveryPlan) -> tuple[float, float]:
    """r_ent of the link's attempts and r_dec = 2 / T2 of the NV memories."""
    nv = preset("nv_centre")
    assert nv.memory is not None
    p, period_s = plan.link.outcome.success_probability, plan.link.period_s
    return -math.log1p(-p) / period_s, 2.0 / nv.memory.t2_s


def test_the_run_is_strict_json_with_finite_numbers(summary: dict[str, Any]) -> None:
    numbers = [v for v in summary.values() if isinstance(v, float)]
    assert numbers
    assert all(math.isfinite(v) for v in numbers)
    assert summary["protocol"] == "delivery"
    assert summary["cycles"] == summary["pairs"] == 1000
    assert summary["rate_hz"] == pytest.approx(10.0, rel=1e-15)  # one pair per 100 ms
    assert summary["warnings"] == []


def test_it_delivers_more_than_one_half_every_cycle(summary: dict[str, Any]) -> None:
    """The abstract's claim, by more than five standard errors; eta_link = r_ent / r_dec
    against the published threshold 0.826 (and the model's root of F* = 1/2)."""
    plan = _plan()
    r_ent, r_dec = _rates(plan)
    nv = preset("nv_centre")
    assert r_dec == pytest.approx(nv.reported_value("decoherence_rate_hz"))  # 5 Hz
    eta = r_ent / r_dec
    assert summary["eta_link"] == pytest.approx(eta, rel=1e-12)
    assert threshold_link_efficiency(0.5) == pytest.approx(PUBLISHED_THRESHOLD, abs=5e-4)
    assert eta > PUBLISHED_THRESHOLD
    assert round(eta, 1) == 4.0  # five times the threshold
    assert summary["fidelity_mean"] - NUM_SIGMA * summary["fidelity_stderr"] > 0.5


def test_dephasing_memories_deliver_the_exact_average(summary: dict[str, Any]) -> None:
    """The NV memories dephase (T2 = 0.4 s; T1 = 1 h moves populations by < 1e-4 in a
    cycle): each delivered Bell fidelity is d + c exp(-r_dec s) after a storage time s,
    with d the fidelity of the heralded state's diagonal and c the rest. Averaged over a
    first success at rate r in the window W and storage until the tick C:

        F = e^{-rW} / 4 + sum_b w_b [d_b (1 - e^{-rW}) + c_b r e^{-gC} (e^{(g-r)W} - 1)/(g-r)]

    (w_b the heralding patterns' weights), above the depolarising model's prediction
    since the diagonal part does not decay."""
    plan = _plan()
    r, g = _rates(plan)
    window_s, cycle_s = summary["window_s"], summary["cycle_s"]
    branches = plan.link.outcome.branches
    total = sum(b.probability for b in branches)
    heralded = -math.expm1(-r * window_s)
    stored = r * math.exp(-g * cycle_s) * math.expm1((g - r) * window_s) / (g - r)
    expected = 0.25 * (1.0 - heralded)
    for branch in branches:
        rho, target = branch.state.matrix, branch.target.vector
        full = float(np.real(np.conj(target) @ rho @ target))
        diagonal = float(np.sum(np.abs(target) ** 2 * np.real(np.diag(rho))))
        expected += branch.probability / total * (diagonal * heralded + (full - diagonal) * stored)
    error = summary["fidelity_stderr"]
    assert abs(summary["fidelity_mean"] - expected) < NUM_SIGMA * error
    assert expected > summary["predicted_fidelity"] + NUM_SIGMA * error
    binomial = math.sqrt(heralded * (1.0 - heralded) / summary["cycles"])
    assert abs(summary["heralded_fraction"] - heralded) < NUM_SIGMA * binomial


def test_the_bright_state_population_maximises_the_model_fidelity() -> None:
    """The file's alpha is the maximiser, to two decimals, of the depolarising model
    1/4 + (F_h - 1/4) x S, S = (F(eta, g W) - 1/4) / (3/4) x e^{-g (C - W)}, with the
    heralded fidelity F_h and rate of the link built at each alpha."""

    def model(alpha: float) -> float:
        plan = _plan(alpha)
        r_ent, r_dec = _rates(plan)
        window_s, cycle_s = plan.window_s, plan.cycle_s
        within = (delivery_fidelity(r_ent / r_dec, r_dec * window_s) - 0.25) / 0.75
        survival = within * math.exp(-r_dec * (cycle_s - window_s))
        return 0.25 + (plan.link.outcome.mean_fidelity - 0.25) * survival

    best = minimize_scalar(
        lambda a: -model(a), bounds=(0.02, 0.5), method="bounded", options={"xatol": 1e-4}
    )
    chosen = yaml.safe_load(EXAMPLE.read_text())["links"][0]["scheme"]
    assert round(best.x, 2) == chosen["bright_state_population"]
    assert model(chosen["bright_state_population"]) > 0.5  # the model's own answer
