"""Make the three deployed-link figures: heralded fidelity against each new effect.

Each figure puts full event-driven runs (:func:`qinternet.run_scenario` on an example, the
swept key set through the scenario model, seeded; error bars: the run's standard errors)
beside a closed form derived here from the link physics, not taken from the library:

* ``fidelity_vs_phase_noise.png``: Humphreys et al., Nature 558, 268 (2018)
  (``examples/humphreys_2018_nv.yaml``), the link's ``phase_std_rad`` swept;
* ``fidelity_vs_conversion_noise.png``: Stolk et al., Sci. Adv. 10, eadp6442 (2024)
  (``examples/stolk_2024_metropolitan_nv.yaml``), both nodes'
  ``emitter.conversion_noise_rate_hz`` swept;
* ``fidelity_vs_readout_error.png``: the Humphreys link's delivered pairs, each read out
  in XX, YY or ZZ (chosen at random) with assignment errors, the raw parity estimate
  ``(1 + sum_P s_P <PP>) / 4`` against ``e_0 = 1 - F_0`` (``F_1`` at the preset's 0.995).

Closed form (single click at a 50/50 splitter, threshold detectors, Cabrillo et al.,
Phys. Rev. A 59, 1025 (1999)). Node ``j``'s spin before emission has bright population
``b_j = alpha + e_j (1 - 2 alpha)`` and coherence ``c_j = (1 - 2 e_j) sqrt(alpha (1 -
alpha)) sqrt(1 - p2_j)`` (reset error ``e_j``, double excitation ``p2_j``; Humphreys 2018,
SI), node 1's times ``exp(-sigma^2/2)``, the mean of ``cos`` of a Gaussian phase. With arm
efficiencies ``eta_j``, HOM visibility ``V`` and background click probability ``q`` per
detector, "A clicks, B does not" leaves the spins (basis ``|node 0, node 1>``, 1 = bright) in

    w00 = (1-b0)(1-b1) q (1-q)                    (two background counts decide)
    w01 = (1-b0) b1 (1-q) [eta1/2 + (1-eta1) q]   (w10 alike with node 0)
    w11 = b0 b1 (1-q) [(1-eta0)(1-eta1) q + (eta0 (1-eta1) + eta1 (1-eta0))/2
                       + eta0 eta1 (1+V)/4]       (HOM: both photons at A w.p. (1+V)/4)
    <01|rho|10> = c0 c1 sqrt(V eta0 eta1) (1-q) / 2

(a lost photon or a background count carries no coherence), so ``F = [(w01 + w10)/2 +
<01|rho|10>] / sum w``; detector B gives psi- with the same fidelity. The converter noise
``n`` of each node reaches each detector through its arm (transmission ``T_j``) and half the
splitter: ``q = 1 - exp(-tau [r_d + eta_d sum_j T_j n / 2])`` (Poissonian Raman noise).
While the herald travels (the longer arm in, the own arm back: ``2 L_max / v``) both
memories dephase, ``exp(-2 t / T2)`` on the coherence (T1 of an hour neglected).

Read-out with assignment fidelities ``F_0, F_1`` measures ``a I + b P`` per qubit
(``a = F_0 - F_1``, ``b = F_0 + F_1 - 1``), so the raw estimate of pattern target ``s`` is
``[1 + a^2 (s_X + s_Y + s_Z) + s_Z a b (m_0 + m_1) + b^2 (4F - 1)] / 4`` with the Z
marginals ``m_j`` of the heralded state (``<XI> = <YI> = 0`` here).

Run from the repository root: ``python docs/make_deployed_figures.py [out_dir]`` (under a
minute).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qinternet.analysis.records import outcome_distribution
from qinternet.core.rng import child_generators
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.network.build import BuiltScenario, build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_scenario
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario
from qinternet.sim import Environment, QuantumStorage, run_in_steps
from qinternet.sim.link_process import HeraldedLink, HeraldedPair, LinkGenerator, link_slot_pools
from qinternet.states import DensityMatrix

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HUMPHREYS = EXAMPLES / "humphreys_2018_nv.yaml"
STOLK = EXAMPLES / "stolk_2024_metropolitan_nv.yaml"
SIGNS = {"psi+": (1, 1, -1), "psi-": (-1, -1, -1)}  # <XX>, <YY>, <ZZ> of the targets


@dataclass(frozen=True)
class HeraldedSpins:
    """The closed-form heralded state of one click pattern (unnormalised weights)."""

    weights: tuple[float, float, float, float]  # |00>, |01>, |10>, |11>
    coherence: float  # <01|rho|10>

    @property
    def probability(self) -> float:
        return sum(self.weights)

    @property
    def fidelity(self) -> float:
        w = self.weights
        return ((w[1] + w[2]) / 2.0 + self.coherence) / self.probability

    @property
    def z_marginals(self) -> tuple[float, float]:
        w = self.weights
        return (
            (w[0] + w[1] - w[2] - w[3]) / self.probability,
            (w[0] + w[2] - w[1] - w[3]) / self.probability,
        )


def single_click_closed_form(
    alpha: float,
    etas: tuple[float, float],
    *,
    background: float = 0.0,
    visibility: float = 1.0,
    phase_std_rad: float = 0.0,
    reset_errors: tuple[float, float] = (0.0, 0.0),
    double_excitations: tuple[float, float] = (0.0, 0.0),
    memory_coherence: float = 1.0,
) -> HeraldedSpins:
    """Heralded spins for "detector A clicks, B does not" (module docstring)."""
    q = background
    bright = [alpha + e * (1.0 - 2.0 * alpha) for e in reset_errors]
    coherent = [
        (1.0 - 2.0 * e) * math.sqrt(alpha * (1.0 - alpha) * (1.0 - p2))
        for e, p2 in zip(reset_errors, double_excitations, strict=True)
    ]
    coherent[1] *= math.exp(-(phase_std_rad**2) / 2.0)
    (b0, b1), (eta0, eta1) = bright, etas
    one = [(1.0 - q) * (eta / 2.0 + (1.0 - eta) * q) for eta in etas]
    two = (1.0 - q) * (
        (1.0 - eta0) * (1.0 - eta1) * q
        + (eta0 * (1.0 - eta1) + eta1 * (1.0 - eta0)) / 2.0
        + eta0 * eta1 * (1.0 + visibility) / 4.0
    )
    weights = (
        (1.0 - b0) * (1.0 - b1) * q * (1.0 - q),
        (1.0 - b0) * b1 * one[1],
        b0 * (1.0 - b1) * one[0],
        b0 * b1 * two,
    )
    coherence = coherent[0] * coherent[1] * math.sqrt(visibility * eta0 * eta1) * (1.0 - q) / 2.0
    return HeraldedSpins(weights, coherence * memory_coherence)


def closed_form_for(scenario: Scenario) -> HeraldedSpins:
    """The closed form with the scenario's link, nodes and scheme (inputs only)."""
    built = build_scenario(scenario)
    (link,) = scenario.links
    nodes = [built.nodes[name] for name in link.nodes]
    detector = nodes[0].detector
    lengths = link.arms_m
    transmissions = [10.0 ** (-link.attenuation_db_per_km * length / 1e4) for length in lengths]
    etas = tuple(
        n.emitter.emission_efficiency
        * n.emitter.collection_efficiency
        * n.emitter.conversion_efficiency
        * n.emitter.coupling_efficiency
        * t
        * detector.efficiency
        for n, t in zip(nodes, transmissions, strict=True)
    )
    noise = sum(
        n.emitter.conversion_noise_rate_hz * t for n, t in zip(nodes, transmissions, strict=True)
    )
    mu = detector.window_s * (detector.dark_count_rate_hz + detector.efficiency * noise / 2.0)
    scheme: Any = link.scheme
    wait_s = 2.0 * max(lengths) / link.group_velocity_m_per_s
    decay = math.exp(-sum(wait_s / n.memory.t2_s for n in nodes))  # each qubit exp(-t/T2)
    return single_click_closed_form(
        scheme.bright_state_population,
        (etas[0], etas[1]),
        background=-math.expm1(-mu),
        visibility=scheme.visibility,
        phase_std_rad=scheme.phase_std_rad,
        reset_errors=(
            1.0 - nodes[0].memory.initialisation_fidelity,
            1.0 - nodes[1].memory.initialisation_fidelity,
        ),
        double_excitations=(
            nodes[0].emitter.double_excitation_probability,
            nodes[1].emitter.double_excitation_probability,
        ),
        memory_coherence=decay,
    )


