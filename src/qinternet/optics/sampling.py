"""Exact boson sampling: output occupations drawn from the Fock output distribution.

Examples:
    >>> import numpy as np
    >>> splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    >>> samples = sample(splitter, (1, 1), 1000, np.random.default_rng(1))
    >>> samples.shape, bool(np.all(samples.sum(axis=1) == 2))
    ((1000, 2), True)
    >>> int(np.sum(samples[:, 0] == 1))  # Hong-Ou-Mandel: never one photon per output
    0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count
from qinternet.optics import _kernels_sampling as _kernels
from qinternet.optics._validate import (
    DEFAULT_MAX_MEMORY_BYTES,
    check_glynn_size,
    check_memory,
    validate_occupation,
    validate_unitary,
)


def sample(
    unitary: ArrayLike,
    input_occupation: ArrayLike,
    num_samples: int,
    rng: np.random.Generator,
    *,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> NDArray[np.int64]:
    """Draw exact samples of the output occupation of a Fock input through ``unitary``.

    Clifford & Clifford's algorithm B: the ``n`` input photons become ``n`` columns of
    ``U`` in a uniformly random order; photon ``k`` then picks its output mode ``i``
    with weight ``|sum_l U[i, c_l] perm(B_k without column l)|**2`` (Laplace expansion),
    where ``B_k`` is the ``(k-1) x k`` block of the rows already picked and the first
    ``k`` columns. All ``k`` sub-permanents come from one Glynn/Gray-code pass, so a
    sample costs ``O(n 2**n + m n**2)``. The randomness (one permutation and ``n``
    uniforms per sample) is drawn from ``rng`` before the kernel runs, each sample is
    computed by one thread, so a seed gives the same samples whatever the number of
    threads; a batch of a few samples runs in the calling thread alone.

    Args:
        unitary: ``m x m`` unitary (convention of :mod:`qinternet.optics`).
        input_occupation: ``m`` photon numbers entering the modes.
        num_samples: number of samples, ``>= 0``.
        rng: the random stream (advanced by the draw).
        max_memory_bytes: refuse (before allocating) if the output and random numbers
            would need more bytes than this.

    Returns:
        int64 array of shape ``(num_samples, m)``: one output occupation per row.

    Raises:
        NonUnitaryError: if ``unitary`` is not unitary to 1e-10.
        DimensionMismatchError: if ``input_occupation`` does not have ``m`` entries.
        InvalidParameterError: for negative or non-integer photon numbers or
            ``num_samples``, NaN or inf, or an ``rng`` that is not a Generator.
        ResourceLimitError: if the estimated memory exceeds ``max_memory_bytes``, or for
            more than 62 photons (the Gray-code index would overflow int64).

    References:
        P. Clifford and R. Clifford, "The classical complexity of boson sampling",
        SODA 2018, arXiv:1706.01260.

    Examples:
        >>> import numpy as np
        >>> fourier = np.exp(2j * np.pi * np.outer(range(4), range(4)) / 4) / 2
        >>> draws = sample(fourier, (1, 1, 0, 0), 5, np.random.default_rng(7))
        >>> draws.shape, draws.sum(axis=1).tolist()
        ((5, 4), [2, 2, 2, 2, 2])
    """
    matrix = validate_unitary(unitary)
    num_modes = matrix.shape[0]
    inputs = validate_occupation(input_occupation, num_modes, "input_occupation")
    count = check_count(num_samples, "num_samples")
    if not isinstance(rng, np.random.Generator):
        raise InvalidParameterError("rng", rng, "must be a numpy.random.Generator")
    limit = check_count(max_memory_bytes, "max_memory_bytes", 1)
    num_photons = sum(inputs)
    check_glynn_size(num_photons, "input_occupation", input_occupation)
    check_memory(8 * count * (num_modes + 2 * num_photons), limit, "sample")
    counts = np.zeros((count, num_modes), dtype=np.int64)
    if num_photons == 0 or count == 0:
        return counts
    input_modes = np.repeat(np.arange(num_modes, dtype=np.int64), inputs)
    columns = rng.permuted(np.tile(input_modes, (count, 1)), axis=1)
    uniforms = rng.random((count, num_photons))
    occupied = np.flatnonzero(np.asarray(inputs) > 0)
    rows = matrix[:, occupied].T
    _kernels.clifford_sample(
        np.ascontiguousarray(rows.real),
        np.ascontiguousarray(rows.imag),
        np.searchsorted(occupied, columns),
        uniforms,
        counts,
    )
    return counts
