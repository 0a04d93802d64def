"""Make ``telescope_baseline.png``: what repeaters are for, in a telescope array.

Phase error of the star's phase after one second of observation, ``1/(V sqrt(rate))``
(rad/√Hz; the Cramér-Rao bound of ``rate`` usable events of visibility ``V``),
against the baseline between two stations, for three ways to interfere their light
(Gottesman, Jennewein, Croke, "Longer-baseline telescopes using quantum repeaters", PRL
109, 070503 (2012), doi:10.1103/PhysRevLett.109.070503):

* **direct fibre** (exact, a line): station B's light brought to A through the fibre
  between them, transmission ``t = 10^(-a L / 10)``; visibility ``|g| 2 sqrt(t)/(1 + t)``
  on ``mode rate x photons per mode x (1 + t)/2 x efficiency`` events a second.
* **one heralded link** (simulated points and an exact line):
  ``examples/telescope_two_stations.yaml`` (single click, atoms in cavities) with its
  ``length_m`` swept through the scenario model; the points are seeded event-driven runs
  (:func:`qinternet.run_scenario`, their ``application`` report), error bars from the
  run's rate and fidelity standard errors. The line is the closed form below.
* **a repeater chain** (simulated points only): ``examples/telescope_repeater_chain.yaml``
  with its number of 50 km Barrett-Kok links swept (``N = baseline / 50 km``), each run
  stopped at a fixed number of end-to-end pairs (``max_pairs``). No closed form is drawn:
  the end-to-end pair depends on the distribution of the 2N memories' waiting times under
  nested swapping, with T1 and T2 in every memory.

The assisted interferometer with a pair of rate ``R``, single-excitation population
``P`` (of the pair after B's X turns phi+ into psi+) and visibility ``V = 2|c| / P``
(``c`` the coherence of that block) has ``min(R, mode rate) x photons x P/2 x
efficiency^2`` usable events a second (GJC 2012: one photon at each station in half the
events, two detections).

Closed form of one single-click link (Cabrillo et al., Phys. Rev. A 59, 1025 (1999)):
bright-state population ``alpha``, arm efficiency ``eta`` = emitter x arm fibre x
detector (ideal emitters, no background counts, no phase noise: the example's devices,
checked in :func:`single_link_closed_form`). "Detector A clicks, B does not" leaves the
atoms (basis ``|A B>``, 1 = bright) with weights ``w01 = alpha (1 - alpha) eta1 / 2``
(``w10`` alike), ``w11 = alpha^2 [(eta0 (1 - eta1) + eta1 (1 - eta0)) / 2 + eta0 eta1 /
2]`` (two photons bunch at one detector), ``w00 = 0`` and coherence ``<01|rho|10> = alpha (1 - alpha) sqrt(eta0 eta1) / 2``; detector B
gives the same with a sign. Success probability per attempt ``p`` = twice their sum;
attempts last ``T`` = the light's round trip over the longer arm (or the emitters'
shortest attempt), the herald reaches each node ``d = (longest arm + own arm) / v``
after emission, so the rate is ``1 / ((1/p - 1) T + max(T, d))``. Until the herald
arrives each atom decays (``|1> -> |0>`` with ``gamma = 1 - exp(-d/T1)``) and its
coherence falls by ``exp(-d/T2)``:
``W00 = w00 + w01 gamma1 + w10 gamma0 + w11 gamma0 gamma1``, ``W01 = (1 - gamma1) (w01 +
w11 gamma0)``, ``W10 = (1 - gamma0) (w10 + w11 gamma1)``, ``W11 = w11 (1 - gamma0) (1 -
gamma1)``, ``C = c exp(-d0/T2_0 - d1/T2_1)``.

Error bars: the rate's Poisson error ``sqrt(pairs)/time`` gives ``sigma_R / (2 R)``
relative; the fidelity's standard error, taken as that of the coherence ``|c|`` (the
pairs differ by how long their memories waited, which dephases them), gives
``sigma_F / |c|``; the two add in quadrature. Crossovers of a simulated series are
interpolated linearly in log error between its neighbouring points.

Pairs per point (:class:`Sizes`): each single-link run lasts 400 pairs at the closed-form
rate, at most 100 years (from 900 km on the cap binds: 115 pairs at 900 km, 3 at 1050 km,
none beyond, marked at the axis floor); each chain run stops at 200 end-to-end pairs.

Run from the repository root: ``python docs/make_telescope_figure.py [out_dir]`` (about
20 s; ``out_dir`` defaults to ``docs/``).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy
from scipy.optimize import brentq

from qinternet.network.build import build_scenario
from qinternet.network.run import run_scenario
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SINGLE = EXAMPLES / "telescope_two_stations.yaml"
CHAIN = EXAMPLES / "telescope_repeater_chain.yaml"
CHAIN_LINK_KM = 50.0
YEAR_S = 365.25 * 86400.0
FLOOR = 1e-2  # rad/√Hz: the axis floor, where runs without a pair are marked
FIGURE_INCHES, DPI = (7.2, 5.0), 110


@dataclass(frozen=True)
class Telescope:
    """The ``application`` section's settings (one star, both interferometers)."""

    photons_per_mode: float
    mode_rate_hz: float
    coherence: float
    efficiency: float

    @classmethod
    def of(cls, scenario: Scenario) -> Telescope:
        app: Any = scenario.protocol.application  # type: ignore[union-attr]
        return cls(
            app.star_photons_per_mode,
            app.mode_rate_hz,
            app.source_coherence,
            app.detector_efficiency,
        )

    def direct_error(self, baseline_km: float, attenuation_db_per_km: float) -> float:
        """The direct interferometer's ``1/(V sqrt(rate))`` over ``baseline_km`` of fibre."""
        t = 10.0 ** (-attenuation_db_per_km * baseline_km / 10.0)
        visibility = self.coherence * 2.0 * math.sqrt(t) / (1.0 + t)
        rate = self.mode_rate_hz * self.photons_per_mode * 0.5 * (1.0 + t) * self.efficiency
        return 1.0 / (visibility * math.sqrt(rate))

    def assisted_error(self, pair_rate_hz: float, population: float, visibility: float) -> float:
        """The assisted interferometer's ``1/(V sqrt(rate))`` (inf without events)."""
        pairs = min(pair_rate_hz, self.mode_rate_hz)
        rate = pairs * self.photons_per_mode * 0.5 * population * self.efficiency**2
        information = rate * (self.coherence * visibility) ** 2
        return math.inf if information <= 0.0 else 1.0 / math.sqrt(information)


