"""Make ``delivery_on_demand.png``: entanglement delivered at every clock tick.

Humphreys et al., "Deterministic delivery of remote entanglement on a quantum network",
Nature 558, 268 (2018), arXiv:1712.07567: every clock cycle ``C`` two nodes attempt
heralded entanglement for a window ``W``, keep the first heralded pair until the tick and
hand it over (a maximally mixed pair, fidelity 1/4, if none heralded). Both panels put
seeded event-driven runs (:func:`qinternet.run_scenario` on ``protocol: {kind:
delivery}`` scenarios; error bars: the runs' standard errors of the mean delivered
fidelity) beside closed forms derived here.

Closed forms. Attempts of period ``T`` and success probability ``p`` first succeed at a
time ``t`` distributed as ``r e^{-r t}`` (``r = -ln(1 - p) / T``, sampled at the attempt
starts). A stored pair's fidelity decays as ``a + b e^{-k s}`` after ``s`` in memory; held
from ``t`` to the tick ``C`` it contributes, over the window,

    E[1{t < W} e^{-k (C - t)}] = r e^{-k C} (e^{(k - r) W} - 1) / (k - r)    (*)

and a failed window (probability ``e^{-r W}``) delivers 1/4.

(a) Ideal heralded pairs (``heralded_fidelity: 1``) in depolarising memories
(``memory.depolarizing_time_s = T_dep`` at both nodes): the Bell fidelity decays as
``1/4 + (3/4) e^{-2 s / T_dep}`` (each qubit's correlations shrink by ``e^{-s/T_dep}``),
``r_dec = 2 / T_dep``. With ``W = C`` (the heralding delay of a 2 m link, 10 ns, is
negligible) and ``x = r_dec C``, ``eta = r / r_dec`` (*) gives
``F = 1/4 + (3/4) eta (e^{-eta x} - e^{-x}) / (1 - eta)``; ``dF/dx = 0`` at
``e^{(1 - eta) x} = 1/eta``, i.e. ``x* = ln(eta) / (eta - 1)``, where
``eta e^{-eta x*} = e^{-x*}`` so ``F* = 1/4 + (3/4) e^{-x*} = (1 + 3 eta^{1/(1-eta)}) / 4``
(``(1 + 3/e) / 4`` at ``eta = 1``); ``F* = 1/2`` at ``eta = 0.826`` (Brent's method here;
Humphreys: "eta_link > ~0.83", text after Eq. 2). The runs fix ``r`` (Barrett-Kok
attempts at 1 MHz, ``p = 2e-5``: ``r = 19.8 Hz``), set ``T_dep = 2 eta / r`` for each
``eta`` and the clock cycle to the best one, ``C = x* / r_dec``. The runs start each
pair at an attempt start, up to ``T = 1 us`` before the exponential time: a bias below
``(3/4) r_dec T <= 1.5e-4``, far inside the error bars.

(b) ``examples/humphreys_2018_delivery.yaml`` with ``protocol.cycle_s`` swept (window:
the cycle but the heralding delay). Its NV memories dephase (``T2 = 0.4 s``) and relax
(``T1 = 1 h``). Of a heralded state of branch ``b`` (weight ``w_b``), the coherent part
``c_b`` of its fidelity decays at ``g = sum 1/T2`` (5 Hz); the part held by the
populations ``P`` changes only through T1: each qubit's populations go through
``[[1, 1 - u], [0, u]] = A + u B`` (``u = e^{-s/T1}``), so the Bell target's weights
``t = |target|^2`` see ``d_b(s) = sum_{ij} a_{b,ij} e^{-k_ij s}`` with ``a_{b,ij} = t .
(X_i (x) X_j) P`` (``X_0 = A``, ``X_1 = B``) and ``k_ij = i/T1_A + j/T1_B``, and

    F(C) = e^{-r W} / 4 + sum_b w_b [sum_{ij} a_{b,ij} (*)|_{k_ij} + c_b (*)|_{k = g}]

(``(*)`` at ``k = 0`` is the heralded fraction ``1 - e^{-r W}``). Drawn beside it, the
depolarising model of Humphreys et al. (every stored pair decaying towards
``I/4`` at ``g``: ``d_b -> 1/4``, ``c_b -> F_b - 1/4``), which the library reports as
``predicted_fidelity``; the dephasing memories deliver more, since their populations
do not decay.

Cycles per point (:class:`Sizes`): 4000 in each run of both panels.

Run from the repository root: ``python docs/make_delivery_figure.py [out_dir]`` (about
6 s; ``out_dir`` defaults to ``docs/``).
"""

