"""Make ``temporal_multiplexing.png``: pair rate of a heralded link with M time-bin modes.

A multimode memory tries ``M`` time-bin modes ``s`` apart per attempt window and keeps
the first heralded one (Simon et al., "Quantum repeaters with photon pair sources and
multimode memories", PRL 98, 190503 (2007), doi:10.1103/PhysRevLett.98.190503; Sangouard
et al., RMP 83, 33 (2011), Sec. VI, doi:10.1103/RevModPhys.83.33). Two panels:

* (a) the pair rate against the link length for M = 1, 10, 100, 1000 at ``s`` = 400 ns;
* (b) the gain ``rate(M) / rate(1)`` against M at three lengths, beside the ideal ``M``.

Simulated points: full event-driven runs (:func:`qinternet.run_scenario`) of a
single-click link built here (two emitters, a station halfway, ``scheme.temporal_modes``
and ``scheme.mode_spacing_s`` set through the scenario model), seeded per point. Each run
lasts ``Sizes.pairs`` (4000) pairs at the closed-form rate, capped at ``Sizes.max_run_s``;
a run without a pair is drawn at the axis floor with a downward triangle.

Closed form, derived here (not taken from the library). One mode: each node emits a
photon into its arm with the bright-state population ``alpha``; arm ``j`` carries it to
the station with ``eta = collection x 10^(-a (L/2) / 10) x detector``. The station
heralds when at least one photon is detected (two photons bunch at one detector, Hong-Ou-
Mandel, so one detector clicks; Cabrillo et al., PRA 59, 1025 (1999)):
``p = 1 - (1 - alpha eta)^2``. The modes are independent trials, the first success in
mode ``k`` has probability ``(1 - p)^(k-1) p``, so a window heralds with
``P_M = sum_k (1 - p)^(k-1) p = 1 - (1 - p)^M``. The single attempt lasts ``T = 2 (L/2)
/ v`` (the photon to the station, the herald back); the window must wait for the last
mode's herald, ``T_M = T + (M - 1) s``; the herald reaches the nodes ``d = L / v`` after
the emission. The link is a renewal process (``sim/link_batch.py``): a pair costs
``K - 1`` failed windows (``K ~ Geometric(P_M)``) and one kept until the herald,
``max(T_M, d)``, so

    rate = 1 / ((1 / P_M - 1) T_M + max(T_M, d))   ( = P_M / T_M here, T_M >= d ).

The gain over one mode is ``(P_M / p) (T / T_M)``: ``M`` while ``M p << 1`` and
``(M - 1) s << T``; it saturates where ``P_M -> 1`` (``M p ~ 1``: at short links, where
``p`` is large) and the window costs rate where ``(M - 1) s ~ T`` (short links, where the
light's round trip is short). Panel (a) marks both lengths on each curve.

Error bars: the cycle of the renewal process has mean ``mu = (1/P - 1) T_M + max(T_M, d)``
and variance ``T_M^2 (1 - P) / P^2``; ``n`` pairs in a run give the rate's relative
standard error ``sqrt(CV^2 / n + 1/n^2)`` (``CV = sd / mu``; the ``1/n`` for the window
the run stops in); a gain's relative errors add in quadrature.

Run from the repository root: ``python docs/make_multiplexing_figure.py [out_dir]`` (a
few seconds; ``out_dir`` defaults to ``docs/``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from scipy.optimize import brentq

from qinternet.network.run import run_scenario
from qinternet.network.scenario import Scenario, parse_scenario

ALPHA = 0.05  # bright-state population of each emitter
COLLECTION = 0.3  # emitter to fibre
DETECTOR_EFFICIENCY = 0.8
DB_PER_KM = 0.2
SPACING_S = 4e-7  # time-bin spacing, the Lago-Rivera et al. (2021) example's estimate
SEED = 2007
FLOOR_HZ = 1e-2  # the rate axis floor (panel a), where runs without a pair are marked
GAIN_FLOOR = 0.5  # the gain axis floor (panel b), where gains without a pair are marked
FIGURE_INCHES, DPI = (12.0, 5.0), 100


def scenario(length_km: float, modes: int, duration_s: float) -> Scenario:
    """The single-click link ``length_km`` long with ``modes`` time-bin modes
    ``SPACING_S`` apart, run ``duration_s``; seeded by length and modes."""
    scheme: dict[str, Any] = {"kind": "single_click", "bright_state_population": ALPHA}
    if modes > 1:
        scheme |= {"temporal_modes": modes, "mode_spacing_s": SPACING_S}
    node = {"emitter": {"collection_efficiency": COLLECTION}}
    return parse_scenario(
        {
            "name": f"single-click link, {length_km:g} km, {modes} temporal modes",
            "seed": SEED + 10_000 * round(10 * length_km) + modes,
            "duration_s": duration_s,
            "nodes": [dict(node, name="A"), dict(node, name="B")],
            "links": [
                {
                    "nodes": ["A", "B"],
                    "length_m": length_km * 1e3,
                    "attenuation_db_per_km": DB_PER_KM,
                    "detector": {"efficiency": DETECTOR_EFFICIENCY, "dark_count_rate_hz": 0.0},
                    "scheme": scheme,
                }
            ],
        }
    )


GROUP_VELOCITY_M_PER_S = scenario(1.0, 1, 1.0).links[0].group_velocity_m_per_s


@dataclass(frozen=True)
class ClosedForm:
    """The module docstring's renewal model at one length and mode count."""

    mode_probability: float  # p, one mode
    window_probability: float  # P_M
    attempt_s: float  # T, one mode
    window_s: float  # T_M
    herald_s: float  # d

    @property
    def cycle_s(self) -> float:
        """Mean time per pair, ``(1/P_M - 1) T_M + max(T_M, d)``."""
        p, window = self.window_probability, self.window_s
        return (1.0 / p - 1.0) * window + max(window, self.herald_s)

    @property
    def rate_hz(self) -> float:
        return 1.0 / self.cycle_s

    @property
    def cycle_cv2(self) -> float:
        """Squared coefficient of variation of the time per pair."""
        p = self.window_probability
        return self.window_s**2 * (1.0 - p) / p**2 / self.cycle_s**2


