"""A scheme's ``temporal_modes``: the rate of a multimode link, its pairs, its refusals.

The rate is checked against the renewal model of :mod:`qinternet.sim.link_batch`,
derived here from the link's geometry alone: a Barrett-Kok attempt succeeds with
p = eta^2 / 2 (eta = emission x fibre x detector per arm) in two rounds of one photon
round trip 2 L_arm / v each (Barrett & Kok 2005), one window of M modes with
P = 1 - (1 - p)^M, a window lasts T = 2 x 2 L_arm / v + (M - 1) x spacing (the last
mode's two rounds), the herald takes d = 2 L_arm / v, and a channel delivers one pair
per (1/P - 1) T + max(T, d).
"""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qinternet.cli.main import main
from qinternet.core.rng import child_generators
from qinternet.network import build_scenario
from qinternet.network.run import run_scenario
from qinternet.network.scenario import parse_scenario
from qinternet.sim.link_process import simulate_links
from qinternet.sweep.paths import ParameterPath

NUM_SIGMA = 5.0
ARM_M = 5_000.0
V_M_PER_S = 2.0e8
EMISSION, DETECTOR, DB_PER_KM = 0.75, 0.8, 0.2


def scenario_data(scheme: dict[str, Any], *, duration_s: float = 0.5) -> dict[str, Any]:
    node = {"emitter": {"emission_efficiency": EMISSION}}
    return {
        "name": "multimode",
        "seed": 7,
        "duration_s": duration_s,
        "nodes": [{"name": "A", **node}, {"name": "B", **node}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": 2 * ARM_M,
                "attenuation_db_per_km": DB_PER_KM,
                "detector": {"efficiency": DETECTOR, "dark_count_rate_hz": 0.0},
                "scheme": scheme,
            }
        ],
    }


@pytest.mark.parametrize(("modes", "spacing_s", "channels"), [(8, 1e-6, 1), (40, 5e-6, 2)])
def test_rate_is_the_renewal_rate_of_multimode_windows(
    modes: int, spacing_s: float, channels: int
) -> None:
    """Temporal modes and memory pairs in parallel (``num_channels``) multiply."""
    scheme = {"kind": "barrett_kok", "temporal_modes": modes, "mode_spacing_s": spacing_s}
    data = scenario_data(scheme)
    for node in data["nodes"]:
        node["num_memories"] = channels
    result = run_scenario(parse_scenario(data))
    stats = result.links[0].statistics  # type: ignore[union-attr]
    eta = EMISSION * 10 ** (-DB_PER_KM * ARM_M / 1e3 / 10) * DETECTOR
    p = eta**2 / 2
    success = 1 - (1 - p) ** modes
    round_trip_s = 2 * ARM_M / V_M_PER_S
    window_s = 2 * round_trip_s + (modes - 1) * spacing_s
    hold_s = max(window_s, round_trip_s) - window_s
    expected_hz = channels / (window_s / success + hold_s)
    assert stats.num_pairs > 1000  # enough pairs for the bound to bite
    assert abs(stats.rate_hz - expected_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    # One mode would deliver p per two round trips: far (20 standard errors) away.
    single_hz = channels * p / (2 * round_trip_s)
    assert abs(stats.rate_hz - single_hz) > 4 * NUM_SIGMA * stats.rate_stderr_hz


def run_json(scheme: dict[str, Any]) -> dict[str, Any]:
    return run_scenario(parse_scenario(scenario_data(scheme, duration_s=0.05))).to_json()


def test_one_mode_gives_the_pairs_of_no_field() -> None:
    plain = run_json({"kind": "single_click", "bright_state_population": 0.1})
    one = run_json({"kind": "single_click", "bright_state_population": 0.1, "temporal_modes": 1})
    spaced = run_json(
        {
            "kind": "single_click",
            "bright_state_population": 0.1,
            "temporal_modes": 1,
            "mode_spacing_s": 1e-3,
        }
    )
    plain.pop("wall_s", None)
    for other in (one, spaced):
        other.pop("wall_s", None)
        assert other == plain
    assert plain["links"][0]["pairs"] > 50


@pytest.mark.parametrize("kind", ["barrett_kok", "single_click", "dlcz", "photonic_server"])
def test_both_routes_give_the_same_pairs_with_many_modes(kind: str) -> None:
    """A photonic server is a station-heralded scheme with its own arm per node."""
    scheme: dict[str, Any] = {"kind": kind, "temporal_modes": 16, "mode_spacing_s": 2e-6}
    if kind == "single_click":
        scheme["bright_state_population"] = 0.1
    if kind in ("dlcz", "photonic_server"):
        scheme.update(kind="dlcz", excitation_probability=0.02)
    data = scenario_data(scheme, duration_s=0.05)
    if kind == "photonic_server":
        del data["links"][0]["length_m"]
        data["links"][0]["arm_lengths_m"] = [1_000.0, 9_000.0]
    for node in data["nodes"]:
        node["num_memories"] = 2
        if scheme["kind"] != "dlcz":  # qubits that decohere while the herald travels
            node["memory"] = {"t1_s": 0.1, "t2_s": 1e-3}
    built = build_scenario(parse_scenario(data))
    results = []
    for route in ("events", "batch"):
        results.append(
            simulate_links(
                list(built.links),
                memories={n: node.memory for n, node in built.nodes.items()},
                num_slots={n: node.num_memories for n, node in built.nodes.items()},
                ensembles={n: node.ensemble for n, node in built.nodes.items()},
                duration_s=data["duration_s"],
                rngs=child_generators(7, len(built.links)),
                route=route,
            )[0]
        )
    events, batch = results
    assert events.num_pairs > 100
    assert batch.num_pairs == events.num_pairs
    assert batch.waiting_time_s == events.waiting_time_s
    assert batch.num_attempts == events.num_attempts
    assert batch.rate_hz == events.rate_hz
    assert math.isclose(batch.fidelity.mean, events.fidelity.mean, rel_tol=1e-9)
    assert events.fidelity.mean < 1.0 or scheme["kind"] == "dlcz"


def test_a_sweep_path_sets_the_modes() -> None:
    data = scenario_data({"kind": "barrett_kok"})
    ParameterPath.parse("links.0.scheme.temporal_modes").assign(data, 10)
    ParameterPath.parse("links.0.scheme.mode_spacing_us").assign(data, 2.0)
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.period_s == pytest.approx(4 * ARM_M / V_M_PER_S + 9 * 2e-6, rel=1e-12)


def validate(tmp_path: Path, data: dict[str, Any]) -> tuple[int, str]:
    import yaml

    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(path)])
    return code, err.getvalue()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"temporal_modes": 0, "mode_spacing_s": 1e-6}, "temporal_modes=0"),
        ({"temporal_modes": 2.5, "mode_spacing_s": 1e-6}, "temporal_modes=2.5"),
        ({"temporal_modes": True, "mode_spacing_s": 1e-6}, "temporal_modes=True"),
        ({"temporal_modes": "4", "mode_spacing_s": 1e-6}, "temporal_modes='4'"),
        ({"temporal_modes": 10**7, "mode_spacing_s": 1e-9}, "temporal_modes=10000000"),
        ({"temporal_modes": 4, "mode_spacing_s": 0.0}, "mode_spacing_s=0"),
        ({"temporal_modes": 4, "mode_spacing_s": -1e-6}, "mode_spacing_s=-1e-06"),
        ({"temporal_modes": 4}, "mode_spacing_s is needed"),
        ({"temporal_modes": 1000, "mode_spacing_s": 0.01}, "temporal_modes x mode_spacing_s"),
    ],
)
def test_bad_modes_are_refused_in_one_line(
    tmp_path: Path, fields: dict[str, Any], named: str
) -> None:
    code, err = validate(tmp_path, scenario_data({"kind": "barrett_kok", **fields}))
    assert code == 2
    assert err.count("\n") == 1
    assert "links[0].scheme" in err
    assert named in err