from __future__ import annotations

import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import brentq, minimize_scalar

from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate
from qinternet.network.build import build_scenario
from qinternet.network.delivery import DeliveryPlan, DeliveryResult
from qinternet.network.run import run_scenario
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "humphreys_2018_delivery.yaml"
ABSTRACT_CYCLE_S = 0.1  # "at every clock cycle of 100 ms" (Humphreys 2018, abstract)
NAME = "delivery_on_demand.png"


def best_fidelity(eta: float) -> float:
    """``F* = (1 + 3 eta^{1/(1 - eta)}) / 4`` (module docstring, panel a)."""
    return 0.25 + 0.75 * math.exp(-best_window(eta))


def best_window(eta: float) -> float:
    """``x* = r_dec C* = ln(eta) / (eta - 1)``, 1 at ``eta = 1``."""
    return 1.0 if eta == 1.0 else math.log(eta) / (eta - 1.0)


def threshold_eta(target: float = 0.5) -> float:
    """The ``eta`` where ``F*`` reaches ``target`` (``F*`` increases with ``eta``)."""
    return float(brentq(lambda eta: best_fidelity(eta) - target, 1e-3, 1e3, xtol=1e-13))


def stored_factor(rate_hz: float, decay_hz: float, window_s: float, cycle_s: float) -> float:
    """(*): ``E[1{t < W} e^{-k (C - t)}]`` for a first success at rate ``r``."""
    r, k = rate_hz, decay_hz
    if k == r:
        return r * window_s * math.exp(-k * cycle_s)
    return r * math.exp(-k * cycle_s) * math.expm1((k - r) * window_s) / (k - r)


# One qubit's populations under T1 (bit 1 -> 0 w.p. 1 - u): [[1, 1 - u], [0, u]] = A + u B.
_RELAX = (np.array([[1.0, 1.0], [0.0, 0.0]]), np.array([[0.0, -1.0], [0.0, 1.0]]))


@dataclass(frozen=True)
class Link:
    """What (b)'s closed forms need of the example's link, read from its built plan.

    ``branches`` holds, per heralding pattern, its weight ``w_b``, the part ``d_b`` of its
    fidelity held by the populations as a sum of ``(k, a)``: ``d_b(s) = sum a e^{-k s}``
    (module docstring), and the coherent part ``c_b``.
    """

    rate_hz: float  # r = -ln(1 - p) / T
    decay_hz: float  # g = sum over both memories of 1 / T2
    delay_s: float  # the heralding delay: W = C - delay
    branches: tuple[tuple[float, tuple[tuple[float, float], ...], float], ...]

    @classmethod
    def of(cls, plan: DeliveryPlan) -> Link:
        for memory in plan.memories:
            if math.isfinite(memory.depolarizing_time_s):
                raise InvalidParameterError(
                    "memory.depolarizing_time_s",
                    memory.depolarizing_time_s,
                    "panel (b)'s closed form is for T1/T2 memories only",
                )
        outcome = plan.link.outcome
        total = sum(b.probability for b in outcome.branches)
        rates = [1.0 / m.t1_s for m in plan.memories]
        branches = []
        for branch in outcome.branches:
            rho, target = branch.state.matrix, branch.target.vector
            full = float(np.real(np.conj(target) @ rho @ target))
            weights, populations = np.abs(target) ** 2, np.real(np.diag(rho))
            diagonal = tuple(
                (i * rates[0] + j * rates[1], float(weights @ np.kron(x, y) @ populations))
                for (i, x), (j, y) in itertools.product(enumerate(_RELAX), repeat=2)
            )
            coherent = full - float(weights @ populations)
            branches.append((branch.probability / total, diagonal, coherent))
        p, period_s = outcome.success_probability, plan.link.period_s
        return cls(
            -math.log1p(-p) / period_s,
            sum(1.0 / m.t2_s for m in plan.memories),
            plan.cycle_s - plan.window_s,
            tuple(branches),
        )

    def fidelity(self, cycle_s: float, *, depolarising: bool = False) -> float:
        """``F(C)`` of the dephasing memories, or the depolarising model's."""
        window_s = cycle_s - self.delay_s

        def stored(decay_hz: float) -> float:
            return stored_factor(self.rate_hz, decay_hz, window_s, cycle_s)

        total = 0.25 * math.exp(-self.rate_hz * window_s)
        for weight, diagonal, coherent in self.branches:
            if depolarising:
                heralded = sum(a for _, a in diagonal) + coherent
                total += weight * (0.25 * stored(0.0) + (heralded - 0.25) * stored(self.decay_hz))
            else:
                populations = sum(a * stored(k) for k, a in diagonal)
                total += weight * (populations + coherent * stored(self.decay_hz))
        return total

    def best_cycle_s(self) -> tuple[float, float]:
        """The clock cycle maximising ``F(C)`` (dephasing memories) and that fidelity."""
        best = minimize_scalar(
            lambda log_c: -self.fidelity(math.exp(log_c)),
            bounds=(math.log(1e-3), math.log(10.0)),
            method="bounded",
            options={"xatol": 1e-8},
        )
        return math.exp(best.x), -float(best.fun)