def mode_probability(length_km: float) -> float:
    """``p = 1 - (1 - alpha eta)^2``, ``eta`` the arm's efficiency to a detection."""
    eta = COLLECTION * 10.0 ** (-DB_PER_KM * length_km / 2.0 / 10.0) * DETECTOR_EFFICIENCY
    return 1.0 - (1.0 - ALPHA * eta) ** 2


def closed_form(length_km: float, modes: int, spacing_s: float = SPACING_S) -> ClosedForm:
    """:class:`ClosedForm` of the link ``length_km`` long with ``modes`` modes."""
    p = mode_probability(length_km)
    window_p = -math.expm1(modes * math.log1p(-p))
    attempt_s = length_km * 1e3 / GROUP_VELOCITY_M_PER_S  # 2 (L/2) / v
    return ClosedForm(p, window_p, attempt_s, attempt_s + (modes - 1) * spacing_s, attempt_s)


def gain(length_km: float, modes: int) -> float:
    """``rate(M) / rate(1)`` in closed form."""
    return closed_form(length_km, modes).rate_hz / closed_form(length_km, 1).rate_hz


def saturation_km(modes: int) -> float | None:
    """The length where ``M p = 1`` (``P_M = 1 - 1/e`` about): shorter links saturate.
    None when ``M p < 1`` at any length (``p`` is at most ``1 - (1 - alpha x collection
    x detector)^2``)."""

    def excess(km: float) -> float:
        return modes * mode_probability(km) - 1.0

    if excess(0.0) <= 0.0:
        return None
    return float(brentq(excess, 0.0, 1e4, xtol=1e-12))


def window_cost_km(modes: int) -> float:
    """The length where ``(M - 1) s = T``: shorter links lose over half their windows'
    time to the modes (the window is twice the single attempt)."""
    return (modes - 1) * SPACING_S * GROUP_VELOCITY_M_PER_S / 1e3


@dataclass(frozen=True)
class Point:
    """One event-driven run: its rate (None without a pair) and standard error."""

    length_km: float
    modes: int
    num_pairs: int
    sim_time_s: float
    rate_hz: float | None
    stderr_hz: float | None
    closed_form_hz: float
    report: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Sizes:
    """Lengths, modes and pairs per point (the defaults take about 3 s).

    Each run lasts ``pairs`` at the closed-form rate, at most ``max_run_s``."""

    lengths_km: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 150.0, 200.0)
    modes: tuple[int, ...] = (1, 10, 100, 1000)
    gain_lengths_km: tuple[float, ...] = (2.0, 20.0, 200.0)
    gain_modes: tuple[int, ...] = (1, 3, 10, 30, 100, 300, 1000)
    pairs: int = 4000
    max_run_s: float = 1e5
    curve_points: int = 200