@dataclass(frozen=True)
class LinkPair:
    """One single-click link in closed form: its rate and its pair at herald and delivery."""

    rate_hz: float
    herald_weights: tuple[float, float, float, float]  # |00>, |01>, |10>, |11>, one pattern
    herald_coherence: float
    weights: tuple[float, float, float, float]  # when both nodes know of the pair
    coherence: float

    @staticmethod
    def _fidelity(w: Sequence[float], c: float) -> float:
        return ((w[1] + w[2]) / 2.0 + c) / sum(w)

    @property
    def herald_fidelity(self) -> float:
        """<psi+|rho|psi+> as heralded (the link's own fidelity)."""
        return self._fidelity(self.herald_weights, self.herald_coherence)

    @property
    def fidelity(self) -> float:
        """<psi+|rho|psi+> as delivered (memories aged until the herald arrives)."""
        return self._fidelity(self.weights, self.coherence)

    @property
    def population(self) -> float:
        """The delivered pair's single-excitation population P."""
        return (self.weights[1] + self.weights[2]) / sum(self.weights)

    @property
    def visibility(self) -> float:
        """2|c| / P of the delivered pair's single-excitation block."""
        return 2.0 * abs(self.coherence) / (self.weights[1] + self.weights[2])


def single_click_pair(
    alpha: float,
    etas: tuple[float, float],
    attempt_s: float,
    herald_s: tuple[float, float],
    t1_s: tuple[float, float],
    t2_s: tuple[float, float],
) -> LinkPair:
    """The closed form of the module docstring."""
    eta0, eta1 = etas
    weights = (
        0.0,
        alpha * (1.0 - alpha) * eta1 / 2.0,
        alpha * (1.0 - alpha) * eta0 / 2.0,
        alpha**2 * ((eta0 * (1.0 - eta1) + eta1 * (1.0 - eta0)) / 2.0 + eta0 * eta1 / 2.0),
    )
    coherence = alpha * (1.0 - alpha) * math.sqrt(eta0 * eta1) / 2.0
    p = 2.0 * sum(weights)
    rate = 1.0 / ((1.0 / p - 1.0) * attempt_s + max(attempt_s, *herald_s))
    g0, g1 = (-math.expm1(-d / t1) for d, t1 in zip(herald_s, t1_s, strict=True))
    w00, w01, w10, w11 = weights
    aged = (
        w00 + w01 * g1 + w10 * g0 + w11 * g0 * g1,
        (1.0 - g1) * (w01 + w11 * g0),
        (1.0 - g0) * (w10 + w11 * g1),
        w11 * (1.0 - g0) * (1.0 - g1),
    )
    decay = math.exp(-sum(d / t2 for d, t2 in zip(herald_s, t2_s, strict=True)))
    return LinkPair(rate, weights, coherence, aged, coherence * decay)


