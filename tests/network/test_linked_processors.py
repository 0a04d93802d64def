"""Linked processors in scenario files: ``protocol.application`` of ``link_layer``.

Oracle derived here: in the non-local CNOT of Eisert et al. (PRA 62, 052317 (2000))
every error is a Pauli on the output (control c, target t), so the process fidelity is
the probability that their product is the identity. The pair's Bell populations
(phi+, psi+, phi-, psi-) are the errors I, X, Z, Y on Bob's half b: X_b flips t (X_t),
Z_b flips Bob's X read-out (Z_c). Alice's depolarising (probability p, a uniform
two-qubit Pauli on c and her half a): the Pauli on c stays, an X or Y on a flips her Z
read-out (X_t). Bob's: the Pauli on t stays, a Z or Y on b gives Z_c. A wrong bit of
Alice gives X_t, of Bob Z_c. The convolution over the Paulis (bits x_c z_c x_t z_t) is
computed below from the pair's Bell populations alone: the run's gate comes from the
exact Choi state of :func:`~qinternet.physics.applications.distributed.nonlocal_cnot`,
so the tests also show that the pair's coherences between Bell states do not enter.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qinternet.cli.main import main
from qinternet.core.errors import ScenarioError
from qinternet.network import build_scenario, parse_scenario, run_scenario
from qinternet.network.linked import LinkedProcessorsResult
from qinternet.states import bell_state, fidelity, permute

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "transduced_transmon_link.yaml"
BELL = ("phi+", "psi+", "phi-", "psi-")
Bits = tuple[int, int, int, int]


def _convolve(first: dict[Bits, float], second: dict[Bits, float]) -> dict[Bits, float]:
    out: dict[Bits, float] = {}
    for (a, p), (b, q) in itertools.product(first.items(), second.items()):
        key: Bits = (a[0] ^ b[0], a[1] ^ b[1], a[2] ^ b[2], a[3] ^ b[3])
        out[key] = out.get(key, 0.0) + p * q
    return out


def _process_fidelity(populations: list[float], p: float, r: float) -> float:
    pauli = {"I": (0, 0), "X": (1, 0), "Z": (0, 1), "Y": (1, 1)}
    identity: Bits = (0, 0, 0, 0)
    pair = dict(zip([identity, (0, 0, 1, 0), (0, 1, 0, 0), (0, 1, 1, 0)], populations, strict=True))
    alice: dict[Bits, float] = {identity: 1 - p}
    bob: dict[Bits, float] = {identity: 1 - p}
    for first, second in itertools.product("IXYZ", repeat=2):
        xc, zc = pauli[first]
        key_a: Bits = (xc, zc, pauli[second][0], 0)  # first on c, second on a
        alice[key_a] = alice.get(key_a, 0.0) + p / 16
        xt, zt = pauli[second]
        key_b: Bits = (0, pauli[first][1], xt, zt)  # first on b, second on t
        bob[key_b] = bob.get(key_b, 0.0) + p / 16
    flips_a = {identity: 1 - r, (0, 0, 1, 0): r}
    flips_b = {identity: 1 - r, (0, 1, 0, 0): r}
    total = _convolve(_convolve(_convolve(_convolve(pair, alice), bob), flips_a), flips_b)
    return total.get(identity, 0.0)


def _scenario(scheme: dict[str, Any], application: dict[str, Any], **node: Any) -> dict[str, Any]:
    spec = {"num_memories": 2, "emitter": {"max_attempt_rate_hz": 1e4}, **node}
    return {
        "name": "linked",
        "duration_s": 0.02,
        "seed": 11,
        "nodes": [{"name": "A", **spec}, {"name": "B", **spec}],
        "links": [{"nodes": ["A", "B"], "length_m": 200.0, "scheme": scheme}],
        "protocol": {
            "kind": "link_layer",
            "application": {"kind": "nonlocal_cnot", "between": ["A", "B"], **application},
        },
    }


TRANSDUCED = {
    "kind": "transduced",
    "efficiency": 0.7,
    "added_noise_photons": 0.05,
    "bandwidth_hz": 1e6,
}


@pytest.mark.parametrize(("p", "r"), [(0.0, 0.0), (0.02, 0.01), (0.2, 0.1)])
def test_the_gate_follows_from_the_delivered_pair_and_the_local_errors(p: float, r: float) -> None:
    noise = {"cnot_depolarizing": p, "readout_flip": r}
    memory = {"t1_s": 1e-4, "t2_s": 5e-5}
    result = run_scenario(parse_scenario(_scenario(TRANSDUCED, noise, memory=memory)))
    assert isinstance(result, LinkedProcessorsResult)
    report = result.to_json()["application"]
    pair = result.application.pair
    assert pair is not None
    populations = [fidelity(pair, bell_state(name)) for name in BELL]
    expected = _process_fidelity(populations, p, r)
    assert report["process_fidelity"] == pytest.approx(expected, abs=1e-9)
    assert report["average_gate_fidelity"] == pytest.approx((4 * expected + 1) / 5, abs=1e-9)
    # The pair is the mean delivered state: its fidelity is the run's mean fidelity.
    assert report["pair_fidelity"] == pytest.approx(result.fidelity.mean, abs=1e-9)
    assert report["between"] == ["A", "B"]
    assert report["link"] == 0
    assert report["note"] == ""


def test_psi_heralds_are_moved_to_phi_plus_and_the_run_is_unchanged() -> None:
    """Barrett-Kok heralds psi+ and psi-; with the application the delivered pairs are
    the same up to the frame, so the fidelities and draws stay those of the plain run."""
    scheme = {"kind": "barrett_kok", "visibility": 0.9}
    memory = {"t1_s": 1e-3, "t2_s": 5e-4}
    data = _scenario(scheme, {"readout_flip": 0.05}, memory=memory)
    data["nodes"] = [{**node, "emitter": {"max_attempt_rate_hz": 1e5}} for node in data["nodes"]]
    data["links"][0]["num_channels"] = 1  # the same memory pairs with and without the gate
    linked = run_scenario(parse_scenario(data))
    plain = run_scenario(parse_scenario({**data, "protocol": {"kind": "link_layer"}}))
    assert isinstance(linked, LinkedProcessorsResult)
    assert linked.num_pairs == plain.num_pairs > 10
    assert linked.fidelity.mean == pytest.approx(plain.fidelity.mean, abs=1e-12)
    pair = linked.application.pair
    assert pair is not None
    assert fidelity(pair, bell_state("phi+")) == pytest.approx(plain.fidelity.mean, abs=1e-9)
    populations = [fidelity(pair, bell_state(name)) for name in BELL]
    report = linked.to_json()["application"]
    assert report["process_fidelity"] == pytest.approx(
        _process_fidelity(populations, 0.0, 0.05), abs=1e-9
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"nodes": [{"name": "A", "num_memories": 1}, {"name": "B", "num_memories": 2}]},
            "t.yaml: nodes[0].num_memories=1: node 'A' is asked for a non-local gate "
            "(protocol.application) and needs 2 memory qubits, a communication qubit and "
            "a data qubit",
        ),
        (
            {"nodes": [{"name": "A", "num_memories": 3}, {"name": "B"}]},
            "t.yaml: nodes[1].num_memories=1: node 'B'",
        ),
        (
            {"application": {"between": ["A", "C"]}},
            "t.yaml: protocol.application.between names unknown node 'C'",
        ),
        (
            {"application": {"between": ["A", "A"]}},
            "t.yaml: protocol.application.between: asks for a gate from 'A' to itself",
        ),
        (
            {"application": {"cnot_depolarizing": -0.1}},
            "t.yaml: protocol.application.cnot_depolarizing=-0.1",
        ),
        (
            {"application": {"readout_fl1p": 0.1}},
            "t.yaml: protocol.application.readout_fl1p: unknown key; did you mean 'readout_flip'?",
        ),
    ],
)
def test_bad_applications_are_refused_in_one_line_naming_the_field(
    change: dict[str, Any], message: str
) -> None:
    data = _scenario(TRANSDUCED, change.get("application", {}))
    if "nodes" in change:
        data["nodes"] = change["nodes"]
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data, source="t.yaml")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_gate_needs_exactly_one_link_between_its_nodes() -> None:
    data = _scenario(TRANSDUCED, {})
    data["nodes"].append({"name": "C", "num_memories": 2})
    data["links"] = [
        {**data["links"][0], "nodes": ["A", "C"]},
        {**data["links"][0], "nodes": ["C", "B"]},
    ]
    with pytest.raises(ScenarioError, match=r"between=\['A', 'B'\]: no link joins the two"):
        parse_scenario(data, source="t.yaml")
    data["links"] = [data["links"][0], {**data["links"][0], "nodes": ["C", "A"]}]
    data["protocol"]["application"]["between"] = ["A", "C"]
    with pytest.raises(ScenarioError, match=r"links\[0\] and links\[1\] join the two nodes"):
        parse_scenario(data, source="t.yaml")


def test_a_link_of_modes_is_refused_when_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A DLCZ link holds Fock modes, not qubits: validate and run refuse it alike."""
    data = _scenario({"kind": "dlcz"}, {})
    data["nodes"] = [{"name": name, "preset": "cs_ensemble", "num_memories": 2} for name in "AB"]
    file = tmp_path / "modes.json"
    file.write_text(json.dumps(data))
    for command in ("validate", "run"):
        assert main([command, str(file)]) == 2
        error = capsys.readouterr().err.strip()
        assert "links[0].scheme='dlcz': holds modes of dimensions" in error
        assert "protocol.application needs qubit pairs" in error


