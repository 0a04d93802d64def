"""Telescope arrays in scenario files: ``application: {kind: telescope}`` of ``link_layer``.

Closed forms derived here (Gottesman, Jennewein, Croke, PRL 109, 070503 (2012)):

* Assisted visibility. A Werner pair of fidelity F is F phi+ + (1 - F)/3 (psi+ + phi- +
  psi-). Station B's X (phi+ -> psi+) leaves weight F on psi+ and (1 - F)/3 on psi-
  inside the single-excitation block {|10>, |01>}: its population is F + (1 - F)/3 =
  (2F + 1)/3 and its coherence <10|rho|01> = (F - (1 - F)/3)/2 = (4F - 1)/6. The parity
  fringe of an event (one photon at each station) has visibility |g| 2|coherence| /
  population = |g| (4F - 1)/(2F + 1).
* Direct visibility. B's amplitude reaches A damped by sqrt(t) against A's 1: the
  fringe of a photon found at A has visibility 2 sqrt(t)/(1 + t) times |g|, and that
  photon arrives with probability (1 + t)/2 (a star photon is at either station with
  probability 1/2), t = 10^(-attenuation x length / 10).
* Event rates. Each pair serves one of the mode_rate_hz modes, so min(pair rate, mode
  rate) modes a second carry a pair; a mode holds a star photon with probability n
  (n << 1: at most one), the pair's single-excitation population times 1/2 gives one
  photon at each station, and both are detected (efficiency squared). The direct one:
  mode rate x n x (1 + t)/2 x efficiency.
* Phase error. One parity with P(+1) = (1 + V cos x)/2 carries Fisher information
  V^2 sin^2 x / (1 - V^2 cos^2 x), at most V^2 (x = pi/2); N = rate x T events give
  1/(V sqrt(rate T)) at best (Cramer-Rao): 1/(V sqrt(rate)) after one second.

The link: a ``transduced`` scheme of efficiency 1 whose heralded state is replaced by a
Werner state (``heralded_fidelity``), nodes with ideal memories and an attempt rate of
100 Hz: deterministic, one pair per 10 ms whatever the length (the 400 km flight takes 2
ms), so the pair rate is 100 Hz.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from qinternet.cli.main import main
from qinternet.network import build_scenario, parse_scenario, run_scenario
from qinternet.network.linked import LinkedProcessorsResult
from qinternet.network.telescope import TelescopeReport

if TYPE_CHECKING:  # the shared checks' types (tests/network/conftest.py)
    from conftest import StrictJson

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "telescope_two_stations.yaml"
ATTEMPT_RATE_HZ = 100.0
DURATION_S = 1.0


def _scenario(length_m: float = 1e3, fidelity: float = 0.9, **application: Any) -> dict[str, Any]:
    node = {"emitter": {"max_attempt_rate_hz": ATTEMPT_RATE_HZ}}
    return {
        "name": "telescope",
        "duration_s": DURATION_S,
        "seed": 5,
        "nodes": [{"name": "A", **node}, {"name": "B", **node}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": length_m,
                "attenuation_db_per_km": 0.2,
                "heralded_fidelity": fidelity,
                "scheme": {"kind": "transduced", "efficiency": 1.0, "bandwidth_hz": 1e6},
            }
        ],
        "protocol": {
            "kind": "link_layer",
            "application": {
                "kind": "telescope",
                "between": ["A", "B"],
                "star_photons_per_mode": 0.01,
                "mode_rate_hz": 1e6,
                **application,
            },
        },
    }


def _report(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The run's ``application`` entry and its number of pairs."""
    result = run_scenario(parse_scenario(data)).to_json()
    return result["application"], result["pairs"]


def _werner_visibility(fidelity: float, coherence: float) -> float:
    return coherence * (4 * fidelity - 1) / (2 * fidelity + 1)


def _transmission(length_m: float, attenuation_db_per_km: float = 0.2) -> float:
    return 10 ** (-attenuation_db_per_km * length_m / 1e3 / 10)