def single_link_closed_form(scenario: Scenario) -> LinkPair:
    """:func:`single_click_pair` with the scenario's link and nodes (inputs only).

    Raises:
        ValueError: for a device effect the closed form leaves out (background counts,
            reset errors, double excitation, HOM visibility, phase noise, a duty cycle,
            dephasing per attempt, a depolarising memory), or without alpha.
    """
    built = build_scenario(scenario)
    (link,) = scenario.links
    scheme: Any = link.scheme
    nodes = [built.nodes[name] for name in link.nodes]
    section: Any = link.detector
    detector = nodes[0].detector

    def station(name: str) -> float:
        """A setting of the heralding station's detectors: the link's, else node A's."""
        value = getattr(section, name, None)
        return float(getattr(detector, name) if value is None else value)

    left_out = {
        "dark counts": station("dark_count_rate_hz"),
        "HOM visibility < 1": 1.0 - scheme.visibility,
        "phase noise": scheme.phase_std_rad,
        "phase stabilisation": float(scheme.phase_stabilisation is not None),
    }
    for name, n in zip(link.nodes, nodes, strict=True):
        left_out[f"{name}: reset error"] = 1.0 - n.memory.initialisation_fidelity
        left_out[f"{name}: dephasing per attempt"] = n.memory.dephasing_per_attempt
        left_out[f"{name}: depolarising memory"] = 1.0 / n.memory.depolarizing_time_s
        left_out[f"{name}: double excitation"] = n.emitter.double_excitation_probability
        left_out[f"{name}: conversion noise"] = n.emitter.conversion_noise_rate_hz
        left_out[f"{name}: duty cycle < 1"] = 1.0 - n.emitter.duty_cycle
    alpha = scheme.bright_state_population or nodes[0].emitter.bright_state_population
    if alpha is None or any(left_out.values()):
        present = {key: value for key, value in left_out.items() if value}
        raise ValueError(f"the closed form leaves out {present} (alpha: {alpha})")
    eta_d = station("efficiency")
    arms = link.arms_m
    v = link.group_velocity_m_per_s
    etas = tuple(
        n.emitter.emission_efficiency
        * n.emitter.collection_efficiency
        * n.emitter.conversion_efficiency
        * n.emitter.coupling_efficiency
        * 10.0 ** (-link.attenuation_db_per_km * arm / 1e4)
        * eta_d
        for n, arm in zip(nodes, arms, strict=True)
    )
    longest = max(arms)
    attempt_s = max([2.0 * longest / v] + [1.0 / n.emitter.max_attempt_rate_hz for n in nodes])
    herald_s = ((longest + arms[0]) / v, (longest + arms[1]) / v)
    return single_click_pair(
        alpha,
        (etas[0], etas[1]),
        attempt_s,
        herald_s,
        (nodes[0].memory.t1_s, nodes[1].memory.t1_s),
        (nodes[0].memory.t2_s, nodes[1].memory.t2_s),
    )