def test_no_pair_means_no_gate_and_a_note() -> None:
    data = _scenario(TRANSDUCED, {})
    data["duration_s"] = 1e-9
    result = run_scenario(parse_scenario(data))
    report = result.to_json()["application"]
    assert report["process_fidelity"] is None
    assert report["pair_fidelity"] is None
    assert report["note"] == "no pair delivered on links[0], so no gate"


def test_the_cli_prints_the_gate_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--duration-s", "0.001"]) == 0
    out = capsys.readouterr().out
    assert "process F" in out
    assert "average gate F" in out
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "0.001"]) == 0
    report = json.loads(capsys.readouterr().out)["application"]
    assert report["average_gate_fidelity"] == pytest.approx(
        (4 * report["process_fidelity"] + 1) / 5, abs=1e-12
    )
    assert 0.0 < report["process_fidelity"] < report["pair_fidelity"] < 1.0
    assert math.isfinite(report["pair_fidelity"])


def test_the_control_node_holds_the_first_qubit_of_the_pair() -> None:
    forward = run_scenario(parse_scenario(_scenario(TRANSDUCED, {"readout_flip": 0.03})))
    data = _scenario(TRANSDUCED, {"readout_flip": 0.03, "between": ["B", "A"]})
    backward = run_scenario(parse_scenario(data))
    assert isinstance(forward, LinkedProcessorsResult)
    assert isinstance(backward, LinkedProcessorsResult)
    one, other = forward.application.pair, backward.application.pair
    assert one is not None
    assert other is not None
    # The transduced pair is not symmetric (the photon's qubit is damped): swapped here.
    assert not np.allclose(one.matrix, other.matrix, atol=1e-6)
    assert np.allclose(permute(one, [1, 0]).matrix, other.matrix, atol=1e-12)
    assert backward.to_json()["application"]["between"] == ["B", "A"]


