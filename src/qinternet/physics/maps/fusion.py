"""Multipartite states across nodes: GHZ fusion of pairs and GHZ states, W states by splitting.

**Fusion** (the clock-free map). Two qubits at one node, ``keep`` and ``measure``: a CNOT
(``keep`` controls), a Z measurement of ``measure``, and an X on the qubits ``correct``
(the far side of the measured qubit's state) when the outcome is 1. On
GHZ_a (x) GHZ_b with ``keep`` in a and ``measure`` in b, the CNOT writes the parity
a XOR b on ``measure``; outcome 0 keeps |0..0>|0..0> + |1..1>|1..1>, outcome 1 keeps
|0..0>|1..1> + |1..1>|0..0>, which the X corrections on b map back: GHZ_(a+b-1) either
way. A Bell pair is GHZ_2, so:

- :func:`ghz_from_pairs`: a hub holds one half of each of m pairs and fuses them into
  its first qubit: a GHZ state of the hub and the m leaves (the three-node NV network,
  Pompili et al., Science 372, 259 (2021): Bob fuses his stored half of the
  Alice-Bob pair with his half of the Bob-Charlie pair). With ``keep_hub=False`` the hub
  then measures its qubit in X and the first leaf applies Z on outcome 1: GHZ_m of the
  leaves (m = 2 is entanglement swapping).
- :func:`merge_ghz`: two GHZ states fused at a node holding one qubit of each.
- :func:`ghz_chain`: pairs along a line fused at every inner node.

The result is the state after the corrections, averaged over the outcomes (what a lab
with feed-forward holds). Gate noise at the node (:class:`BsmNoise`): each of the two
qubits is depolarised before the CNOT, and the reported bit flips with
``readout_flip``.

**W states** (:func:`w_state_from_splitter`): one excitation (a photon, or a spin wave
read out of an ensemble) sent into input ``input_mode`` of a k-mode beam-splitter network
U and stored in k ensembles leaves sum_j U[j, input] |1_j> (Kimble, Nature 453, 1023
(2008), Box 3; Choi et al., Nature 468, 412 (2010): four ensembles). A loss of power
transmission eta_j on output j is a beam splitter to an environment mode
(:func:`qinternet.optics.lossy_unitary`): the amplitudes become sqrt(eta_j) U[j, input]
and the missing weight is the vacuum |0...0>.

Examples:
    >>> from qinternet.states import fidelity, werner
    >>> from qinternet.states.multipartite import ghz_state, w_state
    >>> ghz = ghz_from_pairs([werner(0.9), werner(0.9)])
    >>> round(fidelity(ghz, ghz_state(3)), 9)  # F^2 + ((1 - F)/3)^2
    0.811111111
    >>> w = w_state_from_splitter(equal_splitter_network(4).unitary, transmissions=0.8)
    >>> round(fidelity(w, w_state(4)), 9)  # the vacuum takes 1 - eta
    0.8
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_count
from qinternet.noise import PAULI_MATRICES, Pauli, depolarizing
from qinternet.optics.components import BeamSplitter, Interferometer, PhaseShifter
from qinternet.physics.maps.swapping import CNOT, HADAMARD, BsmNoise, computational_blocks
from qinternet.states import DensityMatrix, Ket, apply_unitary, tensor
from qinternet.states.bell import BellDiagonal

__all__ = [
    "equal_splitter_network",
    "fuse",
    "ghz_chain",
    "ghz_from_pairs",
    "merge_ghz",
    "w_state_from_splitter",
]


def _qubit_density(state: Any, name: str) -> DensityMatrix:
    if not isinstance(state, Ket | DensityMatrix | BellDiagonal):
        raise InvalidStateError(name, state, "must be a Ket, DensityMatrix or BellDiagonal")
    rho = state.to_density()
    if rho.num_subsystems < 2 or any(d != 2 for d in rho.dims):
        raise InvalidStateError(name, state, f"must be a state of >= 2 qubits, got {rho.dims}")
    return rho


def _qubit_index(value: Any, name: str, num_qubits: int) -> int:
    index = check_count(value, name)
    if index >= num_qubits:
        raise InvalidParameterError(name, value, f"must name a qubit in 0..{num_qubits - 1}")
    return index


def _measure_out(
    rho: DensityMatrix, measured: int, corrections: Sequence[tuple[Pauli, int]], flip: float
) -> DensityMatrix:
    """Z-measure ``measured``, apply the ``corrections`` on outcome 1, sum over outcomes.

    Indices in ``corrections`` count the remaining qubits. The reported bit is wrong with
    probability ``flip``, so branch m is corrected as m with 1 - flip and as 1 - m with flip.
    """
    blocks, rest_dims = computational_blocks(rho, [measured])
    total = np.zeros_like(blocks[0])
    for outcome in (0, 1):
        for reported, weight in ((outcome, 1.0 - flip), (1 - outcome, flip)):
            if weight == 0.0:
                continue
            branch = DensityMatrix._trusted(blocks[outcome], rest_dims)
            if reported:
                for pauli, target in corrections:
                    branch = apply_unitary(branch, PAULI_MATRICES[pauli], [target])
            total += weight * branch.matrix
    return DensityMatrix._trusted(total, rest_dims)


def fuse(
    state: Any,
    keep: int,
    measure: int,
    correct: Sequence[int],
    noise: BsmNoise | None = None,
) -> DensityMatrix:
    """Fuse two qubits of one node: CNOT keep -> measure, Z-measure ``measure``, X-correct.

    Args:
        state: the joint state of all qubits (Ket, DensityMatrix; qubits only).
        keep: the qubit that stays (the CNOT's control).
        measure: the qubit that is measured and removed (the target).
        correct: qubits (indices in ``state``) that get X when the outcome is 1.
        noise: depolarisation of ``keep`` and ``measure`` before the CNOT, readout flips.

    Returns:
        The corrected state averaged over the outcomes, without the measured qubit (the
        others keep their order).

    Raises:
        InvalidParameterError: for an index outside the state, ``keep == measure``, or a
            correction on ``keep``/``measure``.
        InvalidStateError: if ``state`` is not a state of at least two qubits.

    Examples:
        >>> from qinternet.states import bell_state, fidelity, tensor
        >>> from qinternet.states.multipartite import ghz_state
        >>> pairs = tensor(bell_state("phi+"), bell_state("phi+"))  # (A, B1), (B2, C)
        >>> round(fidelity(fuse(pairs, keep=1, measure=2, correct=[3]), ghz_state(3)), 12)
        1.0
    """
    rho = _qubit_density(state, "state")
    n = rho.num_subsystems
    kept = _qubit_index(keep, "keep", n)
    measured = _qubit_index(measure, "measure", n)
    if kept == measured:
        raise InvalidParameterError("measure", measure, "must differ from keep")
    targets = [_qubit_index(c, "correct", n) for c in correct]
    if kept in targets or measured in targets or len(set(targets)) != len(targets):
        raise InvalidParameterError(
            "correct", correct, "must list distinct qubits other than keep and measure"
        )
    noise = BsmNoise() if noise is None else noise
    if noise.gate_depolarizing > 0.0:
        rho = depolarizing(noise.gate_depolarizing).apply(rho, [kept, measured])
    rho = apply_unitary(rho, CNOT, [kept, measured])
    remaining = [t - (t > measured) for t in targets]
    return _measure_out(rho, measured, [(Pauli.X, t) for t in remaining], noise.readout_flip)


def merge_ghz(
    first: Any, second: Any, qubit_first: int, qubit_second: int, noise: BsmNoise | None = None
) -> DensityMatrix:
    """Merge GHZ_a and GHZ_b held with one qubit of each at the same node into GHZ_(a+b-1).

    The node keeps ``qubit_first`` and measures ``qubit_second``; the other qubits of
    ``second`` are corrected. Output order: the qubits of ``first``, then the remaining
    qubits of ``second``.

    Raises:
        InvalidStateError: if an input is not a state of at least two qubits.
        InvalidParameterError: if a qubit index lies outside its state.

    Examples:
        >>> from qinternet.states import fidelity
        >>> from qinternet.states.multipartite import ghz_state
        >>> merged = merge_ghz(ghz_state(3), ghz_state(3), qubit_first=2, qubit_second=0)
        >>> merged.dims, round(fidelity(merged, ghz_state(5)), 12)
        ((2, 2, 2, 2, 2), 1.0)
    """
    a = _qubit_density(first, "first")
    b = _qubit_density(second, "second")
    n_a, n_b = a.num_subsystems, b.num_subsystems
    kept = _qubit_index(qubit_first, "qubit_first", n_a)
    measured = n_a + _qubit_index(qubit_second, "qubit_second", n_b)
    others = [n_a + j for j in range(n_b) if n_a + j != measured]
    joint = tensor(a, b).to_density()
    return fuse(joint, kept, measured, others, noise)


def ghz_from_pairs(
    pairs: Sequence[Any], *, keep_hub: bool = True, noise: BsmNoise | None = None
) -> DensityMatrix:
    """A GHZ state of a hub and m leaves, fused from m pairs (hub qubit first in each).

    Args:
        pairs: m two-qubit states (Ket, DensityMatrix or BellDiagonal), each (hub, leaf).
        keep_hub: keep the hub's qubit in the GHZ state (m + 1 qubits: hub, leaves) or
            measure it in X (m qubits: the leaves; needs m >= 2).
        noise: gate and readout errors of each fusion and of the final X measurement.

    Raises:
        InvalidParameterError: for no pairs, or one pair with ``keep_hub=False``.
        InvalidStateError: if a pair is not a two-qubit state.

    References:
        M. Pompili et al., "Realization of a multinode quantum network of remote
        solid-state qubits", Science 372, 259 (2021), doi:10.1126/science.abg1919.
    """
    if len(pairs) < (1 if keep_hub else 2):
        raise InvalidParameterError("pairs", pairs, f"need at least {1 if keep_hub else 2} pair(s)")
    checked = [_pair(p, f"pairs[{i}]") for i, p in enumerate(pairs)]
    state = checked[0]
    for pair in checked[1:]:
        state = merge_ghz(state, pair, qubit_first=0, qubit_second=0, noise=noise)
    if keep_hub:
        return state
    noise = BsmNoise() if noise is None else noise
    if noise.gate_depolarizing > 0.0:
        state = depolarizing(noise.gate_depolarizing).apply(state, [0])
    state = apply_unitary(state, HADAMARD, [0])
    return _measure_out(state, 0, [(Pauli.Z, 0)], noise.readout_flip)


def ghz_chain(pairs: Sequence[Any], noise: BsmNoise | None = None) -> DensityMatrix:
    """A GHZ state of m + 1 nodes on a line from m pairs (node i, node i + 1).

    Every inner node i keeps its half of pair i - 1 and fuses its half of pair i into it.

    Raises:
        InvalidParameterError: for no pairs.
        InvalidStateError: if a pair is not a two-qubit state.

    Examples:
        >>> from qinternet.states import fidelity, werner
        >>> from qinternet.states.multipartite import ghz_state
        >>> # (prod(F + q) + prod(F - q))/2 with q = (1 - F)/3: only even numbers of Z errors
        >>> round(fidelity(ghz_chain([werner(0.9)] * 3), ghz_state(4)), 9)
        0.732
    """
    if len(pairs) < 1:
        raise InvalidParameterError("pairs", pairs, "need at least one pair")
    checked = [_pair(p, f"pairs[{i}]") for i, p in enumerate(pairs)]
    state = checked[0]
    for pair in checked[1:]:
        state = merge_ghz(state, pair, state.num_subsystems - 1, 0, noise)
    return state


def _pair(state: Any, name: str) -> DensityMatrix:
    rho = _qubit_density(state, name)
    if rho.num_subsystems != 2:
        raise InvalidStateError(name, state, f"must be a two-qubit state, got dims {rho.dims}")
    return rho


def equal_splitter_network(num_modes: int) -> Interferometer:
    """A k-mode network that sends a photon in mode 0 to every mode with amplitude 1/sqrt(k).

    A chain of beam splitters (j, j + 1) with reflectivity 1/(k - j), each leaving 1/k of
    the power on mode j, then phase shifters of -pi/2 that remove the reflection phase i
    (the splitter convention of :class:`qinternet.optics.BeamSplitter`).

    Raises:
        InvalidParameterError: if ``num_modes < 2``.

    Examples:
        >>> import numpy as np
        >>> np.round(equal_splitter_network(4).unitary[:, 0].real, 6)
        array([0.5, 0.5, 0.5, 0.5])
    """
    k = check_count(num_modes, "num_modes", 2)
    splitters = [BeamSplitter((j, j + 1), reflectivity=1.0 / (k - j)) for j in range(k - 1)]
    phases = [PhaseShifter(j, -math.pi / 2) for j in range(k - 1)]
    return Interferometer(k, (*splitters, *phases))


def w_state_from_splitter(
    unitary: ArrayLike, transmissions: ArrayLike = 1.0, input_mode: int = 0
) -> DensityMatrix:
    """The k-ensemble state left by one excitation through a k-mode network with loss.

    Args:
        unitary: the k x k unitary of the network (convention of :mod:`qinternet.optics`).
        transmissions: power transmission eta_j from output j into ensemble j (one
            number for all, or k numbers), in [0, 1].
        input_mode: the mode the excitation enters.

    Returns:
        The k-qubit state |psi><psi| + p_vac |0...0><0...0| with
        psi = sum_j sqrt(eta_j) U[j, input_mode] |1_j> and p_vac = 1 - ||psi||^2 (qubit j
        is ensemble j, |1> one stored excitation).

    Raises:
        InvalidParameterError: if k < 2 (a W state needs two nodes), a transmission lies
            outside [0, 1] or ``input_mode`` outside the modes.
        NonUnitaryError: if ``unitary`` is not unitary.
    """
    from qinternet.optics.imperfections import lossy_unitary  # loads numba: only when used

    matrix = np.asarray(unitary, dtype=np.complex128)
    if matrix.ndim != 2 or matrix.shape[0] < 2:
        raise InvalidParameterError(
            "unitary", unitary, "a W state needs a network of k >= 2 modes (one per node)"
        )
    k = matrix.shape[0]
    mode = _qubit_index(input_mode, "input_mode", k)
    column = lossy_unitary(matrix, transmissions)[:k, mode]
    vacuum = max(0.0, 1.0 - float(np.sum(np.abs(column) ** 2)))
    vector = np.zeros(2**k, dtype=np.complex128)
    vector[[1 << (k - 1 - j) for j in range(k)]] = column
    rho = np.outer(vector, vector.conj())
    rho[0, 0] += vacuum
    return DensityMatrix._trusted(rho, (2,) * k)