def single_link_scenario(baseline_km: float, duration_s: float) -> Scenario:
    """The two-station example with the link ``baseline_km`` long, run ``duration_s``,
    seeded with the example's seed plus the baseline in km."""
    data = load_scenario(SINGLE).model_dump(exclude_none=True)
    data["links"][0]["length_m"] = baseline_km * 1e3
    data["duration_s"] = duration_s
    data["seed"] += round(baseline_km)  # independent runs, the same at a baseline on any grid
    return parse_scenario(data)


def chain_scenario(num_links: int, max_pairs: int, duration_s: float) -> Scenario:
    """The chain example with ``num_links`` of its links (its repeater nodes alike),
    stopped after ``max_pairs`` end-to-end pairs or ``duration_s``, seeded with the
    example's seed plus ``num_links``."""
    data = load_scenario(CHAIN).model_dump(exclude_none=True)
    first, repeater, last = data["nodes"][0], data["nodes"][1], data["nodes"][-1]
    repeaters = [dict(repeater, name=f"R{i}") for i in range(1, num_links)]
    data["nodes"] = [first, *repeaters, last]
    names = [node["name"] for node in data["nodes"]]
    data["links"] = [dict(data["links"][0], nodes=[a, b]) for a, b in itertools.pairwise(names)]
    data["duration_s"] = duration_s
    data["seed"] += num_links
    data["protocol"]["max_pairs"] = max_pairs
    return parse_scenario(data)


@dataclass(frozen=True)
class Point:
    """One event-driven run: its assisted phase error, the error's standard error and
    the closed form (None: no pair, or no closed form), with the report's numbers."""

    baseline_km: float
    num_pairs: int
    sim_time_s: float
    error: float | None
    stderr: float | None
    closed_form: float | None
    report: dict[str, Any] = field(repr=False)


def _point(scenario: Scenario, baseline_km: float, closed_form: float | None) -> Point:
    """Run ``scenario``; the assisted error and its standard error (module docstring)."""
    result = run_scenario(scenario).to_json()
    report = result["application"]
    pairs = result["pairs"]
    if not pairs:
        return Point(baseline_km, 0, result["sim_time_s"], None, None, closed_form, report)
    error = report["assisted_error_rad_sqrt_s"]
    telescope = Telescope.of(scenario)
    events = telescope.photons_per_mode * 0.5 * telescope.efficiency**2
    pairs_used = min(report["pair_rate_hz"], telescope.mode_rate_hz)
    population = report["assisted_rate_hz"] / (pairs_used * events)
    coherence = report["assisted_visibility"] / telescope.coherence * population / 2.0
    fidelity_stderr = result["fidelity_stderr"] or 0.0  # one pair: no spread known
    relative = math.hypot(0.5 / math.sqrt(pairs), fidelity_stderr / coherence)
    return Point(
        baseline_km, pairs, result["sim_time_s"], error, error * relative, closed_form, report
    )


@dataclass(frozen=True)
class Sizes:
    """Baselines, pairs per point and the longest run (the defaults take about 20 s).

    ``link_pairs``: the single link's expected pairs per run (the duration is that many
    over the closed-form rate) unless the run would exceed ``max_link_s``;
    ``chain_pairs``: each chain run stops at this many end-to-end pairs."""

    baselines_km: tuple[float, ...] = tuple(float(b) for b in range(50, 1501, 50))
    link_pairs: int = 400
    chain_pairs: int = 200
    max_link_s: float = 100.0 * YEAR_S
    curve_points: int = 291