@dataclass(frozen=True)
class Point:
    """One run: its x value, mean delivered fidelity and the closed form there."""

    x: float
    simulated: MeanEstimate
    closed_form: float
    num_cycles: int


@dataclass(frozen=True)
class Sizes:
    """Points per panel, cycles per run (the defaults take about 6 s)."""

    num_etas: int = 13
    num_cycles_points: int = 11
    num_cycles: int = 4000
    curve_points: int = 241


def depolarising_scenario(depolarizing_time_s: float, cycle_s: float, num_cycles: int) -> Scenario:
    """Panel (a)'s link: ideal heralded pairs at 19.8 Hz into depolarising memories."""
    node = {
        "emitter": {"max_attempt_rate_hz": 1e6, "emission_efficiency": 0.0063},
        "memory": {"depolarizing_time_s": depolarizing_time_s},
    }
    return parse_scenario(
        {
            "name": "ideal pairs, depolarising memories",
            "duration_s": cycle_s * num_cycles,
            "seed": 2018,
            "nodes": [{"name": "A", **node}, {"name": "B", **node}],
            "links": [
                {
                    "nodes": ["A", "B"],
                    "length_m": 2.0,
                    "heralded_fidelity": 1.0,
                    "scheme": {"kind": "barrett_kok"},
                }
            ],
            "protocol": {"kind": "delivery", "cycle_s": cycle_s},
        }
    )


def _run(scenario: Scenario) -> DeliveryResult:
    result = run_scenario(scenario)
    assert isinstance(result, DeliveryResult)
    return result


def eta_points(etas: list[float], num_cycles: int) -> list[Point]:
    """Runs at each ``eta`` (``T_dep = 2 eta / r``) with the cycle at ``x* / r_dec``."""
    plan = build_scenario(depolarising_scenario(1.0, 0.1, 1)).delivery
    assert plan is not None
    p, period_s = plan.link.outcome.success_probability, plan.link.period_s
    rate_hz = -math.log1p(-p) / period_s
    points = []
    for eta in etas:
        decay_hz = rate_hz / eta
        cycle_s = best_window(eta) / decay_hz
        result = _run(depolarising_scenario(2.0 / decay_hz, cycle_s, num_cycles))
        stats = result.statistics
        points.append(Point(eta, stats.fidelity, best_fidelity(eta), stats.num_cycles))
    return points


def with_cycle(base: Scenario, cycle_s: float, num_cycles: int) -> Scenario:
    """``base`` with ``protocol.cycle_s`` and a duration of ``num_cycles`` cycles."""
    data = base.model_dump(exclude_none=True)
    data["protocol"]["cycle_s"] = cycle_s
    data["duration_s"] = cycle_s * num_cycles
    return parse_scenario(data)


def example_link(cycle_s: float = ABSTRACT_CYCLE_S) -> Link:
    plan = build_scenario(with_cycle(load_scenario(EXAMPLE), cycle_s, 1)).delivery
    assert plan is not None
    return Link.of(plan)


