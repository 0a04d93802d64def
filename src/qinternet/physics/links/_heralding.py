"""Exact photon-counting heralding, shared by the optical link schemes.

The model: memories (any dimensions) jointly in a pure state with ``m`` photon modes,
given as a stack of unnormalised vectors (a mixed input is a sum of such terms). Each
photon mode passes a pure-loss channel of transmission ``eta_i`` (Kraus operators
``E_k = sum_n sqrt(C(n, k) eta^(n-k) (1-eta)^k) |n-k><n|``, one per number of lost
photons, from :func:`qinternet.noise.loss` with loss probability ``1 - eta_i``; the
transmission is thereby represented as ``1 - (1 - eta_i)``, exact to 1.1e-16 absolute,
i.e. to relative 1e-8 or better for ``eta_i >= 1e-8``); the modes then pass a linear
interferometer, whose action on Fock space is
taken block by block from :func:`qinternet.optics.fock_space.fock_blocks`; detectors
watch groups of output modes. A heralding pattern says which detectors report a click.
Detector noise is a dark count with probability ``q`` per window at each detector:

* threshold: "click" has probability 1 for ``c >= 1`` photons and ``q`` for ``c = 0``;
  "silent" has ``1 - q`` for ``c = 0`` and 0 otherwise;
* number resolving ("click" = exactly one count): ``1 - q`` for ``c = 1``, ``q`` for
  ``c = 0``, else 0; "silent" as for threshold.

The unnormalised heralded memory state is the sum over loss branches and photon-number
outcomes ``t`` of ``P(pattern | t) |phi_t><phi_t|`` with ``phi_t`` the memory vector
left by projecting the photons on ``|t>``; its trace is the pattern's probability.
Nothing is dropped: every photon number the input holds is propagated exactly.

References:
    U. Leonhardt, "Quantum physics of simple optical instruments", Rep. Prog. Phys. 66,
    1207 (2003), doi:10.1088/0034-4885/66/7/203 (loss as a beam splitter; Kraus form).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import ResourceLimitError
from qinternet.noise import loss
from qinternet.optics.fock_space import fock_basis, fock_blocks
from qinternet.physics.links._types import DetectorKind

ComplexArray = NDArray[np.complex128]

MAX_WORKSPACE_BYTES = 2**30
"""Largest working array the heralding kernel allocates (1 GiB)."""

BRANCH_CHUNK_BYTES = 2**26
"""Loss branches are computed together up to this much working memory (64 MiB), then in
chunks (one combination of the first modes' operators at a time)."""

HADAMARD_SPLITTER: ComplexArray = np.array([[1.0, 1.0], [1.0, -1.0]], dtype=np.complex128) / (
    math.sqrt(2.0)
)
"""The 50/50 beam splitter used at every station: input 0 -> (A + B)/sqrt2, input 1 ->
(A - B)/sqrt2, so one photon from node 0 or node 1 clicking A heralds the + combination."""


def _weights(
    outcomes: NDArray[np.int64],
    detectors: Sequence[Sequence[int]],
    clicks: Sequence[bool],
    kind: DetectorKind,
    dark: float,
) -> NDArray[np.float64]:
    """P(pattern | photon numbers per output mode) for each row of ``outcomes``."""
    weights = np.ones(outcomes.shape[0])
    for modes, click in zip(detectors, clicks, strict=True):
        counts = outcomes[:, list(modes)].sum(axis=1)
        if not click:
            weights *= np.where(counts == 0, 1.0 - dark, 0.0)
        elif kind is DetectorKind.THRESHOLD:
            weights *= np.where(counts == 0, dark, 1.0)
        else:
            weights *= np.where(counts == 0, dark, np.where(counts == 1, 1.0 - dark, 0.0))
    return weights


def _projection(
    unitary: ComplexArray,
    photon_dim: int,
    detectors: Sequence[Sequence[int]],
    clicks: Sequence[bool],
    kind: DetectorKind,
    dark: float,
) -> ComplexArray:
    """Rows sqrt(w_t) <t| U over the product basis, for every outcome t with w_t > 0
    (read-only: kept for the next pattern or link with the same optics and detectors)."""
    matrix = np.ascontiguousarray(unitary, dtype=np.complex128)
    return _projection_of(
        matrix.tobytes(),
        matrix.shape[0],
        photon_dim,
        tuple(tuple(modes) for modes in detectors),
        tuple(clicks),
        kind,
        float(dark),
    )


@functools.lru_cache(maxsize=256)
def _projection_of(
    unitary_bytes: bytes,
    num_modes: int,
    photon_dim: int,
    detectors: tuple[tuple[int, ...], ...],
    clicks: tuple[bool, ...],
    kind: DetectorKind,
    dark: float,
) -> ComplexArray:
    unitary = np.frombuffer(unitary_bytes, dtype=np.complex128).reshape(num_modes, num_modes)
    strides = photon_dim ** np.arange(num_modes - 1, -1, -1)
    max_total = num_modes * (photon_dim - 1)
    rows = []
    for n, block in enumerate(fock_blocks(unitary, max_total)):
        basis = np.array(fock_basis(num_modes, n), dtype=np.int64)
        weights = _weights(basis, detectors, clicks, kind, dark)
        heralded = weights > 0.0
        fits = np.all(basis < photon_dim, axis=1)
        if not heralded.any() or not fits.any():
            continue
        part = np.zeros((int(heralded.sum()), photon_dim**num_modes), dtype=np.complex128)
        part[:, basis[fits] @ strides] = block[np.ix_(heralded, fits)]
        rows.append(np.sqrt(weights[heralded])[:, None] * part)
    projection = (
        np.vstack(rows) if rows else np.zeros((0, photon_dim**num_modes), dtype=np.complex128)
    )
    projection.flags.writeable = False
    return projection


def herald(
    vectors: ComplexArray,
    memory_dim: int,
    photon_dim: int,
    transmissions: Sequence[float],
    unitary: ComplexArray,
    detectors: Sequence[Sequence[int]],
    clicks: Sequence[bool],
    kind: DetectorKind,
    dark_count_probability: float,
) -> ComplexArray:
    """Unnormalised memory state for one heralding pattern (trusted inputs).

    Args:
        vectors: shape ``(B, memory_dim * photon_dim**m)``: the input is
            ``sum_b |v_b><v_b|`` on memory (x) photon modes, memory index most significant.
        memory_dim: total memory dimension.
        photon_dim: per-mode photon dimension of the input (max photons per mode + 1).
        transmissions: the ``m`` photon modes' transmissions.
        unitary: the ``m x m`` interferometer (columns: input modes).
        detectors: output modes each detector watches.
        clicks: per detector, whether the pattern has it click.
        kind: threshold or number-resolving detectors.
        dark_count_probability: dark-count probability per detector per window.

    Returns:
        The ``memory_dim x memory_dim`` unnormalised heralded state; its trace is the
        probability of the pattern.
    """
    num_modes = len(transmissions)
    batch = vectors.shape[0]
    estimate = 4 * vectors.size * 16
    if estimate > MAX_WORKSPACE_BYTES:
        raise ResourceLimitError(
            "cutoff", photon_dim - 1, f"the heralding needs ~{estimate} bytes (> 1 GiB)"
        )
    projection = _projection(unitary, photon_dim, detectors, clicks, kind, dark_count_probability).T
    shape = (batch, memory_dim, *(photon_dim,) * num_modes)
    base = vectors.reshape(shape)
    kraus = [loss(1.0 - eta, dimension=photon_dim).kraus_operators for eta in transmissions]
    if projection.shape[1] == 0:
        return np.zeros((memory_dim, memory_dim), dtype=np.complex128)
    # One branch per combination of Kraus operators (numbers of lost photons; the channel
    # drops all-zero operators, e.g. every k >= 1 at transmission 1). The branches of the
    # last modes are computed together; those of the first ``split`` modes one by one,
    # as few as keep the working arrays within BRANCH_CHUNK_BYTES.
    split = 0
    while split < num_modes and (
        16 * base.size * math.prod(len(operators) for operators in kraus[split:])
        > BRANCH_CHUNK_BYTES
    ):
        split += 1
    columns = []
    for lost in itertools.product(*kraus[:split]):
        branch = base
        for mode, operator in enumerate(lost):
            moved = np.moveaxis(branch, 2 + mode, -1) @ operator.T
            branch = np.moveaxis(moved, -1, 2 + mode)
        if branch.any():
            amplitudes = _branch_amplitudes(branch, kraus[split:], split, projection)
            columns.append(amplitudes[:, np.any(amplitudes != 0.0, axis=0)])
    stacked = np.hstack(columns) if columns else np.zeros((memory_dim, 0), dtype=np.complex128)
    rho = stacked @ stacked.conj().T
    return (rho + rho.conj().T) / 2.0


def _branch_amplitudes(
    branch: ComplexArray,
    kraus: Sequence[Sequence[ComplexArray]],
    first_mode: int,
    projection: ComplexArray,
) -> ComplexArray:
    """Columns ``<t| U E |v>`` (memory index as rows) of every combination of the Kraus
    operators ``kraus`` of modes ``first_mode, first_mode + 1, ...`` on ``branch``, shape
    ``(batch, memory, photon modes...)``, in the order of :func:`itertools.product`."""
    batch, memory_dim = branch.shape[:2]
    for j, operators in enumerate(kraus):
        axis = j + 2 + first_mode + j  # past j branch axes, batch, memory, earlier modes
        contracted = np.tensordot(np.asarray(operators), branch, axes=([2], [axis]))
        # (k, out, rest): k after the earlier branch axes, out back in its mode's place
        branch = np.moveaxis(contracted, (0, 1), (j, axis + 1))
    num_branches = math.prod(len(operators) for operators in kraus)
    flat = branch.reshape(num_branches * batch * memory_dim, -1) @ projection
    per_memory = flat.reshape(num_branches * batch, memory_dim, -1).transpose(1, 0, 2)
    return per_memory.reshape(memory_dim, -1)


def spin_photon_vectors(memory_vectors: ComplexArray, overlap: float) -> ComplexArray:
    """Two spins whose bright state |1> emits one photon, as heralding input vectors.

    Args:
        memory_vectors: shape ``(B, 4)``, unnormalised two-spin vectors.
        overlap: ``<phi_0|phi_1>`` of the two photons' internal (spectral/temporal)
            modes, real in [0, 1].

    Returns:
        Shape ``(B, 4 * 2**4)``: photon modes ``(arm0 a, arm0 b, arm1 a, arm1 b)`` with at
        most one photon each; node 0 emits into ``a``, node 1 into
        ``overlap a + sqrt(1 - overlap^2) b``.
    """
    node0 = np.zeros((2, 2, 2), dtype=np.complex128)
    node0[0, 0, 0] = 1.0
    node0[1, 1, 0] = 1.0
    node1 = np.zeros((2, 2, 2), dtype=np.complex128)
    node1[0, 0, 0] = 1.0
    node1[1, 1, 0] = overlap
    node1[1, 0, 1] = math.sqrt(max(0.0, 1.0 - overlap**2))
    spins = memory_vectors.reshape(-1, 2, 2)
    joint = np.einsum("zab,aij,bkl->zabijkl", spins, node0, node1)
    return joint.reshape(spins.shape[0], -1)


INTERNAL_SPLITTER: ComplexArray = np.asarray(
    np.kron(HADAMARD_SPLITTER, np.eye(2)), dtype=np.complex128
)
"""The 50/50 splitter on the arms of :func:`spin_photon_vectors`, identity on the
internal modes: outputs ``(A a, A b, B a, B b)``."""

INTERNAL_DETECTORS: tuple[tuple[int, ...], ...] = ((0, 1), (2, 3))
"""Detector A sees both internal modes of output A; detector B those of output B."""


def to_vectors(rho: ComplexArray, atol: float = 1e-300) -> ComplexArray:
    """Rows ``sqrt(lambda_i) v_i`` with ``rho = sum_i lambda_i v_i v_i^dagger``."""
    values, vectors = np.linalg.eigh((rho + rho.conj().T) / 2.0)
    keep = values > atol
    return np.asarray((vectors[:, keep] * np.sqrt(values[keep])).T, dtype=np.complex128)


def spin_terms(
    bright_population: float, flip_probability: float, coherence: float
) -> list[tuple[float, ComplexArray]]:
    """One prepared spin as a weighted mixture of pure states ``(weight, vector)``.

    The spin is reset to ``|0>`` and rotated to ``|psi> = sqrt(1-a)|0> + sqrt(a)|1>``. A
    reset that left ``|1>`` instead (probability ``flip_probability``) is rotated to the
    orthogonal state ``|psi_perp> = sqrt(a)|0> - sqrt(1-a)|1>`` (any rotation maps
    orthogonal states to orthogonal states, so this holds whatever the rotation axis,
    up to a global phase). Dephasing before emission that multiplies ``<0|rho|1>`` by
    ``coherence`` is the mixture of the state (weight ``(1 + coherence)/2``) and its
    ``Z`` image (``(1 - coherence)/2``). Terms of weight 0 are left out.
    """
    good = np.array([math.sqrt(1.0 - bright_population), math.sqrt(bright_population)])
    flipped = np.array([math.sqrt(bright_population), -math.sqrt(1.0 - bright_population)])
    z = np.array([1.0, -1.0])
    terms = []
    for p_state, state in ((1.0 - flip_probability, good), (flip_probability, flipped)):
        for p_phase, phase in (((1.0 + coherence) / 2.0, 1.0), ((1.0 - coherence) / 2.0, z)):
            weight = p_state * p_phase
            if weight > 0.0:
                terms.append((weight, np.asarray(state * phase, dtype=np.complex128)))
    return terms


def product_vectors(
    terms0: Sequence[tuple[float, ComplexArray]], terms1: Sequence[tuple[float, ComplexArray]]
) -> ComplexArray:
    """Rows ``sqrt(w0 w1) v0 (x) v1``: the two-spin mixture of two :func:`spin_terms`."""
    return np.array(
        [math.sqrt(w0 * w1) * np.kron(v0, v1) for w0, v0 in terms0 for w1, v1 in terms1],
        dtype=np.complex128,
    )