def single_link_points(sizes: Sizes) -> list[Point]:
    """Event-driven runs of the two-station example at each baseline."""
    points = []
    for baseline in sizes.baselines_km:
        closed = single_link_closed_form(single_link_scenario(baseline, 1.0))
        duration = min(sizes.link_pairs / closed.rate_hz, sizes.max_link_s)
        scenario = single_link_scenario(baseline, duration)
        error = Telescope.of(scenario).assisted_error(
            closed.rate_hz, closed.population, closed.visibility
        )
        points.append(_point(scenario, baseline, error))
    return points


def chain_points(sizes: Sizes) -> list[Point]:
    """Event-driven runs of the chain example with ``baseline / 50 km`` links."""
    points = []
    for baseline in sizes.baselines_km:
        num_links = round(baseline / CHAIN_LINK_KM)
        if not math.isclose(num_links * CHAIN_LINK_KM, baseline):
            raise ValueError(f"baseline {baseline} km is not a whole number of chain links")
        points.append(_point(chain_scenario(num_links, sizes.chain_pairs, 1e4), baseline, None))
    return points


def crossover_km(
    points: Sequence[Point], curve: Callable[[float], float], values: str = "error"
) -> float | None:
    """The first baseline where ``points`` (their ``error`` or ``closed_form``) and
    ``curve`` cross, interpolated linearly in log error; None if they do not."""
    known = [(p.baseline_km, getattr(p, values)) for p in points]
    gaps = [(x, math.log(y / curve(x))) for x, y in known if y is not None]
    for (x0, g0), (x1, g1) in itertools.pairwise(gaps):
        if g0 == 0.0 or g0 * g1 < 0.0:
            return x0 + (x1 - x0) * g0 / (g0 - g1)
    return None


@dataclass(frozen=True)
class Crossovers:
    """Baselines (km) where two interferometers' errors are equal (None: no crossing)."""

    single_vs_direct: float | None  # both closed forms
    single_vs_direct_simulated: float | None
    chain_vs_direct: float | None
    chain_vs_single: float | None  # chain points against the single link's closed form


@dataclass(frozen=True)
class TelescopeFigure:
    """What the figure shows: both series of runs and the crossovers."""

    single: list[Point]
    chain: list[Point]
    crossovers: Crossovers


def single_link_curve(baseline_km: float) -> float:
    """The single link's closed-form assisted error at ``baseline_km``."""
    scenario = single_link_scenario(baseline_km, 1.0)
    closed = single_link_closed_form(scenario)
    return Telescope.of(scenario).assisted_error(
        closed.rate_hz, closed.population, closed.visibility
    )


def direct_curve(baseline_km: float) -> float:
    """The direct interferometer's error over the example link's fibre, ``baseline_km``."""
    scenario = load_scenario(SINGLE)
    attenuation = scenario.links[0].attenuation_db_per_km
    return Telescope.of(scenario).direct_error(baseline_km, attenuation)


def crossovers(single: list[Point], chain: list[Point]) -> Crossovers:
    def gap(km: float) -> float:
        return math.log(single_link_curve(km) / direct_curve(km))

    lo, hi = 50.0, 1500.0
    exact = brentq(gap, lo, hi, xtol=1e-6) if gap(lo) * gap(hi) < 0 else None
    return Crossovers(
        exact,
        crossover_km(single, direct_curve),
        crossover_km(chain, direct_curve),
        crossover_km(chain, single_link_curve),
    )


def _series(axes: Any, figure: Any, points: list[Point], colour: str, label: str, row: int) -> None:
    """Runs with error bars; runs without a pair as downward triangles, tip on the floor
    (lifted by ``row`` marker heights so that two series' zeros at one baseline show)."""
    drawn = [p for p in points if p.error is not None]
    axes.errorbar(
        [p.baseline_km for p in drawn],
        [p.error for p in drawn],
        yerr=[p.stderr for p in drawn],
        color=colour,
        marker="o",
        markersize=4.0,
        linestyle="none",
        capsize=3,
        label=label,
        zorder=3,
    )
    empty = [p.baseline_km for p in points if p.error is None]
    if empty:
        lifted = offset_copy(axes.transData, figure, y=7.0 * (row + 0.5), units="points")
        axes.plot(empty, [FLOOR] * len(empty), "v", ms=7.0, color=colour, transform=lifted)