def run_point(length_km: float, modes: int, sizes: Sizes) -> Point:
    """A seeded run of the link; the rate's error from the module docstring."""
    closed = closed_form(length_km, modes)
    duration = min(sizes.pairs / closed.rate_hz, sizes.max_run_s)
    result = run_scenario(scenario(length_km, modes, duration)).to_json()
    pairs, time_s = result["pairs"], result["sim_time_s"]
    if not pairs:
        return Point(length_km, modes, 0, time_s, None, None, closed.rate_hz, result)
    rate = pairs / time_s
    stderr = rate * math.sqrt(closed.cycle_cv2 / pairs + 1.0 / pairs**2)
    return Point(length_km, modes, pairs, time_s, rate, stderr, closed.rate_hz, result)


@dataclass(frozen=True)
class GainPoint:
    """A simulated gain ``rate(M) / rate(1)`` and its standard error (None: a run
    without a pair), beside the closed form."""

    length_km: float
    modes: int
    gain: float | None
    stderr: float | None
    closed_form: float


def gain_point(multi: Point, single: Point) -> GainPoint:
    closed = multi.closed_form_hz / single.closed_form_hz
    if None in (multi.rate_hz, single.rate_hz, multi.stderr_hz, single.stderr_hz):
        return GainPoint(multi.length_km, multi.modes, None, None, closed)
    assert multi.rate_hz is not None
    assert single.rate_hz is not None
    assert multi.stderr_hz is not None
    assert single.stderr_hz is not None
    value = multi.rate_hz / single.rate_hz
    if multi is single:  # M = 1: the same run, exactly 1
        return GainPoint(multi.length_km, multi.modes, value, 0.0, closed)
    relative = math.hypot(multi.stderr_hz / multi.rate_hz, single.stderr_hz / single.rate_hz)
    return GainPoint(multi.length_km, multi.modes, value, value * relative, closed)


@dataclass(frozen=True)
class MultiplexingFigure:
    """What the figure shows: the runs of panel (a) by (length, modes) and the gains of
    panel (b) by (length, modes)."""

    rates: dict[tuple[float, int], Point]
    gains: dict[tuple[float, int], GainPoint]


def _zeros(axes: Any, xs: list[float] | list[int], colour: str, floor: float) -> None:
    """Runs without a pair: downward triangles on the axis floor."""
    if xs:
        axes.plot(xs, [floor] * len(xs), "v", ms=7.0, color=colour, clip_on=False)


def _runs(
    axes: Any,
    xs: Sequence[float],
    ys: Sequence[float | None],
    errors: Sequence[float | None],
    colour: str,
    label: str | None = None,
) -> None:
    """Event-driven runs as points with their standard errors."""
    axes.errorbar(
        xs, ys, yerr=errors, color=colour, marker="o", ms=4.0, ls="none", capsize=2, label=label
    )


