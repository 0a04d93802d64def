"""Entanglement swapping of two stored pairs in one contraction (the hot path of chains).

:func:`qinternet.physics.maps.swapping.swap_density` spells the Bell measurement out as
gates and projections on the 16x16 joint state (the oracle). Here the four outcome
states of (A, C) come from one contraction of the two 4x4 density matrices:

    sigma_k[a c, a' c'] = sum <B_k|b1 b2> rho1[a b1, a' b1'] rho2[b2 c, b2' c'] <b1' b2'|B_k>

(an outer product and a 4x4 by 4x64 matrix product, about 15 us)

with the same noise model (depolarising gate error on B1 and B2, readout flips that
relabel the outcome index by XOR) and the same outcome order, so the two agree to
rounding (tested).

Bell-diagonal pairs need no contraction: every outcome has probability 1/4 and the
Bell coefficients of (A, C) are Klein-group convolutions (:func:`swap_bell_coefficients`,
the closed form of :func:`~qinternet.physics.maps.swapping.swap_bell_diagonal` on plain
arrays, a few microseconds).

Examples:
    >>> from qinternet.states import werner
    >>> probabilities, states = swap_outcomes(werner(0.9).matrix, werner(0.9).matrix)
    >>> [round(float(p), 12) for p in probabilities]
    [0.25, 0.25, 0.25, 0.25]
    >>> round(float(states[0][0, 0].real + states[0][3, 3].real + 2 * states[0][0, 3].real) / 2, 9)
    0.813333333
    >>> werner_coefficients = np.array([0.9, *(0.1 / 3,) * 3])
    >>> noise = bsm_noise_weights(BsmNoise())
    >>> round(float(swap_bell_coefficients(werner_coefficients, werner_coefficients, noise)[0]), 9)
    0.813333333
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qinternet.physics.maps.swapping import BsmNoise
from qinternet.states import BELL_BASIS

ComplexArray = NDArray[np.complex128]

_BELL_VECTORS = np.ascontiguousarray(BELL_BASIS.T.reshape(4, 2, 2))
"""Bell state k as a 2x2 array of amplitudes <b1 b2|B_k>, order phi+, phi-, psi+, psi-."""
_BELL_ROWS = _BELL_VECTORS.reshape(4, 4)
_XOR = np.bitwise_xor.outer(np.arange(4), np.arange(4))
"""``_XOR[m, j] = m ^ j``: Bell index m shifted by the Pauli of index j (I, Z, X, Y)."""
_PAULIS = (
    np.eye(2, dtype=np.complex128),
    np.array([[0, 1], [1, 0]], dtype=np.complex128),
    np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    np.diag([1.0, -1.0]).astype(np.complex128),
)


def _depolarise(rho: ComplexArray, qubit: int, p: float) -> ComplexArray:
    """rho with qubit ``qubit`` (0 or 1) replaced by I/2 with probability ``p``."""
    tensor = rho.reshape(2, 2, 2, 2)
    traced = np.einsum("abcb->ac", tensor) if qubit == 1 else np.einsum("abad->bd", tensor)
    half = np.eye(2) / 2
    mixed = (
        np.einsum("ac,bd->abcd", traced, half)
        if qubit == 1
        else np.einsum("ac,bd->abcd", half, traced)
    )
    return (1 - p) * rho + p * mixed.reshape(4, 4)


def swap_outcomes(
    first: ComplexArray, second: ComplexArray, noise: BsmNoise | None = None
) -> tuple[NDArray[np.float64], list[ComplexArray]]:
    """Outcome probabilities and normalised (A, C) states of a Bell measurement on
    (B1, B2), for the 4x4 density matrices ``first`` of (A, B1) and ``second`` of (B2, C).

    The arguments are trusted (valid two-qubit density matrices, e.g. read from a
    :class:`~qinternet.sim.storage.QuantumStorage`). Outcome k leaves (A, C) in
    Bell state B_k for ideal phi+ inputs; an outcome of probability below 1e-15 gets
    the maximally mixed state.
    """
    noise = BsmNoise() if noise is None else noise
    if noise.gate_depolarizing > 0.0:
        first = _depolarise(first, 1, noise.gate_depolarizing)
        second = _depolarise(second, 0, noise.gate_depolarizing)
    # Joint operator indexed [(b1 b2), (b1' b2'), (a c a' c')], then <B_k| . |B_k>.
    joint = np.multiply.outer(first.reshape(2, 2, 2, 2), second.reshape(2, 2, 2, 2))
    joint = joint.transpose(1, 4, 3, 6, 0, 5, 2, 7).reshape(4, 64)
    bra_joint = (_BELL_ROWS.conj() @ joint).reshape(4, 4, 16)
    unnormalised = np.einsum("kqr,kq->kr", bra_joint, _BELL_ROWS).reshape(4, 2, 2, 2, 2)
    unnormalised = unnormalised.reshape(4, 4, 4)
    if noise.readout_flip > 0.0:
        flips = noise.index_flip_probabilities()
        unnormalised = np.stack(
            [sum(flips[e] * unnormalised[k ^ e] for e in range(4)) for k in range(4)]
        )
    probabilities = np.clip(np.einsum("kii->k", unnormalised).real, 0.0, None)
    states: list[ComplexArray] = [
        unnormalised[k] / probabilities[k]
        if probabilities[k] > 1e-15
        else np.eye(4, dtype=np.complex128) / 4
        for k in range(4)
    ]
    return probabilities / probabilities.sum(), states


def klein(first: NDArray[np.float64], second: NDArray[np.float64]) -> NDArray[np.float64]:
    """``c_m = sum_j first[m ^ j] second[j]``: the convolution over the Klein group
    Z2 x Z2 (as :func:`~qinternet.physics.maps.swapping.klein_convolution`, on arrays).

    A Pauli channel with probabilities w (in the order I, Z, X, Y) on either qubit of a
    Bell-diagonal state with coefficients c (phi+, phi-, psi+, psi-) leaves
    ``klein(c, w)``: Z, X and Y map Bell index m to m ^ 1, m ^ 2, m ^ 3.
    """
    result: NDArray[np.float64] = first[_XOR] @ second
    return result


def bsm_noise_weights(noise: BsmNoise) -> NDArray[np.float64]:
    """The Klein-group weights by which a noisy Bell measurement shifts the index: the
    depolarising gate error on B1 and on B2 (Pauli weights (1 - 3p/4, p/4, p/4, p/4)
    each) and the readout flips r(e) = ((1-q)^2, q(1-q), q(1-q), q^2).

    Examples:
        >>> [round(float(w), 12) for w in bsm_noise_weights(BsmNoise(readout_flip=0.1))]
        [0.81, 0.09, 0.09, 0.01]
    """
    p = noise.gate_depolarizing
    gate = np.array([1.0 - 0.75 * p, 0.25 * p, 0.25 * p, 0.25 * p])
    flips = np.array(noise.index_flip_probabilities())
    return klein(klein(gate, gate), flips)


def swap_bell_coefficients(
    first: NDArray[np.float64], second: NDArray[np.float64], weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The Bell coefficients of (A, C) after swapping Bell-diagonal pairs with coefficients
    ``first`` (A, B1) and ``second`` (B2, C) by a measurement of noise ``weights``
    (:func:`bsm_noise_weights`), in the Pauli frame of the reported outcome.

    Every outcome k has probability exactly 1/4 (the reduced state of (B1, B2) is I/4);
    before the frame correction the coefficients are ``result[m ^ k]``, m = 0..3.
    """
    return klein(klein(first, second), weights)


def shifted(coefficients: NDArray[np.float64], index: int) -> NDArray[np.float64]:
    """Bell coefficients ``c[m ^ index]``: the state after the Pauli of Bell index
    ``index`` (I, Z, X, Y) on one qubit.

    Examples:
        >>> shifted(np.array([0.7, 0.1, 0.2, 0.0]), 2).tolist()
        [0.2, 0.0, 0.7, 0.1]
    """
    result: NDArray[np.float64] = coefficients[_XOR[index]]
    return result