def raw_fidelity_closed_form(state: HeraldedSpins, fidelity_0: float, fidelity_1: float) -> float:
    """Raw parity estimate, averaged over the two equally likely patterns (psi+, psi-)."""
    a, b = fidelity_0 - fidelity_1, fidelity_0 + fidelity_1 - 1.0
    marginals = sum(state.z_marginals)
    bell = b * b * (4.0 * state.fidelity - 1.0)
    terms = [1.0 + a * a * sum(s) + s[2] * a * b * marginals + bell for s in SIGNS.values()]
    return sum(terms) / 8.0


def with_changes(scenario: Scenario, duration_s: float, **changes: Any) -> Scenario:
    """``scenario`` for ``duration_s`` with ``phase_std_rad`` or both nodes'
    ``conversion_noise_rate_hz`` changed (through the scenario model, validated)."""
    data = scenario.model_dump(exclude_none=True)
    data["duration_s"] = duration_s
    if "phase_std_rad" in changes:
        data["links"][0]["scheme"]["phase_std_rad"] = changes["phase_std_rad"]
    noise = changes.get("conversion_noise_rate_hz")
    for node in data["nodes"] if noise is not None else []:
        node.setdefault("emitter", {})["conversion_noise_rate_hz"] = noise
    return parse_scenario(data)