def draw(path: Path, figure_data: TelescopeFigure, sizes: Sizes) -> None:
    """Draw the figure of ``figure_data`` to ``path``."""
    single, chain = figure_data.single, figure_data.chain
    lo, hi = min(sizes.baselines_km), max(sizes.baselines_km)
    grid = np.linspace(lo, hi, sizes.curve_points)
    figure, axes = plt.subplots(figsize=FIGURE_INCHES)
    axes.plot(
        grid,
        [direct_curve(km) for km in grid],
        color="C0",
        label="direct: starlight through the fibre, 0.2 dB/km (exact)",
    )
    axes.plot(
        grid,
        [single_link_curve(km) for km in grid],
        color="C1",
        linestyle="--",
        label="one single-click link: its rate and pair in closed form (exact)",
    )
    capped = [p.baseline_km for p in single if p.sim_time_s >= sizes.max_link_s * (1 - 1e-9)]
    years = sizes.max_link_s / YEAR_S
    note = (
        f"\n(from {min(capped):g} km on, runs stop at {years:g} years: fewer pairs)"
        if capped
        else ""
    )
    _series(
        axes,
        figure,
        single,
        "C1",
        f"one single-click link: event-driven runs, {sizes.link_pairs} pairs expected a run{note}",
        0,
    )
    _series(
        axes,
        figure,
        chain,
        "C2",
        f"repeater chain of 50 km Barrett-Kok links: event-driven runs, "
        f"{sizes.chain_pairs} pairs a run (no closed form)",
        1,
    )
    cross = figure_data.crossovers
    found = {
        "chain = link": cross.chain_vs_single,
        "chain = direct": cross.chain_vs_direct,
        "link = direct": cross.single_vs_direct,
    }
    for km in found.values():
        if km is not None:
            axes.axvline(km, color="0.5", linestyle=":", lw=1.0)
    listed = ", ".join(f"{name} {km:.0f}" for name, km in found.items() if km is not None)
    if listed:
        axes.plot([], [], color="0.5", linestyle=":", lw=1.0, label=f"crossovers (km): {listed}")
    axes.set_yscale("log")
    axes.set_ylim(bottom=FLOOR)
    axes.set_xlim(0.0, hi + 50.0)
    axes.set_xlabel("baseline between the stations (km)")
    axes.set_ylabel("phase error after 1 s, 1/(V √rate) (rad/√Hz)")
    axes.set_title(
        "Telescope stations joined by entanglement (Gottesman, Jennewein, Croke 2012):\n"
        "atoms in cavities, 1e-3 star photons per mode, 1e6 modes/s",
        fontsize="medium",
    )
    axes.grid(True, which="major", alpha=0.3)
    handles, labels = axes.get_legend_handles_labels()
    if any(p.error is None for p in single + chain):
        handles.append(Line2D([], [], ls="none", marker="v", ms=7.0, color="0.25"))
        labels.append(f"no pair in the run (no rate; {years:g} years), drawn at the axis floor")
    axes.legend(handles, labels, fontsize="x-small", loc="upper left", framealpha=0.85)
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)


def make_figure(out_dir: Path, sizes: Sizes | None = None) -> TelescopeFigure:
    """Run both series, write ``telescope_baseline.png`` into ``out_dir``, return the data."""
    chosen = sizes or Sizes()
    single, chain = single_link_points(chosen), chain_points(chosen)
    data = TelescopeFigure(single, chain, crossovers(single, chain))
    draw(out_dir / "telescope_baseline.png", data, chosen)
    return data


if __name__ == "__main__":
    result = make_figure(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
    for series in ("single", "chain"):
        for point in getattr(result, series):
            print(series, point.baseline_km, point.num_pairs, point.error, point.closed_form)
    print(result.crossovers)
