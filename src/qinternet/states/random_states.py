"""Random pure and mixed states from an explicit ``numpy.random.Generator``.

Examples:
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> random_ket((2, 3), rng).dims
    (2, 3)
    >>> rho = random_density((2, 2), rng, rank=1)
    >>> round(float(np.trace(rho.matrix @ rho.matrix).real), 10)
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.states._validate import check_dims
from qinternet.states.types import DensityMatrix, Ket


def random_ket(dims: Sequence[int], rng: np.random.Generator) -> Ket:
    """A Haar-random pure state on subsystems ``dims`` (normalised complex Gaussian vector).

    Raises:
        DimensionMismatchError: if a dimension is not an integer >= 1.
    """
    checked = check_dims(dims, None)
    dimension = math.prod(checked)
    vector = rng.normal(size=dimension) + 1j * rng.normal(size=dimension)
    return Ket._trusted(vector / np.linalg.norm(vector), checked)


def random_density(
    dims: Sequence[int], rng: np.random.Generator, *, rank: int | None = None
) -> DensityMatrix:
    """A random mixed state of the given ``rank`` (default full) from the Ginibre ensemble.

    rho = G G^dagger / tr(G G^dagger) with G a d x rank complex Gaussian matrix: the
    Hilbert-Schmidt measure for full rank (Zyczkowski & Sommers, J. Phys. A 34, 7111 (2001)).

    Raises:
        InvalidParameterError: if ``rank`` is not an integer in 1..d.
        DimensionMismatchError: if a dimension is not an integer >= 1.
    """
    checked = check_dims(dims, None)
    dimension = math.prod(checked)
    rank = dimension if rank is None else rank
    if (
        isinstance(rank, bool)
        or not isinstance(rank, int | np.integer)
        or not 1 <= rank <= dimension
    ):
        raise InvalidParameterError("rank", rank, f"must lie in 1..{dimension}")
    ginibre = rng.normal(size=(dimension, rank)) + 1j * rng.normal(size=(dimension, rank))
    matrix = ginibre @ ginibre.conj().T
    matrix = (matrix + matrix.conj().T) / 2
    return DensityMatrix._trusted(matrix / np.trace(matrix).real, checked)