@dataclass(frozen=True)
class Point:
    """One simulated point beside its closed form."""

    x: float
    simulated: MeanEstimate
    closed_form: float
    num_pairs: int


def sweep_runs(path: Path, key: str, values: list[float], duration_s: float) -> list[Point]:
    """Event-driven runs of the example at each value of ``key``."""
    base = load_scenario(path)
    points = []
    for value in values:
        scenario = with_changes(base, duration_s, **{key: value})
        result = run_scenario(scenario)
        assert isinstance(result, ScenarioResult)
        stats = result.links[0].statistics
        closed = closed_form_for(scenario).fidelity
        points.append(Point(value, stats.fidelity, closed, stats.num_pairs))
    return points


def delivered_states(scenario: Scenario) -> list[tuple[DensityMatrix, str]]:
    """Every pair the event-driven link delivers, as its two nodes hold it when both know
    of it (memory noise applied), with the announced target."""
    built: BuiltScenario = build_scenario(scenario)
    (config,) = built.links
    env, storage = Environment(), QuantumStorage()
    for name in (config.node_a, config.node_b):
        storage.add_node(name, built.nodes[name].memory, num_slots=config.num_channels)
    (pools,) = link_slot_pools(env, storage, [config], [config.num_channels])
    (rng,) = child_generators(scenario.seed, 1)
    pairs: list[tuple[DensityMatrix, str]] = []

    def on_pair(pair: HeraldedPair) -> None:
        pairs.append(
            (storage.pair_state(pair.slot_a, pair.slot_b, now_s=env.now), pair.target_name)
        )
        link.release(pair.slot_a, pair.slot_b)

    link = HeraldedLink(LinkGenerator(env, config, storage, rng), on_pair, pools)
    run_in_steps(env, until_s=scenario.duration_s, num_steps=1)
    return pairs


def read_out(
    pairs: list[tuple[DensityMatrix, str]],
    fidelity_0: float,
    fidelity_1: float,
    rng: np.random.Generator,
) -> MeanEstimate:
    """Raw fidelity estimate: each pair measured once in a random XX, YY or ZZ, each
    qubit's outcome misassigned (0 -> 1 w.p. 1 - F_0, 1 -> 0 w.p. 1 - F_1)."""
    settings = rng.integers(0, 3, size=len(pairs))
    terms = np.empty(len(pairs))
    errors = np.array([1.0 - fidelity_0, 1.0 - fidelity_1])
    for i, ((state, target), setting) in enumerate(zip(pairs, settings, strict=True)):
        probabilities = outcome_distribution(state, "XYZ"[setting] * 2)
        index = rng.choice(4, p=probabilities)
        bits = np.array([index >> 1, index & 1])
        flips = rng.random(2) < errors[bits]
        parity = 1 - 2 * (np.sum(bits ^ flips) % 2)
        terms[i] = 3.0 * SIGNS[target][setting] * parity
    # F = (1 + sum_P s_P <PP>) / 4 with a uniformly random P: E[3 s_P parity] = the sum.
    return mean_with_stderr((1.0 + terms) / 4.0)


def readout_points(errors: list[float], duration_s: float) -> list[Point]:
    """Raw fidelity of the Humphreys link's pairs against ``e_0``, ``F_1`` = 0.995."""
    scenario = with_changes(load_scenario(HUMPHREYS), duration_s)
    fidelity_1 = 0.995  # Humphreys 2018 via netsquid-nv (the nv_centre preset's source)
    pairs = delivered_states(scenario)
    closed = closed_form_for(scenario)
    rngs = child_generators(scenario.seed + 1, len(errors))
    return [
        Point(
            e,
            read_out(pairs, 1.0 - e, fidelity_1, rng),
            raw_fidelity_closed_form(closed, 1.0 - e, fidelity_1),
            len(pairs),
        )
        for e, rng in zip(errors, rngs, strict=True)
    ]


@dataclass(frozen=True)
class Sizes:
    """Points per figure and simulated durations, s (the defaults take a minute)."""

    num_points: int = 11
    phase_duration_s: float = 20.0
    conversion_duration_s: float = 20000.0
    readout_duration_s: float = 200.0
    curve_points: int = 121