@pytest.mark.parametrize(("fidelity", "coherence"), [(0.9, 1.0), (0.75, 0.6), (0.5, 0.3)])
def test_the_assisted_visibility_of_a_werner_pair(fidelity: float, coherence: float) -> None:
    report, pairs = _report(_scenario(fidelity=fidelity, source_coherence=coherence))
    assert pairs == round(ATTEMPT_RATE_HZ * DURATION_S)
    # Ideal memories deliver the heralded Werner state unchanged.
    assert report["pair_fidelity"] == pytest.approx(fidelity, abs=1e-12)
    expected = _werner_visibility(fidelity, coherence)
    assert report["assisted_visibility"] == pytest.approx(expected, rel=1e-12)


def test_psi_heralds_reach_the_stations_in_the_phi_plus_frame() -> None:
    """Barrett-Kok with ideal devices heralds pure psi+ or psi-; moved to phi+ and then
    to psi+ by B's X, the single-excitation block is pure: V = |g|. (Left as psi, B's X
    would give phi, with no single-excitation part: V = 0.)"""
    data = _scenario(source_coherence=0.7)
    link = data["links"][0]
    del link["heralded_fidelity"]
    link["scheme"] = {"kind": "barrett_kok"}
    data["duration_s"] = 10.0
    report, pairs = _report(data)
    assert pairs > 0
    assert report["pair_fidelity"] == pytest.approx(1.0, abs=1e-12)
    assert report["assisted_visibility"] == pytest.approx(0.7, abs=1e-12)


@pytest.mark.parametrize("geometry", ["length", "arms"])
def test_the_direct_visibility_uses_the_fibre_of_the_link(geometry: str) -> None:
    data = _scenario(length_m=60e3, source_coherence=0.8)
    link = data["links"][0]
    link["attenuation_db_per_km"] = 0.25
    if geometry == "arms":  # a photonic server: 20 km + 40 km of fibre through it
        del link["length_m"]
        link["arm_lengths_m"] = [20e3, 40e3]
        link["scheme"] = {"kind": "barrett_kok"}
        data["duration_s"] = 100.0
    report, _ = _report(data)
    t = 10 ** (-0.25 * 60 / 10)  # 15 dB
    assert report["baseline_m"] == pytest.approx(60e3)
    assert report["direct_transmission"] == pytest.approx(t, rel=1e-12)
    assert report["direct_visibility"] == pytest.approx(0.8 * 2 * math.sqrt(t) / (1 + t), rel=1e-12)


@pytest.mark.parametrize(
    ("mode_rate_hz", "efficiency", "coherence"),
    [(1e6, 1.0, 1.0), (1e6, 0.8, 0.9), (50.0, 0.9, 1.0)],  # the last: fewer modes than pairs
)
def test_the_phase_errors_follow_from_the_event_rates(
    mode_rate_hz: float, efficiency: float, coherence: float
) -> None:
    fidelity, photons, length_m = 0.85, 0.01, 30e3
    data = _scenario(
        length_m=length_m,
        fidelity=fidelity,
        mode_rate_hz=mode_rate_hz,
        detector_efficiency=efficiency,
        source_coherence=coherence,
        star_photons_per_mode=photons,
    )
    report, pairs = _report(data)
    pair_rate = pairs / DURATION_S
    t = _transmission(length_m)
    population = (2 * fidelity + 1) / 3
    assisted_rate = min(pair_rate, mode_rate_hz) * photons * population / 2 * efficiency**2
    direct_rate = mode_rate_hz * photons * (1 + t) / 2 * efficiency
    v_assisted = _werner_visibility(fidelity, coherence)
    v_direct = coherence * 2 * math.sqrt(t) / (1 + t)
    assert report["pair_rate_hz"] == pytest.approx(ATTEMPT_RATE_HZ, rel=1e-12)
    assert report["assisted_rate_hz"] == pytest.approx(assisted_rate, rel=1e-12)
    assert report["direct_rate_hz"] == pytest.approx(direct_rate, rel=1e-12)
    assert report["assisted_error_rad_sqrt_s"] == pytest.approx(
        1 / (v_assisted * math.sqrt(assisted_rate)), rel=1e-12
    )
    assert report["direct_error_rad_sqrt_s"] == pytest.approx(
        1 / (v_direct * math.sqrt(direct_rate)), rel=1e-12
    )


