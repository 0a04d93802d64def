"""The ``transduced`` scheme in scenario files: built, simulated, swept, refused.

Closed forms derived here (see tests/physics/test_transducer.py for the path):
eta = eta_t^2 T_f, n = eta_t N (1 + eta_t T_f), T_f = 10^(-0.2 L[km] / 10); the pair
is half of phi+ through the four Kraus operators of the transducer module, so
F = (1 - n)(1 + sqrt(eta))^2 / 4 + n / 4 (sum of |tr K|^2 / 4). The memories decay as
amplitude damping (gamma = 1 - exp(-t/T1)) followed by dephasing that brings the
coherence to exp(-t/T2), written out below with their Kraus operators. One transfer per
photon window 10 / (2 pi B) plus the round trip 2 L / v, or per the nodes' cycle.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from qinternet.cli.main import main
from qinternet.core.errors import ScenarioError
from qinternet.network import build_scenario, parse_scenario, run_scenario
from qinternet.network.results import ScenarioResult
from qinternet.states import apply_kraus, bell_state, fidelity
from qinternet.sweep.store import load_results

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "transduced_transmon_link.yaml"
SCHEME = {"kind": "transduced", "efficiency": 0.6, "added_noise_photons": 0.1, "bandwidth_hz": 2e6}


def _scenario(length_m: float, node: dict[str, Any], **scheme: Any) -> dict[str, Any]:
    return {
        "name": "transduced",
        "duration_s": 2e-3,
        "seed": 4,
        "nodes": [{"name": "A", **node}, {"name": "B", **node}],
        "links": [{"nodes": ["A", "B"], "length_m": length_m, "scheme": {**SCHEME, **scheme}}],
    }


def _transfer_kraus(eta_t: float, noise: float, length_m: float) -> list[np.ndarray]:
    fibre = 10 ** (-0.2 * length_m / 1e3 / 10)
    eta, n = eta_t**2 * fibre, eta_t * noise * (1 + eta_t * fibre)
    keep = math.sqrt(1 - n)
    return [
        np.array([[keep, 0], [0, keep * math.sqrt(eta)]], dtype=complex),
        np.array([[0, keep * math.sqrt(1 - eta)], [0, 0]], dtype=complex),
        np.array([[0, 0], [math.sqrt(n), 0]], dtype=complex),
        np.array([[0, 0], [0, math.sqrt(n)]], dtype=complex),
    ]


def _decay(t: float, t1: float, t2: float) -> list[np.ndarray]:
    gamma = 1 - math.exp(-t / t1)
    damping = [np.diag([1, math.sqrt(1 - gamma)]), np.array([[0, math.sqrt(gamma)], [0, 0]])]
    rest = math.exp(-t / t2) / math.exp(-t / (2 * t1))
    dephasing = [np.diag([1, rest]), np.diag([0, math.sqrt(1 - rest**2)])]
    return [(d @ a).astype(complex) for a in damping for d in dephasing]


def _closed_form(eta_t: float, noise: float, length_m: float) -> float:
    fibre = 10 ** (-0.2 * length_m / 1e3 / 10)
    eta, n = eta_t**2 * fibre, eta_t * noise * (1 + eta_t * fibre)
    return (1 - n) * (1 + math.sqrt(eta)) ** 2 / 4 + n / 4


@pytest.mark.parametrize("length_m", [0.0, 2e3, 25e3])
def test_ideal_memories_deliver_the_closed_form_at_the_transfer_rate(length_m: float) -> None:
    result = run_scenario(parse_scenario(_scenario(length_m, {})))
    assert isinstance(result, ScenarioResult)
    (link,) = result.links
    expected = _closed_form(0.6, 0.1, length_m)
    assert link.predicted_fidelity == pytest.approx(expected, abs=1e-12)
    assert link.statistics.fidelity.mean == pytest.approx(expected, abs=1e-9)
    period_s = 10 / (2 * math.pi * 2e6) + 2 * length_m / 2e8
    assert link.predicted_rate_hz == pytest.approx(1 / period_s, rel=1e-12)
    # Deterministic: one pair per period, the last ones still in flight at the end.
    assert abs(link.statistics.num_pairs - 2e-3 / period_s) <= 2


def test_transmon_memories_decay_during_the_flight_and_the_acknowledgement() -> None:
    """Node A's qubit waits for the photon's flight and the acknowledgement, 2 L / v;
    node B's for the acknowledgement, L / v. The nodes' 20 us cycle sets the rate."""
    length_m, t1, t2 = 1e3, 10e-6, 8e-6
    node = {"preset": "transmon", "memory": {"t1_s": t1, "t2_s": t2}}
    result = run_scenario(parse_scenario(_scenario(length_m, node)))
    assert isinstance(result, ScenarioResult)
    flight = length_m / 2e8
    state = apply_kraus(bell_state("phi+"), _transfer_kraus(0.6, 0.1, length_m), [1])
    state = apply_kraus(state, _decay(2 * flight, t1, t2), [0])
    state = apply_kraus(state, _decay(flight, t1, t2), [1])
    stats = result.links[0].statistics
    assert stats.fidelity.mean == pytest.approx(fidelity(state, bell_state("phi+")), abs=1e-9)
    assert abs(stats.num_pairs - 2e-3 * 50e3) <= 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"added_noise_photons": -0.1}, "links[0].scheme.added_noise_photons=-0.1"),
        ({"efficiency": 1.2}, "links[0].scheme.efficiency=1.2"),
        ({"bandwidth_hz": 0.0}, "links[0].scheme.bandwidth_hz=0.0"),
        ({"added_noise": 0.1}, "links[0].scheme.added_noise: unknown key; did you mean"),
    ],
)
def test_bad_transducers_are_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(_scenario(10.0, {}, **change), source="t.yaml")
    assert str(error.value).startswith(f"t.yaml: {field}")
    assert "\n" not in str(error.value)


def test_a_transduced_link_needs_a_length_not_a_station() -> None:
    data = _scenario(10.0, {})
    data["links"][0] = {**data["links"][0], "length_m": None, "arm_lengths_m": [5.0, 5.0]}
    with pytest.raises(ScenarioError, match="scheme 'transduced' needs length_m"):
        parse_scenario(data)


def test_the_sender_memory_reaches_the_link_function() -> None:
    node = {"memory": {"t1_s": 1e-5, "t2_s": 1e-5}}
    (config,) = build_scenario(parse_scenario(_scenario(2e3, node))).links
    state = apply_kraus(bell_state("phi+"), _transfer_kraus(0.6, 0.1, 2e3), [1])
    state = apply_kraus(state, _decay(2e3 / 2e8, 1e-5, 1e-5), [0])
    assert config.outcome.fidelity == pytest.approx(fidelity(state, bell_state("phi+")))


def test_a_sweep_over_distance_runs_the_example(tmp_path: Path) -> None:
    argv = ["sweep", str(EXAMPLE), "--vary", "distance_km=0.1,5", "--duration-s", "0.001"]
    assert main([*argv, "--processes", "1", "--out", str(tmp_path), "--quiet"]) == 0
    frame: pd.DataFrame = load_results(tmp_path).sort_values("distance_km")
    assert list(frame["distance_km"]) == [0.1, 5.0]
    # The delivered fidelity falls with the distance: fibre loss and memory decay.
    near, far = frame["links.0.fidelity_mean"]
    assert near > far


def test_the_example_runs_and_reports_its_closed_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "0.001"]) == 0
    summary = json.loads(capsys.readouterr().out)
    (link,) = summary["links"]
    fibre = 10 ** (-0.2 * 0.1 / 10)
    eta, n = 0.25 * fibre, 0.5 * 0.05 * (1 + 0.5 * fibre)
    flight = 100.0 / 2e8
    state = apply_kraus(bell_state("phi+"), _transfer_kraus(0.5, 0.05, 100.0), [1])
    state = apply_kraus(state, _decay(flight, 10e-6, 10e-6), [0])
    assert link["predicted_fidelity"] == pytest.approx(fidelity(state, bell_state("phi+")))
    assert (1 - n) * (1 + math.sqrt(eta)) ** 2 / 4 + n / 4 > link["predicted_fidelity"]
