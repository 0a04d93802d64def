"""Multipartite states of n qubits: GHZ, W and graph states, and their Pauli expectations.

Qubit 0 is the most significant bit of a basis index (as everywhere in
:mod:`qinternet.states`); a Pauli string such as ``"XZI"`` names the Pauli on each qubit
in that order.

- GHZ: (|0...0> + |1...1>)/sqrt2 (Greenberger, Horne, Zeilinger 1989), stabilised by
  X...X and Z_k Z_(k+1).
- W: one excitation shared by n qubits, sum_j a_j |0..1_j..0> (Duer, Vidal, Cirac,
  PRA 62, 062314 (2000)); equal amplitudes 1/sqrt(n) unless ``amplitudes`` are given.
- Graph state of a graph (V, E): prod_(i,j in E) CZ_ij |+>^n, with amplitudes
  (-1)^(sum_(i,j in E) b_i b_j) / sqrt(2^n), stabilised by K_a = X_a prod_(b in N(a)) Z_b
  (Hein, Eisert, Briegel, PRA 69, 062311 (2004)).

Examples:
    >>> import numpy as np
    >>> np.round(ghz_state(3).vector.real, 4)
    array([0.7071, 0.    , 0.    , 0.    , 0.    , 0.    , 0.    , 0.7071])
    >>> round(pauli_expectation(w_state(3), "ZZZ"), 12)  # one excitation: parity -1
    -1.0
    >>> graph_stabilizers(3, [(0, 1), (1, 2)])
    ('XZI', 'ZXZ', 'IZX')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_count
from qinternet.states._validate import STATE_ATOL
from qinternet.states.types import Ket, State

PAULI_LETTERS = "IXYZ"
"""The one-qubit Paulis, in the order of their codes 0..3."""
MAX_QUBITS = 12
"""Largest number of qubits for which the dense vectors of this module are built."""

_PAULI_PRODUCTS: dict[tuple[str, str], tuple[complex, str]] = {
    ("I", "I"): (1, "I"), ("I", "X"): (1, "X"), ("I", "Y"): (1, "Y"), ("I", "Z"): (1, "Z"),
    ("X", "I"): (1, "X"), ("X", "X"): (1, "I"), ("X", "Y"): (1j, "Z"), ("X", "Z"): (-1j, "Y"),
    ("Y", "I"): (1, "Y"), ("Y", "X"): (-1j, "Z"), ("Y", "Y"): (1, "I"), ("Y", "Z"): (1j, "X"),
    ("Z", "I"): (1, "Z"), ("Z", "X"): (1j, "Y"), ("Z", "Y"): (-1j, "X"), ("Z", "Z"): (1, "I"),
}  # fmt: skip


def _num_qubits(value: Any, name: str = "num_qubits", minimum: int = 2) -> int:
    count = check_count(value, name, minimum)
    if count > MAX_QUBITS:
        raise InvalidParameterError(name, value, f"must be <= {MAX_QUBITS} (dense states)")
    return count


def ghz_state(num_qubits: int) -> Ket:
    """The n-qubit GHZ state (|0...0> + |1...1>)/sqrt2.

    Raises:
        InvalidParameterError: if ``num_qubits`` is not an integer in [2, 12].
    """
    n = _num_qubits(num_qubits)
    vector = np.zeros(2**n, dtype=np.complex128)
    vector[0] = vector[-1] = 1.0 / math.sqrt(2.0)
    return Ket._trusted(vector, (2,) * n)


def w_state(num_qubits: int, amplitudes: Sequence[complex] | None = None) -> Ket:
    """The n-qubit W state sum_j a_j |0..1_j..0> (one excitation shared by n qubits).

    Args:
        num_qubits: number of qubits (nodes) n >= 2.
        amplitudes: a_j of the excitation on qubit j (normalised); default 1/sqrt(n) each.

    Raises:
        InvalidParameterError: if n < 2 (a W state needs two nodes), or the amplitudes
            are not n finite numbers of unit norm.

    Examples:
        >>> import numpy as np
        >>> np.flatnonzero(w_state(3).vector).tolist()  # |001>, |010>, |100>
        [1, 2, 4]
    """
    n = _num_qubits(num_qubits)
    if amplitudes is None:
        weights = np.full(n, 1.0 / math.sqrt(n), dtype=np.complex128)
    else:
        try:
            weights = np.asarray(amplitudes, dtype=np.complex128).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidParameterError("amplitudes", amplitudes, "must be numbers") from None
        if weights.size != n or not np.all(np.isfinite(weights)):
            raise InvalidParameterError("amplitudes", amplitudes, f"need {n} finite numbers")
        norm = float(np.linalg.norm(weights))
        if abs(norm - 1.0) > STATE_ATOL:
            raise InvalidParameterError("amplitudes", amplitudes, f"have norm {norm:.6g}, not 1")
    vector = np.zeros(2**n, dtype=np.complex128)
    vector[[1 << (n - 1 - j) for j in range(n)]] = weights
    return Ket._trusted(vector, (2,) * n)


def _edges(num_qubits: int, edges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    checked = []
    for edge in edges:
        try:
            a, b = (int(v) for v in edge)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                "edges", edge, "every edge must be a pair of qubits"
            ) from None
        if a == b or not (0 <= a < num_qubits and 0 <= b < num_qubits):
            raise InvalidParameterError(
                "edges", edge, f"must join two different qubits in 0..{num_qubits - 1}"
            )
        checked.append((min(a, b), max(a, b)))
    if len(set(checked)) != len(checked):
        raise InvalidParameterError("edges", checked, "an edge appears twice")
    return tuple(checked)


def graph_state(num_qubits: int, edges: Iterable[tuple[int, int]]) -> Ket:
    """The graph state prod_(i,j in E) CZ_ij |+>^n of the graph with ``edges``.

    Raises:
        InvalidParameterError: for n outside [1, 12] or an edge that is a loop, repeats or
            names a qubit outside 0..n-1.

    Examples:
        >>> import numpy as np
        >>> np.round(graph_state(2, [(0, 1)]).vector.real * 2, 12)  # CZ |++>
        array([ 1.,  1.,  1., -1.])
    """
    n = _num_qubits(num_qubits, minimum=1)
    bits = _bits(n)
    signs = np.zeros(2**n, dtype=np.int64)
    for a, b in _edges(n, edges):
        signs += bits[:, a] * bits[:, b]
    vector = np.where(signs % 2 == 0, 1.0, -1.0).astype(np.complex128) / math.sqrt(2**n)
    return Ket._trusted(vector, (2,) * n)


def graph_stabilizers(num_qubits: int, edges: Iterable[tuple[int, int]]) -> tuple[str, ...]:
    """The generators K_a = X_a prod_(b in N(a)) Z_b of a graph state, as Pauli strings.

    Raises:
        InvalidParameterError: as :func:`graph_state`.
    """
    n = _num_qubits(num_qubits, minimum=1)
    letters = [["I"] * n for _ in range(n)]
    for a, b in _edges(n, edges):
        letters[a][b] = letters[b][a] = "Z"
    for a in range(n):
        letters[a][a] = "X"
    return tuple("".join(row) for row in letters)


def ghz_stabilizers(num_qubits: int) -> tuple[str, ...]:
    """Generators of the GHZ state: X...X and Z_k Z_(k+1) for k = 0..n-2.

    Examples:
        >>> ghz_stabilizers(3)
        ('XXX', 'ZZI', 'IZZ')
    """
    n = _num_qubits(num_qubits)
    pairs = ("I" * k + "ZZ" + "I" * (n - k - 2) for k in range(n - 1))
    return ("X" * n, *pairs)


def check_pauli(pauli: Any, num_qubits: int | None = None, name: str = "pauli") -> str:
    """A Pauli string over I, X, Y, Z (upper case), of length ``num_qubits`` if given.

    Raises:
        InvalidParameterError: naming ``name`` for another letter or length.
    """
    if not isinstance(pauli, str) or not pauli or set(pauli) - set(PAULI_LETTERS):
        raise InvalidParameterError(name, pauli, "must be a string over 'I', 'X', 'Y', 'Z'")
    if num_qubits is not None and len(pauli) != num_qubits:
        raise InvalidParameterError(name, pauli, f"must have {num_qubits} letters")
    return pauli


def multiply_paulis(first: str, second: str) -> tuple[complex, str]:
    """The product first * second of two Pauli strings as (phase, string).

    Examples:
        >>> multiply_paulis("XX", "ZZ")  # (XZ)(XZ) = (-iY)(-iY)
        ((-1+0j), 'YY')
    """
    check_pauli(first, None, "first")
    check_pauli(second, len(first), "second")
    phase: complex = 1
    letters = []
    for a, b in zip(first, second, strict=True):
        factor, letter = _PAULI_PRODUCTS[(a, b)]
        phase *= factor
        letters.append(letter)
    return phase, "".join(letters)


def stabilizer_group(generators: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """All 2^k products of ``generators`` (commuting Pauli strings) as (sign, string).

    The identity comes first. The stabilizer state of n independent generators is
    |S><S| = 2^-n sum_g g (Gottesman, PhD thesis, Caltech 1997, arXiv:quant-ph/9705052).

    Raises:
        InvalidParameterError: if the generators do not commute or differ in length.

    Examples:
        >>> stabilizer_group(["XX", "ZZ"])
        ((1, 'II'), (1, 'ZZ'), (1, 'XX'), (-1, 'YY'))
    """
    if not generators:
        raise InvalidParameterError("generators", generators, "need at least one")
    n = len(check_pauli(generators[0], None, "generators"))
    for g in generators:
        check_pauli(g, n, "generators")
    elements = []
    for choice in itertools.product((0, 1), repeat=len(generators)):
        phase: complex = 1
        current = "I" * n
        for chosen, g in zip(choice, generators, strict=True):
            if chosen:
                factor, current = multiply_paulis(current, g)
                phase *= factor
        if abs(phase.imag) > 0.5:
            raise InvalidParameterError("generators", generators, "must commute pairwise")
        elements.append((1 if phase.real > 0 else -1, current))
    return tuple(elements)


def _bits(num_qubits: int) -> NDArray[np.int64]:
    """Row b holds the bits of basis index b, qubit 0 (most significant) first."""
    indices = np.arange(2**num_qubits)
    return (indices[:, None] >> np.arange(num_qubits - 1, -1, -1)[None, :]) & 1


def _pauli_action(pauli: str) -> tuple[int, NDArray[np.complex128]]:
    """(x, w) with P|b> = w[b] |b XOR x>: the flip mask and the phase of every basis state."""
    n = len(pauli)
    bits = _bits(n)
    flips = 0
    phases = np.ones(2**n, dtype=np.complex128)
    for q, letter in enumerate(pauli):
        if letter in "XY":
            flips |= 1 << (n - 1 - q)
        if letter in "YZ":
            phases *= np.where(bits[:, q] == 1, -1.0, 1.0)
        if letter == "Y":
            phases *= 1j
    return flips, phases


def pauli_expectation(state: State, pauli: str) -> float:
    """Exact <P> = tr(rho P) of the Pauli string ``pauli`` in ``state`` (qubits only).

    Raises:
        InvalidStateError: if ``state`` is not a state of qubits.
        InvalidParameterError: if ``pauli`` is not a Pauli string of its length.
    """
    if any(d != 2 for d in state.dims):
        raise InvalidStateError("state", state, f"must be a state of qubits, got dims {state.dims}")
    check_pauli(pauli, state.num_subsystems)
    flips, phases = _pauli_action(pauli)
    index = np.arange(state.dim)
    if isinstance(state, Ket):
        value = np.vdot(state.vector[index ^ flips], phases * state.vector)
    else:
        # tr(rho P) = sum_b <b| rho P |b> = sum_b w[b] rho[b, b XOR x]
        value = np.sum(phases * state.matrix[index, index ^ flips])
    return float(np.real(value))


def pauli_expectations(state: State) -> dict[str, float]:
    """Every non-zero <P> of ``state`` over the 4^n Pauli strings (for n <= 8 qubits).

    Raises:
        InvalidStateError: if ``state`` is not of 1 to 8 qubits.
    """
    if state.num_subsystems > 8 or any(d != 2 for d in state.dims):
        raise InvalidStateError("state", state, "must be a state of at most 8 qubits")
    values = {}
    for letters in itertools.product(PAULI_LETTERS, repeat=state.num_subsystems):
        pauli = "".join(letters)
        value = pauli_expectation(state, pauli)
        if abs(value) > STATE_ATOL:
            values[pauli] = value
    return values