def test_direct_wins_short_baselines_and_assisted_long_ones() -> None:
    """The errors are equal where 1/(V_a^2 R_a) = 1/(V_d^2 R_d); with the forms above
    (|g| = efficiency = 1, R pairs a second below the mode rate M):
    V_a^2 R p / 2 = 4t/(1 + t)^2 x M (1 + t)/2, i.e. t* = V_a^2 R p / (4M - V_a^2 R p)
    (p the population (2F + 1)/3), a baseline L* = -10 log10(t*) / 0.2 dB/km."""
    fidelity, mode_rate = 0.9, 1e6
    v2rp = _werner_visibility(fidelity, 1.0) ** 2 * ATTEMPT_RATE_HZ * (2 * fidelity + 1) / 3
    t_star = v2rp / (4 * mode_rate - v2rp)
    crossover_m = -10 * math.log10(t_star) / 0.2 * 1e3
    assert 200e3 < crossover_m < 300e3  # 235 km: both runs below stay within 10 ms
    errors = {}
    for length_m in (crossover_m / 2, crossover_m * 1.5):
        report, _ = _report(_scenario(length_m=length_m, fidelity=fidelity))
        t = _transmission(length_m)
        assisted = 1 / math.sqrt(v2rp * 0.01 / 2)
        direct = 1 / math.sqrt(4 * t / (1 + t) ** 2 * mode_rate * 0.01 * (1 + t) / 2)
        assert report["assisted_error_rad_sqrt_s"] == pytest.approx(assisted, rel=1e-12)
        assert report["direct_error_rad_sqrt_s"] == pytest.approx(direct, rel=1e-12)
        assert (direct > assisted) == (t < t_star)
        errors[length_m] = report["better"]
    assert list(errors.values()) == ["direct", "assisted"]


def test_a_telescope_needs_no_data_qubit() -> None:
    """One memory per node suffices, and the link keeps all its memory pairs (a gate
    would keep one memory per node out of it)."""
    data = _scenario()
    data["nodes"] = [{**node, "num_memories": 3} for node in data["nodes"]]
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.num_channels == 3
    one = _scenario()
    assert all("num_memories" not in node for node in one["nodes"])  # default: 1
    report, pairs = _report(one)
    assert pairs == 100
    assert report["note"] == ""


def test_no_pair_gives_nulls_and_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    data = _scenario()
    data["duration_s"] = 1e-6  # before the first herald (5 us of fibre)
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, LinkedProcessorsResult)
    assert isinstance(result.application, TelescopeReport)
    report = result.to_json()["application"]
    for key in ("pair_fidelity", "assisted_visibility", "direct_visibility", "better"):
        assert report[key] is None
    assert report["assisted_error_rad_sqrt_s"] is None
    assert report["note"] == "no pair delivered on links[0], so no assisted interferometer"
    assert report["direct_transmission"] == pytest.approx(_transmission(1e3), rel=1e-12)


def test_no_usable_event_is_null_not_infinite() -> None:
    """|g| = 0 (a fully resolved source): both visibilities 0, no phase information, an
    infinite error: null in the JSON, and neither interferometer better."""
    report, _ = _report(_scenario(source_coherence=0.0))
    assert report["assisted_visibility"] == 0.0
    assert report["direct_visibility"] == 0.0
    assert report["assisted_error_rad_sqrt_s"] is None
    assert report["direct_error_rad_sqrt_s"] is None
    assert report["better"] is None
    assert report["note"] == "assisted and direct interferometers: no usable events"
    one, _ = _report(_scenario(detector_efficiency=0.0))
    assert one["assisted_rate_hz"] == one["direct_rate_hz"] == 0.0
    assert one["note"] == "assisted and direct interferometers: no usable events"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"star_photons_per_mode": 0.0}, "protocol.application.star_photons_per_mode=0.0"),
        ({"star_photons_per_mode": 1.0}, "protocol.application.star_photons_per_mode=1.0"),
        ({"star_photons_per_mode": -1e-3}, "protocol.application.star_photons_per_mode=-0.001"),
        ({"mode_rate_hz": 0.0}, "protocol.application.mode_rate_hz=0.0"),
        ({"mode_rate_hz": -1.0}, "protocol.application.mode_rate_hz=-1.0"),
        ({"source_coherence": 1.5}, "protocol.application.source_coherence=1.5"),
        ({"source_coherence": -0.1}, "protocol.application.source_coherence=-0.1"),
        ({"detector_efficiency": 2.0}, "protocol.application.detector_efficiency=2.0"),
        ({"between": ["A", "C"]}, "protocol.application.between names unknown node 'C'"),
        (
            {"between": ["A", "A"]},
            "protocol.application.between: asks for an interferometer from 'A' to itself",
        ),
        (
            {"mode_rate_hzz": 1.0},
            "protocol.application.mode_rate_hzz: unknown key; did you mean 'mode_rate_hz'?",
        ),
        ({"star_photons_per_mode": None}, "protocol.application.star_photons_per_mode"),
        ({"kind": "telescop"}, "protocol.application.kind='telescop': must be one of"),
    ],
)
def test_bad_telescopes_are_refused_in_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], message: str
) -> None:
    data = _scenario()
    data["protocol"]["application"].update(change)
    if change.get("star_photons_per_mode", 0.0) is None:
        del data["protocol"]["application"]["star_photons_per_mode"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"qinternet validate: error: {bad}: {message}")


