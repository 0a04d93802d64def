"""``examples/linked_siv_processors.py``: the non-local CNOT over the Knaut 2024 link.

Closed form of the process fidelity (derived here, independent of the Choi-state
computation of ``nonlocal_cnot``). In the protocol of Eisert et al. (Alice: CNOT c -> a,
Z read-out of a; Bob: X on b if Alice's bit is 1, CNOT b -> t, X read-out of b; Alice: Z
on c if Bob's bit is 1) every error source ends as a Pauli on the data qubits (c, t):

* pair component (I x sigma)|phi+>: phi+ -> I; psi+ (X on b acts as a wrong bit) -> X_t;
  phi- (Z on b flips Bob's X read-out) -> Z_c; psi- -> Z_c X_t;
* Alice's depolarising after her CNOT, each two-qubit Pauli (P_c, P_a) with probability
  p/16 (identity 1 - p + p/16): P_c stays on c; an X or Y on a flips her Z read-out -> X_t;
* Alice's read-out flip -> X_t; Bob's read-out flip -> Z_c;
* Bob's depolarising after his CNOT, (P_b, P_t): P_t stays on t; Z or Y on b flips his
  X read-out -> Z_c.

Different Paulis on (c, t) take the CNOT's Choi state to orthogonal states, so with the
pair's Bell populations r_i and the local errors combined (independent, so their Pauli
labels add mod 2),

    F_pro = sum_i r_i Prob(local errors combine to Q_i),

coherences between Bell components never reaching the overlap. To first order this is
F_pair (1 - 7 p_A / 8)(1 - 7 p_B / 8)(1 - f_A)(1 - f_B).
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.network.build import build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_built
from qinternet.network.scenario import load_scenario
from qinternet.physics.applications.distributed import ProcessorNoise, nonlocal_cnot
from qinternet.physics.links import HeraldBranch, LinkOutcome
from qinternet.states import DensityMatrix, bell_state

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "linked_siv_processors.py"
DURATION_S = 200.0

# A Pauli on (c, t) as bits (x_c, z_c, x_t, z_t).
Label = tuple[int, int, int, int]
IDENTITY: Label = (0, 0, 0, 0)
BELL_ERRORS: dict[str, Label] = {
    "phi+": IDENTITY,
    "psi+": (0, 0, 1, 0),
    "phi-": (0, 1, 0, 0),
    "psi-": (0, 1, 1, 0),
}
PAULI_BITS = {"I": (0, 0), "X": (1, 0), "Y": (1, 1), "Z": (0, 1)}


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("linked_siv_processors", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def combine(*sources: Iterable[tuple[Label, float]]) -> dict[Label, float]:
    """Distribution of the mod-2 sum of independent Pauli labels."""
    total = {IDENTITY: 1.0}
    for source in sources:
        step: dict[Label, float] = {}
        for (label, p), (other, q) in itertools.product(total.items(), list(source)):
            key = (
                (label[0] + other[0]) % 2,
                (label[1] + other[1]) % 2,
                (label[2] + other[2]) % 2,
                (label[3] + other[3]) % 2,
            )
            step[key] = step.get(key, 0.0) + p * q
        total = step
    return total


def alice_depolarising(p: float) -> list[tuple[Label, float]]:
    out = []
    for (x_c, z_c), (x_a, z_a) in itertools.product(PAULI_BITS.values(), repeat=2):
        weight = p / 16 + (1 - p) * ((x_c, z_c, x_a, z_a) == IDENTITY)
        out.append(((x_c, z_c, x_a, 0), weight))
    return out


def bob_depolarising(p: float) -> list[tuple[Label, float]]:
    out = []
    for (x_b, z_b), (x_t, z_t) in itertools.product(PAULI_BITS.values(), repeat=2):
        weight = p / 16 + (1 - p) * ((x_b, z_b, x_t, z_t) == IDENTITY)
        out.append(((0, z_b, x_t, z_t), weight))
    return out


def closed_form(pair: DensityMatrix, alice: ProcessorNoise, bob: ProcessorNoise) -> float:
    local = combine(
        alice_depolarising(alice.cnot_depolarizing),
        [(IDENTITY, 1 - alice.readout_flip), ((0, 0, 1, 0), alice.readout_flip)],
        bob_depolarising(bob.cnot_depolarizing),
        [(IDENTITY, 1 - bob.readout_flip), ((0, 1, 0, 0), bob.readout_flip)],
    )
    total = 0.0
    for name, label in BELL_ERRORS.items():
        vector = bell_state(name).vector
        population = float(np.real(vector.conj() @ pair.matrix @ vector))
        total += population * local.get(label, 0.0)
    return total


def test_closed_form_against_the_choi_state_computation() -> None:
    rng = np.random.default_rng(7)
    raw = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    noise = raw @ raw.conj().T
    rho = 0.8 * bell_state("phi+").to_density().matrix + 0.2 * noise / np.trace(noise)
    pair = DensityMatrix(rho, dims=(2, 2))  # coherences between all Bell components
    alice = ProcessorNoise(cnot_depolarizing=0.05, readout_flip=0.03)
    bob = ProcessorNoise(cnot_depolarizing=0.02, readout_flip=0.07)
    gate = nonlocal_cnot(pair, alice=alice, bob=bob)
    assert gate.process_fidelity == pytest.approx(closed_form(pair, alice, bob), abs=1e-12)
    assert gate.average_gate_fidelity == pytest.approx((4 * gate.process_fidelity + 1) / 5)


def test_the_phi_plus_frame_changes_no_delivered_fidelity() -> None:
    script = load_script()
    scenario = load_scenario(script.SCENARIO).model_copy(update={"duration_s": DURATION_S})
    built = build_scenario(scenario, source=str(script.SCENARIO))
    plain = run_built(built)
    framed = run_built(script.in_phi_plus_frame(built))
    assert isinstance(plain, ScenarioResult)
    assert isinstance(framed, ScenarioResult)
    assert plain.links[0].statistics.state is None  # two targets: no mean state
    assert framed.num_pairs == plain.num_pairs > 20
    assert framed.fidelity.mean == pytest.approx(plain.fidelity.mean, rel=1e-12)
    state = framed.links[0].statistics.state
    assert state is not None
    phi = bell_state("phi+").vector
    assert float(np.real(phi.conj() @ state.matrix @ phi)) == pytest.approx(
        framed.fidelity.mean, rel=1e-12
    )


def test_printed_gate_fidelities_match_the_closed_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = load_script()
    assert script.main(["--duration-s", str(DURATION_S)]) == 0
    printed = capsys.readouterr().out
    numbers = {
        key: float(value)
        for key, value in re.findall(r"^(.*?): ([0-9.]+)$", printed, flags=re.MULTILINE)
    }
    pair, _ = script.delivered_pair(DURATION_S)  # the same seed: the same pairs
    node = script.SIV_NODE
    expected = closed_form(pair, node, node)
    assert numbers["non-local CNOT process fidelity"] == pytest.approx(expected, abs=1e-8)
    assert numbers["non-local CNOT average gate fidelity"] == pytest.approx(
        (4 * expected + 1) / 5, abs=1e-8
    )
    # First order: the pair's fidelity times one factor per local error.
    pair_fidelity = numbers["pair fidelity <phi+|rho|phi+>"]
    p, f = node.cnot_depolarizing, node.readout_flip
    product = pair_fidelity * (1 - 7 * p / 8) ** 2 * (1 - f) ** 2
    assert abs(expected - product) <= (2 * p + 2 * f + (1 - pair_fidelity)) ** 2


def test_only_z_frame_targets_are_taken_to_phi_plus() -> None:
    script = load_script()
    branch = HeraldBranch("A", 0.1, bell_state("psi+").to_density(), bell_state("psi+"), "psi+")
    with pytest.raises(InvalidParameterError, match="target_name"):
        script.phi_plus_frame(LinkOutcome.from_branches([branch], 1e-6))