def draw(path: Path, data: MultiplexingFigure, sizes: Sizes) -> None:
    """Draw both panels of ``data`` to ``path``."""
    figure, (left, right) = plt.subplots(1, 2, figsize=FIGURE_INCHES)
    lo, hi = min(sizes.lengths_km), max(sizes.lengths_km)
    grid = np.geomspace(lo, hi, sizes.curve_points)
    for i, modes in enumerate(sizes.modes):
        colour = f"C{i}"
        window_us = (modes - 1) * SPACING_S * 1e6
        left.plot(
            grid,
            [closed_form(km, modes).rate_hz for km in grid],
            color=colour,
            label=f"M = {modes} (window T + {window_us:g} µs): closed form",
        )
        points = [data.rates[(km, modes)] for km in sizes.lengths_km]
        drawn = [p for p in points if p.rate_hz is not None]
        _runs(
            left,
            [p.length_km for p in drawn],
            [p.rate_hz for p in drawn],
            [p.stderr_hz for p in drawn],
            colour,
        )
        _zeros(left, [p.length_km for p in points if p.rate_hz is None], colour, FLOOR_HZ)
        if modes > 1:
            for km, marker in ((saturation_km(modes), "s"), (window_cost_km(modes), "D")):
                if km is not None and lo <= km <= hi:
                    left.plot(
                        km, closed_form(km, modes).rate_hz, marker, ms=8.0, mfc="none", color=colour
                    )
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_ylim(bottom=FLOOR_HZ)
    left.set_xlabel("link length L, station halfway (km)")
    left.set_ylabel("pair rate (Hz)")
    left.set_title(
        f"(a) rate against length, modes {SPACING_S * 1e9:g} ns apart", fontsize="medium"
    )
    handles, labels = left.get_legend_handles_labels()
    short = [p for p in data.rates.values() if p.sim_time_s >= sizes.max_run_s * (1 - 1e-9)]
    capped = f"\n(runs stopped at {sizes.max_run_s:g} s: fewer pairs)" if short else ""
    extra = [
        (
            Line2D([], [], ls="none", marker="o", ms=4.0, color="0.3"),
            f"event-driven runs, {sizes.pairs} pairs expected a run (±1 s.e.){capped}",
        ),
        (
            Line2D([], [], ls="none", marker="s", ms=8.0, mfc="none", color="0.3"),
            "M p = 1: shorter links saturate (P_M → 1)",
        ),
        (
            Line2D([], [], ls="none", marker="D", ms=8.0, mfc="none", color="0.3"),
            "(M - 1) s = T: shorter links pay for the window",
        ),
    ]
    if any(p.rate_hz is None for p in data.rates.values()):
        extra.append(
            (
                Line2D([], [], ls="none", marker="v", ms=7.0, color="0.3"),
                "no pair in the run, drawn at the axis floor",
            )
        )
    for handle, label in extra:
        handles.append(handle)
        labels.append(label)
    left.legend(handles, labels, fontsize="x-small", loc="lower left", framealpha=0.85)
    left.grid(True, which="major", alpha=0.3)

    modes_grid = np.unique(np.geomspace(1, max(sizes.gain_modes), sizes.curve_points).round())
    right.plot(modes_grid, modes_grid, color="0.4", ls=":", label="ideal: gain = M")
    for i, km in enumerate(sizes.gain_lengths_km):
        colour = f"C{i + 4}"
        right.plot(
            modes_grid,
            [gain(km, int(m)) for m in modes_grid],
            color=colour,
            label=f"L = {km:g} km: closed form (P_M / p)(T / T_M)",
        )
        gains = [data.gains[(km, m)] for m in sizes.gain_modes]
        shown = [g for g in gains if g.gain is not None]
        _runs(
            right,
            [g.modes for g in shown],
            [g.gain for g in shown],
            [g.stderr for g in shown],
            colour,
            label=f"L = {km:g} km: event-driven runs",
        )
        _zeros(right, [g.modes for g in gains if g.gain is None], colour, GAIN_FLOOR)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_ylim(bottom=GAIN_FLOOR)
    right.set_xlabel("temporal modes per window M")
    right.set_ylabel("gain in pair rate, rate(M) / rate(1)")
    right.set_title("(b) gain against modes", fontsize="medium")
    handles, labels = right.get_legend_handles_labels()
    if any(g.gain is None for g in data.gains.values()):
        handles.append(Line2D([], [], ls="none", marker="v", ms=7.0, color="0.3"))
        labels.append("a run without a pair: no gain, drawn at the axis floor")
    right.legend(handles, labels, fontsize="x-small", loc="upper left", framealpha=0.85)
    right.grid(True, which="major", alpha=0.3)
    figure.suptitle(
        f"Temporal multiplexing of a single-click link (alpha = {ALPHA:g}, "
        f"{DB_PER_KM:g} dB/km, collection {COLLECTION:g}, detector {DETECTOR_EFFICIENCY:g})",
        fontsize="medium",
    )
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)


def make_figure(out_dir: Path, sizes: Sizes | None = None) -> MultiplexingFigure:
    """Run both panels' points, write ``temporal_multiplexing.png`` into ``out_dir``."""
    chosen = sizes or Sizes()
    wanted = {(km, m) for km in chosen.lengths_km for m in chosen.modes}
    wanted |= {(km, m) for km in chosen.gain_lengths_km for m in (1, *chosen.gain_modes)}
    rates = {key: run_point(*key, chosen) for key in sorted(wanted)}
    gains = {
        (km, m): gain_point(rates[(km, m)], rates[(km, 1)])
        for km in chosen.gain_lengths_km
        for m in chosen.gain_modes
    }
    data = MultiplexingFigure(rates, gains)
    draw(out_dir / "temporal_multiplexing.png", data, chosen)
    return data


if __name__ == "__main__":
    result = make_figure(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
    for (km, m), point in sorted(result.rates.items()):
        print(
            f"{km:g} km M={m}: {point.num_pairs} pairs, rate {point.rate_hz} "
            f"± {point.stderr_hz} Hz, closed form {point.closed_form_hz} Hz"
        )
    for (km, m), g in sorted(result.gains.items()):
        print(f"gain {km:g} km M={m}: {g.gain} ± {g.stderr}, closed form {g.closed_form}")
    for m in (10, 100, 1000):
        print(f"M={m}: M p = 1 at {saturation_km(m)} km, (M-1) s = T at {window_cost_km(m):.3g} km")