@pytest.mark.parametrize("example", ["atom_cavity_state_transfer.yaml", "yin_2017_micius.yaml"])
@pytest.mark.parametrize("field", ["temporal_modes", "mode_spacing_s"])
def test_schemes_without_heralded_attempts_refuse_the_fields(
    tmp_path: Path, example: str, field: str
) -> None:
    import yaml

    examples = Path(__file__).resolve().parents[2] / "examples"
    data = yaml.safe_load((examples / example).read_text())
    data["links"][0]["scheme"][field] = 4 if field == "temporal_modes" else 1e-6
    code, err = validate(tmp_path, data)
    assert code == 2
    assert err.count("\n") == 1
    kind = data["links"][0]["scheme"]["kind"]
    assert f"links[0].scheme: {field}: the {kind!r} scheme takes no temporal modes" in err


def test_the_example_gains_what_its_modes_promise() -> None:
    """The example's link, with and without its 62 modes: the window count per second
    is the emitters' 40 kHz either way, so the rate grows by P(62) / p."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    from qinternet.network import load_scenario

    scenario = load_scenario(examples / "multimode_memories_link.yaml")
    (many,) = build_scenario(scenario).links
    data = scenario.model_dump(exclude_none=True)
    del data["links"][0]["scheme"]["temporal_modes"], data["links"][0]["scheme"]["mode_spacing_s"]
    (one,) = build_scenario(parse_scenario(data)).links
    p = one.outcome.success_probability
    assert one.period_s == many.period_s == pytest.approx(1 / 4.0e4, rel=1e-12)
    assert many.outcome.success_probability == pytest.approx(1 - (1 - p) ** 62, rel=1e-12)
    assert many.expected_rate_hz / one.expected_rate_hz == pytest.approx(
        (1 - (1 - p) ** 62) / p, rel=1e-12
    )
    assert np.array_equal(many.outcome.heralded_state.matrix, one.outcome.heralded_state.matrix)