def test_the_data_qubit_is_kept_out_of_the_link() -> None:
    """With m memories and one link, the link gets m - 1 memory pairs: its rate is
    (m - 1) pairs per period (a deterministic link), the period the emitters' 0.1 ms."""
    data = _scenario(TRANSDUCED, {}, num_memories=4)
    (config,) = build_scenario(parse_scenario(data)).links
    assert config.num_channels == 3
    assert config.expected_rate_hz == pytest.approx(3 * 1e4, rel=1e-12)
    plain = build_scenario(parse_scenario({**data, "protocol": {"kind": "link_layer"}}))
    assert plain.links[0].num_channels == 4


def test_no_memory_left_for_the_data_qubit_is_refused() -> None:
    data = _scenario(TRANSDUCED, {})
    data["links"][0]["num_channels"] = 2
    with pytest.raises(ScenarioError) as error:
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")
    assert str(error.value) == (
        "t.yaml: links[0].num_channels=2: node 'A' has 2 memories for its links and the "
        "data qubit of protocol.application"
    )
    data = _scenario(TRANSDUCED, {})
    data["nodes"].append({"name": "C", "num_memories": 2})
    data["links"].append({**data["links"][0], "nodes": ["B", "C"]})
    with pytest.raises(ScenarioError, match=r"t.yaml: links\[0\]: its nodes' other links leave"):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")


def test_patterns_of_one_z_frame_join_it_and_two_frames_are_refused() -> None:
    from qinternet.network.applications import _framed
    from qinternet.physics.links import HeraldBranch, LinkOutcome

    def branch(name: str) -> HeraldBranch:
        return HeraldBranch(name, 0.1, bell_state(name).to_density(), bell_state(name), name)

    sequential = _framed(LinkOutcome.from_branches([branch("phi+"), branch("phi-")], 1e-6), "x")
    assert [b.target_name for b in sequential.branches] == ["phi+", "phi+"]
    assert all(b.fidelity == pytest.approx(1.0, abs=1e-12) for b in sequential.branches)
    assert sequential.success_probability == pytest.approx(0.2)
    psi = _framed(LinkOutcome.from_branches([branch("psi-"), branch("psi+")], 1e-6), "x")
    assert psi.target_name == "psi+"
    assert psi.mean_fidelity == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(ScenarioError, match=r"x: heralds \['phi\+', 'psi\+'\]"):
        _framed(LinkOutcome.from_branches([branch("phi+"), branch("psi+")], 1e-6), "x")