def test_stations_without_a_link_between_them_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _scenario()
    data["nodes"].append({"name": "C"})
    data["links"][0]["nodes"] = ["A", "C"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["validate", str(bad)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"qinternet validate: error: {bad}: protocol.application.between=['A', 'B']: "
        "no link joins the two nodes"
    )


def test_the_example_runs_to_finite_strict_json(
    capsys: pytest.CaptureFixture[str], strict_json: StrictJson
) -> None:
    assert main(["run", str(EXAMPLE), "--json"]) == 0
    result = strict_json(capsys.readouterr().out)
    report = result["application"]
    assert report["kind"] == "telescope"
    assert result["pairs"] > 50
    # The example's claim, from its own numbers: t = 10^(-0.2 x 550 / 10) = 1e-11.
    t = 1e-11
    assert report["direct_transmission"] == pytest.approx(t, rel=1e-9)
    direct_rate = 1e6 * 1e-3 * (1 + t) / 2 * 0.9
    direct_error = 1 / (2 * math.sqrt(t) / (1 + t) * math.sqrt(direct_rate))
    assert report["direct_error_rad_sqrt_s"] == pytest.approx(direct_error, rel=1e-9)
    assert report["assisted_error_rad_sqrt_s"] < direct_error
    assert report["better"] == "assisted"
    # No pair in a short run: nulls, the run's warning, still strict JSON.
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "1"]) == 0
    short = strict_json(capsys.readouterr().out)
    assert short["pairs"] == 0
    assert short["application"]["assisted_error_rad_sqrt_s"] is None
    assert "links A-B: no pair delivered, so no fidelity" in short["warnings"]


def test_the_table_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.console import Console
    from rich.measure import Measurement

    from qinternet.cli.run_tables import result_table

    result = run_scenario(parse_scenario(_scenario(length_m=400e3)))
    console = Console(width=80)
    table = result_table(result).build(compact=False)
    assert Measurement.get(console, console.options, table).maximum <= 80
    with console.capture() as capture:
        console.print(table)
    lines = capture.get().splitlines()
    assert max(len(line) for line in lines) <= 80
    assisted = next(line for line in lines if line.lstrip().startswith("assisted"))
    assert "pair F 0.9000" in assisted
    assert "assisted better" in capture.get()


def test_the_stations_may_be_named_in_either_order() -> None:
    """The transduced pair is not symmetric (the sender's qubit is damped), but the
    interferometer is: 2|rho_{10,01}| and the single-excitation population are unchanged
    when the qubits swap (the coherence only conjugates)."""
    data = _scenario(length_m=20e3)
    del data["links"][0]["heralded_fidelity"]
    data["nodes"] = [{**node, "memory": {"t1_s": 1e-3, "t2_s": 5e-4}} for node in data["nodes"]]
    forward, _ = _report(data)
    data["protocol"]["application"]["between"] = ["B", "A"]
    backward, _ = _report(data)
    assert backward["between"] == ["B", "A"]
    assert forward["pair_fidelity"] < 1.0 - 1e-3
    for key in ("pair_fidelity", "assisted_visibility", "assisted_error_rad_sqrt_s"):
        assert backward[key] == pytest.approx(forward[key], rel=1e-12)