def _axes(title: str, xlabel: str, ylabel: str = "heralded fidelity F") -> tuple[Any, Any]:
    figure, axes = plt.subplots(figsize=(6.4, 4.4))
    axes.set_title(title, fontsize="medium")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    return figure, axes


def _draw(axes: Any, points: list[Point], grid: np.ndarray, curve: list[float], what: str) -> None:
    axes.plot(grid, curve, color="C0", label="closed form (derived in the script)")
    axes.errorbar(
        [p.x for p in points],
        [p.simulated.mean for p in points],
        yerr=[p.simulated.stderr for p in points],
        color="C3",
        marker="o",
        linestyle="none",
        capsize=3,
        label=what,
    )
    axes.axhline(0.5, color="0.4", linestyle="--", label="F = 1/2 (no entanglement shown)")


def _save(figure: Any, axes: Any, path: Path, where: str = "best") -> None:
    axes.legend(fontsize="small", loc=where)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def phase_figure(path: Path, sizes: Sizes) -> list[Point]:
    sigmas = list(np.linspace(0.0, 1.6, sizes.num_points))
    points = sweep_runs(HUMPHREYS, "phase_std_rad", sigmas, sizes.phase_duration_s)
    base = load_scenario(HUMPHREYS)
    grid = np.linspace(0.0, 1.6, sizes.curve_points)
    curve = [closed_form_for(with_changes(base, 1.0, phase_std_rad=s)).fidelity for s in grid]
    figure, axes = _axes(
        "Humphreys 2018 NV link (2 m, alpha = 0.3): optical phase noise",
        r"phase noise $\sigma$, rad",
    )
    runs = f"event-driven runs, {sizes.phase_duration_s:g} s each (errors below marker size)"
    _draw(axes, points, grid, curve, runs)
    axes.axvline(0.2618, color="0.6", linestyle=":", label="example's 15 deg")
    _save(figure, axes, path)
    return points


def conversion_figure(path: Path, sizes: Sizes) -> list[Point]:
    rates = list(np.linspace(0.0, 1000.0, sizes.num_points))
    points = sweep_runs(STOLK, "conversion_noise_rate_hz", rates, sizes.conversion_duration_s)
    base = load_scenario(STOLK)
    grid = np.linspace(0.0, 1000.0, sizes.curve_points)
    curve = [
        closed_form_for(with_changes(base, 1.0, conversion_noise_rate_hz=r)).fidelity for r in grid
    ]
    figure, axes = _axes(
        "Stolk 2024 NV link (25 km deployed fibre): converter noise",
        "conversion noise per node into the fibre, photons/s",
    )
    runs = f"event-driven runs, {sizes.conversion_duration_s:g} s each (errors below marker size)"
    _draw(axes, points, grid, curve, runs)
    axes.axhspan(0.519, 0.549, color="C2", alpha=0.2, label="Stolk 2024: F = 0.534(15) (secondary)")
    _save(figure, axes, path)
    return points


def readout_figure(path: Path, sizes: Sizes) -> list[Point]:
    errors = list(np.linspace(0.0, 0.3, sizes.num_points))
    points = readout_points(errors, sizes.readout_duration_s)
    scenario = load_scenario(HUMPHREYS)
    state = closed_form_for(scenario)
    grid = np.linspace(0.0, 0.3, sizes.curve_points)
    curve = [raw_fidelity_closed_form(state, 1.0 - e, 0.995) for e in grid]
    figure, axes = _axes(
        "Humphreys 2018 NV link: raw fidelity from XX, YY, ZZ parities ($F_1$ = 0.995)",
        r"read-out error $e_0 = 1 - F_0$ (outcome 1 for a spin in $|0\rangle$)",
        "fidelity estimated from the parities",
    )
    runs = f"{points[0].num_pairs} pairs of one event-driven run, read out with errors"
    _draw(axes, points, grid, curve, runs)
    axes.axhline(state.fidelity, color="C1", linestyle="-.", label="state (read-out corrected)")
    axes.axvline(0.05, color="0.6", linestyle=":", label="NV preset's $e_0$ = 0.05")
    _save(figure, axes, path, "lower left")
    return points


FIGURES = {
    "fidelity_vs_phase_noise.png": phase_figure,
    "fidelity_vs_conversion_noise.png": conversion_figure,
    "fidelity_vs_readout_error.png": readout_figure,
}


def make_figures(out_dir: Path, sizes: Sizes | None = None) -> dict[str, list[Point]]:
    """Write the three figures into ``out_dir``; return each figure's simulated points."""
    chosen = sizes or Sizes()
    return {name: draw(out_dir / name, chosen) for name, draw in FIGURES.items()}


if __name__ == "__main__":
    make_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
