"""Applications at the ends of a repeater chain: ``protocol: {kind: chain, application: ...}``.

Closed forms derived here:

* A Werner pair of fidelity F is w |phi+><phi+| + (1 - w) I/4 with w = (4F - 1)/3. A
  noiseless Bell measurement on two Werner pairs w1, w2 teleports one through the other:
  each pair's white-noise part stays white (a Pauli frame maps I/4 to I/4) and the
  phi+ parts join, so the joined pair (after its Pauli correction) is Werner with
  w = w1 w2. A chain of Werner links w_i with ideal swaps and memories that do not
  decohere delivers every pair in the same Werner state, w = prod w_i, F = (1 + 3w)/4,
  in any swap order; a cut-off only discards pairs. So the mean delivered state is that
  state however long the run (compared to 1e-9, the summing of identical matrices
  being the only error).
* Assisted visibility of a Werner pair (tests/network/test_telescope_application.py):
  V = |g| (4F - 1)/(2F + 1); its single-excitation population (2F + 1)/3.
* Direct fibre along the chain: each link's transmission t_i = 10^(-a_i L_i / 10 km), a
  photon crosses all of them, t = prod t_i.
* Rates and errors (GJC 2012): assisted events min(R, M) n p eta^2 / 2, direct events
  M n (1 + t)/2 eta, error 1 / (V sqrt(events)) (R pair rate, M mode rate, n photons per
  mode, p population, eta detector efficiency); direct V = |g| 2 sqrt(t)/(1 + t).
* A bound from the mean fidelity alone: in the phi+ frame F = (p + 2 Re rho_{00,11})/2
  with p = rho_{00,00} + rho_{11,11}, so V = 2|rho_{00,11}|/p >= (2F - p)/p, and
  V sqrt(p) >= (2F - p)/sqrt(p) >= 2F - 1 (decreasing in p <= 1). Hence the assisted
  error is at most 1 / ((2F - 1) sqrt(min(R, M) n eta^2 / 2)) when F > 1/2, and a single
  link's at least 1 / sqrt(R_link n eta^2 / 2) (V <= 1, p <= 1).
* Non-local CNOT (Eisert et al., PRA 62, 052317 (2000)) through a Bell-diagonal pair with
  ideal local operations: each non-phi+ component applies a distinct non-identity Pauli
  after the CNOT, so the process fidelity is the phi+ weight, F.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from qinternet.cli.main import main
from qinternet.network import build_scenario, parse_scenario, run_scenario
from qinternet.network.files import read_yaml
from qinternet.network.linked import ChainApplicationResult

if TYPE_CHECKING:  # the shared checks' types (tests/network/conftest.py)
    from conftest import Refusal, StrictJson

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "telescope_repeater_chain.yaml"
NAMES = ("A", "B", "C", "D", "E")
FIDELITIES = (0.95, 0.9, 0.97, 0.92)
DURATION_S = 1.0


def _chain(
    lengths_m: tuple[float, ...] = (10e3,) * 4,
    attenuations: tuple[float, ...] = (0.2,) * 4,
    **application: Any,
) -> dict[str, Any]:
    node = {"num_memories": 2, "emitter": {"max_attempt_rate_hz": 1000.0}}
    links = [
        {
            "nodes": [a, b],
            "length_m": length,
            "attenuation_db_per_km": attenuation,
            "heralded_fidelity": fidelity,
            "scheme": {"kind": "barrett_kok"},
        }
        for a, b, fidelity, length, attenuation in zip(
            NAMES[:-1], NAMES[1:], FIDELITIES, lengths_m, attenuations, strict=True
        )
    ]
    return {
        "name": "chain telescope",
        "duration_s": DURATION_S,
        "seed": 7,
        "nodes": [{"name": name, **node} for name in NAMES],
        "links": links,
        "protocol": {
            "kind": "chain",
            "application": {
                "kind": "telescope",
                "between": ["A", "E"],
                "star_photons_per_mode": 0.01,
                "mode_rate_hz": 1e6,
                **application,
            },
        },
    }


def _run(data: dict[str, Any]) -> dict[str, Any]:
    return run_scenario(parse_scenario(data)).to_json()


def _werner_end_fidelity() -> float:
    w = math.prod((4 * f - 1) / 3 for f in FIDELITIES)
    return (1 + 3 * w) / 4


def _werner_visibility(fidelity: float, coherence: float) -> float:
    return coherence * (4 * fidelity - 1) / (2 * fidelity + 1)


@pytest.mark.parametrize(
    ("between", "coherence", "protocol"),
    [
        (["A", "E"], 1.0, {}),
        (["E", "A"], 0.6, {}),
        (["A", "E"], 0.8, {"policy": "asap"}),
        (["A", "E"], 1.0, {"cutoff_s": 0.005}),  # discards pairs: 163 delivered, not 191
    ],
)
def test_the_assisted_visibility_of_a_werner_chain(
    between: list[str], coherence: float, protocol: dict[str, Any]
) -> None:
    data = _chain(between=between, source_coherence=coherence)
    data["protocol"].update(protocol)
    result = _run(data)
    report = result["application"]
    fidelity = _werner_end_fidelity()  # 0.77028
    assert result["pairs"] > 20
    assert report["link"] is None
    assert report["between"] == between
    assert report["pair_fidelity"] == pytest.approx(fidelity, abs=1e-9)
    assert result["fidelity_mean"] == pytest.approx(fidelity, abs=1e-9)
    expected = _werner_visibility(fidelity, coherence)
    assert report["assisted_visibility"] == pytest.approx(expected, abs=1e-9)


def test_purification_keeps_the_mean_pair_of_the_chain() -> None:
    """Purified links are no Werner pairs, but the fidelity is linear in the state: the
    report's pair fidelity (of the mean state) is the run's mean fidelity."""
    data = _chain()
    data["nodes"] = [{**node, "num_memories": 4} for node in data["nodes"]]
    data["protocol"].update(purification_rounds=1, cutoff_s=0.05)
    result = _run(data)
    assert result["pairs"] > 10
    report = result["application"]
    assert report["pair_fidelity"] == pytest.approx(result["fidelity_mean"], abs=1e-12)
    assert report["pair_fidelity"] > _werner_end_fidelity()  # purification helps
    assert report["note"] == ""


def test_the_direct_fibre_runs_along_the_whole_chain() -> None:
    lengths = (20e3, 35e3, 15e3, 50e3)
    attenuations = (0.2, 0.25, 0.3, 0.18)
    report = _run(_chain(lengths, attenuations, source_coherence=0.9))["application"]
    t = math.prod(
        10 ** (-a * length / 1e3 / 10) for a, length in zip(attenuations, lengths, strict=True)
    )
    assert report["baseline_m"] == pytest.approx(sum(lengths), rel=1e-12)
    assert report["direct_transmission"] == pytest.approx(t, rel=1e-12)
    assert report["direct_visibility"] == pytest.approx(0.9 * 2 * math.sqrt(t) / (1 + t), rel=1e-12)


@pytest.mark.parametrize(("mode_rate_hz", "efficiency"), [(1e6, 0.8), (50.0, 0.9)])
def test_the_phase_errors_follow_from_the_chain_s_rate(
    mode_rate_hz: float, efficiency: float
) -> None:
    lengths = (30e3, 30e3, 40e3, 40e3)
    photons = 0.01
    result = _run(
        _chain(
            lengths,
            mode_rate_hz=mode_rate_hz,
            detector_efficiency=efficiency,
            star_photons_per_mode=photons,
        )
    )
    report = result["application"]
    pair_rate = result["pairs"] / DURATION_S
    assert report["pair_rate_hz"] == pytest.approx(pair_rate, rel=1e-12)
    fidelity = _werner_end_fidelity()
    population = (2 * fidelity + 1) / 3
    assisted_rate = min(pair_rate, mode_rate_hz) * photons * population / 2 * efficiency**2
    t = 10 ** (-0.2 * sum(lengths) / 1e3 / 10)
    direct_rate = mode_rate_hz * photons * (1 + t) / 2 * efficiency
    v_assisted = _werner_visibility(fidelity, 1.0)
    v_direct = 2 * math.sqrt(t) / (1 + t)
    assert report["assisted_rate_hz"] == pytest.approx(assisted_rate, rel=1e-9)
    assert report["direct_rate_hz"] == pytest.approx(direct_rate, rel=1e-12)
    assert report["assisted_error_rad_sqrt_s"] == pytest.approx(
        1 / (v_assisted * math.sqrt(assisted_rate)), rel=1e-9
    )
    assert report["direct_error_rad_sqrt_s"] == pytest.approx(
        1 / (v_direct * math.sqrt(direct_rate)), rel=1e-12
    )


def test_a_non_local_cnot_at_the_ends_of_a_chain() -> None:
    data = _chain()
    data["protocol"]["application"] = {"kind": "nonlocal_cnot", "between": ["E", "A"]}
    report = _run(data)["application"]
    fidelity = _werner_end_fidelity()
    assert report["link"] is None
    assert report["process_fidelity"] == pytest.approx(fidelity, abs=1e-9)
    assert report["average_gate_fidelity"] == pytest.approx((4 * fidelity + 1) / 5, abs=1e-9)


def test_a_gate_keeps_one_data_qubit_at_each_end() -> None:
    """Ends with 3 memories, repeaters with 6: a telescope runs 3 chain copies (an end
    gives one memory per copy, a repeater two); a gate keeps one memory of each end for
    its data qubit, leaving 2 copies."""
    data = _chain()
    data["nodes"] = [
        {**node, "num_memories": 3 if node["name"] in ("A", "E") else 6} for node in data["nodes"]
    ]
    chain = build_scenario(parse_scenario(data)).chain
    assert chain is not None
    assert chain.num_channels == 3
    data["protocol"]["application"] = {"kind": "nonlocal_cnot", "between": ["A", "E"]}
    chain = build_scenario(parse_scenario(data)).chain
    assert chain is not None
    assert chain.num_channels == 2


def test_no_pair_gives_nulls_and_a_note() -> None:
    data = _chain()
    data["duration_s"] = 1e-4  # before the first end-to-end pair
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, ChainApplicationResult)
    report = result.to_json()["application"]
    assert result.num_pairs == 0
    assert report["assisted_visibility"] is None
    assert report["note"] == "no pair delivered on the chain, so no assisted interferometer"


def test_sweeps_record_the_application_columns() -> None:
    from qinternet.sweep.worker import summarise

    built = build_scenario(parse_scenario(_chain()))
    from qinternet.network.run import run_built

    values = summarise(run_built(built), built)
    fidelity = _werner_end_fidelity()
    visibility = values["application.assisted_visibility"]
    assert isinstance(visibility, float)
    assert visibility == pytest.approx(_werner_visibility(fidelity, 1.0), abs=1e-9)
    assert values["application.better"] in ("assisted", "direct")


def test_the_example_beats_direct_fibre_and_a_single_link(
    capsys: pytest.CaptureFixture[str], strict_json: StrictJson
) -> None:
    assert main(["run", str(EXAMPLE), "--json"]) == 0
    result = strict_json(capsys.readouterr().out)
    report = result["application"]
    assert result["protocol"] == "chain"
    assert result["nodes"] == ["A", "B"]
    photons, modes, efficiency = 1e-3, 1e6, 0.9
    # Direct: 1200 km at 0.2 dB/km.
    t = 10 ** (-0.2 * 1200 / 10)
    assert report["baseline_m"] == pytest.approx(1.2e6, rel=1e-12)
    assert report["direct_transmission"] == pytest.approx(t, rel=1e-9)
    direct_rate = modes * photons * (1 + t) / 2 * efficiency
    direct_error = 1 / (2 * math.sqrt(t) / (1 + t) * math.sqrt(direct_rate))
    assert report["direct_error_rad_sqrt_s"] == pytest.approx(direct_error, rel=1e-9)
    # Assisted: bounded from the run's rate and mean fidelity (see the module).
    pair_rate = result["pairs"] / result["sim_time_s"]
    fidelity = result["fidelity_mean"]
    assert fidelity - 0.5 > 0.01
    bound = 1 / (
        (2 * fidelity - 1) * math.sqrt(min(pair_rate, modes) * photons * efficiency**2 / 2)
    )
    assert report["assisted_error_rad_sqrt_s"] <= bound * (1 + 1e-9)
    assert bound < direct_error
    # A single link of the two-station example over the same 1200 km (its predicted rate).
    single = read_yaml(EXAMPLES / "telescope_two_stations.yaml")
    single["links"][0]["length_m"] = 1200e3
    (link,) = build_scenario(parse_scenario(single)).links
    single_error = 1 / math.sqrt(link.expected_rate_hz * photons * efficiency**2 / 2)
    assert bound < single_error
    assert report["better"] == "assisted"
    # No pair in a short run: nulls, still strict JSON.
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "0.01"]) == 0
    short = strict_json(capsys.readouterr().out)
    assert short["pairs"] == 0
    assert short["application"]["assisted_error_rad_sqrt_s"] is None
    assert short["application"]["note"] == (
        "no pair delivered on the chain, so no assisted interferometer"
    )


def test_the_tables_print_the_chain_then_the_telescope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rich.console import Console
    from rich.measure import Measurement

    from qinternet.cli.run_tables import result_table

    result = run_scenario(parse_scenario(_chain()))
    console = Console(width=80)
    table = result_table(result).build(compact=False)
    assert Measurement.get(console, console.options, table).maximum <= 80
    with console.capture() as capture:
        console.print(table)
    text = capture.get()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.index("repeater chain (nested)") < text.index("telescope A-E from the mean")
    assert "pair of the chain" in text
    assisted = next(line for line in text.splitlines() if line.lstrip().startswith("assisted"))
    assert f"pair F {_werner_end_fidelity():.4f}" in assisted


@pytest.mark.parametrize(
    ("between", "message"),
    [
        (
            ["A", "C"],
            "protocol.application.between=['A', 'C']: on a chain an interferometer uses "
            "its end-to-end pairs, between its ends ['A', 'E']",
        ),
        (
            ["B", "D"],
            "protocol.application.between=['B', 'D']: on a chain an interferometer uses "
            "its end-to-end pairs, between its ends ['A', 'E']",
        ),
        (["A", "F"], "protocol.application.between names unknown node 'F'"),
        (
            ["E", "E"],
            "protocol.application.between: asks for an interferometer from 'E' to itself",
        ),
    ],
)
def test_a_chain_application_between_other_nodes_is_refused(
    between: list[str], message: str, refused: Refusal
) -> None:
    data = _chain(between=between)
    assert refused(data).startswith(message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "telescop"}, "protocol.application.kind='telescop': must be one of"),
        (
            {"mode_rate_hzz": 1.0},
            "protocol.application.mode_rate_hzz: unknown key; did you mean 'mode_rate_hz'?",
        ),
        ({"mode_rate_hz": -1.0}, "protocol.application.mode_rate_hz=-1.0"),
        ({"source_coherence": 1.5}, "protocol.application.source_coherence=1.5"),
    ],
)
def test_bad_chain_telescopes_are_refused_naming_the_field(
    change: dict[str, Any], message: str, refused: Refusal
) -> None:
    data = _chain()
    data["protocol"]["application"].update(change)
    assert refused(data).startswith(message)


def test_a_gate_needs_memories_at_the_ends(refused: Refusal) -> None:
    data = _chain()
    data["protocol"]["application"] = {"kind": "nonlocal_cnot", "between": ["A", "E"]}
    one = copy.deepcopy(data)
    one["nodes"][4]["num_memories"] = 1
    assert refused(one).startswith(
        "nodes[4].num_memories=1: node 'E' is asked for a non-local gate"
    )
    many = copy.deepcopy(data)
    many["protocol"]["num_channels"] = 2  # the ends' 2 memories: one data, one for a copy
    assert refused(many).startswith(
        "protocol.num_channels=2: a repeater needs two memories per chain copy and an end "
        "node one (times 2^purification_rounds = 1); an end node keeps one more for "
        "protocol.application's data qubit; the nodes allow 1"
    )


def test_purification_and_cutoffs_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _chain()
    data["nodes"] = [{**node, "num_memories": 4} for node in data["nodes"]]
    data["protocol"].update(purification_rounds=1, cutoff_s=0.05, policy="nested")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data))
    assert main(["validate", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