def cycle_points(cycles_s: list[float], num_cycles: int) -> list[Point]:
    """Runs of the example at each clock cycle."""
    base = load_scenario(EXAMPLE)
    points = []
    for cycle_s in cycles_s:
        result = _run(with_cycle(base, cycle_s, num_cycles))
        closed = Link.of(result.plan).fidelity(cycle_s)
        stats = result.statistics
        points.append(Point(cycle_s, stats.fidelity, closed, stats.num_cycles))
    return points


def _errorbars(axes: Any, points: list[Point], label: str) -> None:
    axes.errorbar(
        [p.x for p in points],
        [p.simulated.mean for p in points],
        yerr=[p.simulated.stderr for p in points],
        color="C3",
        marker="o",
        markersize=4,
        linestyle="none",
        capsize=3,
        label=label,
        zorder=3,
    )


def _half(axes: Any) -> None:
    axes.axhline(0.5, color="0.4", linestyle="--", label="F = 1/2 (entangled above)")


def eta_panel(axes: Any, sizes: Sizes) -> list[Point]:
    etas = list(np.geomspace(0.1, 100.0, sizes.num_etas))
    points = eta_points(etas, sizes.num_cycles)
    grid = np.geomspace(0.1, 100.0, sizes.curve_points)
    axes.plot(
        grid,
        [best_fidelity(e) for e in grid],
        color="C0",
        label=r"$F^* = (1 + 3\eta^{1/(1-\eta)})/4$ (derived in the script)",
    )
    _errorbars(
        axes,
        points,
        f"runs: ideal pairs, depolarising memories,\nbest cycle, {sizes.num_cycles} cycles each",
    )
    _half(axes)
    threshold = threshold_eta()
    axes.axvline(threshold, color="C2", linestyle=":", label=rf"threshold $\eta$ = {threshold:.3f}")
    axes.set_xscale("log")
    axes.set_xlabel(r"link efficiency $\eta_{link} = r_{ent} / r_{dec}$ (dimensionless)")
    axes.set_ylabel("mean delivered fidelity F")
    axes.set_title("(a) best delivered fidelity against link efficiency", fontsize="medium")
    axes.legend(fontsize="small", loc="upper left")
    return points


def cycle_panel(axes: Any, sizes: Sizes) -> list[Point]:
    cycles = list(np.geomspace(0.01, 1.0, sizes.num_cycles_points))
    points = cycle_points(cycles, sizes.num_cycles)
    link = example_link()
    grid = np.geomspace(0.01, 1.0, sizes.curve_points)
    axes.plot(
        grid,
        [link.fidelity(c) for c in grid],
        color="C0",
        label="NV memories: T2 = 0.4 s, T1 = 1 h (closed form)",
    )
    axes.plot(
        grid,
        [link.fidelity(c, depolarising=True) for c in grid],
        color="C1",
        linestyle="-.",
        label="Humphreys' model: pairs decay to I/4 (closed form)",
    )
    _errorbars(axes, points, f"runs of the example, {sizes.num_cycles} cycles each")
    _half(axes)
    best_s, best_f = link.best_cycle_s()
    axes.plot(
        [best_s],
        [best_f],
        marker="*",
        color="C0",
        markersize=11,
        linestyle="none",
        label=f"best cycle {1e3 * best_s:.0f} ms: F = {best_f:.3f}",
    )
    axes.axvline(ABSTRACT_CYCLE_S, color="0.6", linestyle=":", label="abstract's 100 ms cycle")
    axes.set_xscale("log")
    axes.set_xlabel("clock cycle C (s)")
    axes.set_ylabel("mean delivered fidelity F")
    axes.set_title("(b) Humphreys 2018 NV link: r = 20 Hz, T2 = 0.4 s", fontsize="medium")
    axes.legend(fontsize="small", loc="lower center")
    return points


def make_figure(out_dir: Path, sizes: Sizes | None = None) -> dict[str, list[Point]]:
    """Write ``delivery_on_demand.png`` into ``out_dir``; return each panel's points."""
    chosen = sizes or Sizes()
    figure, (left, right) = plt.subplots(1, 2, figsize=(12.0, 4.8))
    points = {"eta": eta_panel(left, chosen), "cycle": cycle_panel(right, chosen)}
    figure.tight_layout()
    figure.savefig(out_dir / NAME, dpi=110)
    plt.close(figure)
    return points


if __name__ == "__main__":
    make_figure(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
