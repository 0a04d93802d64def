"""Teleportation: perfect resources, the Werner average (2F+1)/3, Pauli frames, noise."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.physics.applications import (
    PAULI_EIGENSTATES,
    average_teleportation_fidelity,
    teleport,
)
from qinternet.physics.maps.swapping import BsmNoise
from qinternet.states import BellDiagonal, Ket, bell_state, random_density, random_ket, werner


@pytest.mark.parametrize("seed", range(4))
def test_perfect_resource_teleports_any_state(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for state in (random_ket((2,), rng=rng), random_density((2,), rng=rng)):
        result = teleport(state, bell_state("phi+"))
        assert abs(result.fidelity - 1.0) < 1e-12
        assert np.allclose(result.outcome_probabilities, 0.25, atol=1e-12)
        assert np.max(np.abs(result.output.matrix - state.to_density().matrix)) < 1e-12


@pytest.mark.parametrize("f", [0.25, 0.5, 0.7, 0.9, 1.0])
def test_werner_average_fidelity(f: float) -> None:
    assert abs(average_teleportation_fidelity(werner(f)) - (2 * f + 1) / 3) < 1e-9
    # Werner resources give a depolarising channel: every input has the same fidelity.
    psi = random_ket((2,), rng=np.random.default_rng(1))
    assert abs(teleport(psi, werner(f)).fidelity - (2 * f + 1) / 3) < 1e-9


def test_pauli_eigenstates_are_exact_for_the_haar_average() -> None:
    # Bell-diagonal but non-Werner resource: F_avg = (2 F + 1)/3 still holds (Horodecki
    # 1999) with F the fidelity with phi+; also equal to a brute-force average over a dense
    # Fibonacci sphere to its quadrature error (~1e-5 for 2000 points).
    resource = BellDiagonal((0.8, 0.15, 0.05, 0.0))
    exact = average_teleportation_fidelity(resource)
    assert abs(exact - (2 * 0.8 + 1) / 3) < 1e-12
    rho = random_density((2, 2), rng=np.random.default_rng(4))
    n = 2000
    k = np.arange(n) + 0.5
    theta, phi = np.arccos(1 - 2 * k / n), np.pi * (1 + 5**0.5) * k
    kets = [
        Ket(np.array([np.cos(t / 2), np.exp(1j * p) * np.sin(t / 2)]))
        for t, p in zip(theta, phi, strict=True)
    ]
    brute = np.mean([teleport(psi, rho).fidelity for psi in kets])
    assert abs(average_teleportation_fidelity(rho) - brute) < 1e-4
    assert len(PAULI_EIGENSTATES) == 6


@pytest.mark.parametrize("frame", ["phi-", "psi+", "psi-"])
def test_frames(frame: str) -> None:
    resource = bell_state(frame)
    assert abs(average_teleportation_fidelity(resource, frame=frame) - 1.0) < 1e-12
    # Without the frame Bob's output is a Pauli-rotated state: average 1/3 ((2*0 + 1)/3).
    assert abs(average_teleportation_fidelity(resource) - 1 / 3) < 1e-12


def test_measurement_noise() -> None:
    q, p = 0.1, 0.2
    readout = average_teleportation_fidelity(bell_state("phi+"), BsmNoise(readout_flip=q))
    assert abs(readout - (2 * (1 - q) ** 2 + 1) / 3) < 1e-12
    # Depolarising S (prob p) is a depolarising channel on the output; depolarising A is the
    # resource with one qubit depolarised: F_e = (1 - 3p/4)^2 + 3 (p/4)^2 overall.
    gate = average_teleportation_fidelity(bell_state("phi+"), BsmNoise(gate_depolarizing=p))
    f_e = (1 - 0.75 * p) ** 2 + 3 * (p / 4) ** 2
    assert abs(gate - (2 * f_e + 1) / 3) < 1e-12


def test_bad_inputs() -> None:
    with pytest.raises(InvalidStateError, match=r"resource=.*must be a two-qubit state"):
        teleport(
            random_ket((2,), rng=np.random.default_rng(0)),
            random_density((2,), rng=np.random.default_rng(0)),
        )
    with pytest.raises(InvalidStateError, match=r"input_state=.*one-qubit"):
        teleport(bell_state("phi+"), bell_state("phi+"))
    with pytest.raises(InvalidParameterError, match=r"frame='chi'"):
        teleport(random_ket((2,), rng=np.random.default_rng(0)), werner(0.9), frame="chi")
