"""The boson sampler against algorithm B written out with permanents.

The reference draws the same random numbers in the same order as ``sample`` (one
permutation of the photons and one uniform number per photon and sample) and picks
each photon's output mode from the weights ``|perm(U[rows + (i,), columns[:k]])|**2``
computed one permanent at a time, so for a seed the two must give the same samples.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from qinternet.optics._kernels_sampling import _leave_one_out_permanents, _leave_one_out_small
from qinternet.optics.permanent import permanent
from qinternet.optics.sampling import sample


def _haar_unitary(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaussian = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    q, r = np.linalg.qr(gaussian)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _reference_samples(
    unitary: np.ndarray, inputs: tuple[int, ...], count: int, rng: np.random.Generator
) -> np.ndarray:
    num_modes = len(inputs)
    input_modes = np.repeat(np.arange(num_modes), inputs)
    columns = rng.permuted(np.tile(input_modes, (count, 1)), axis=1)
    uniforms = rng.random((count, len(input_modes)))
    samples = np.zeros((count, num_modes), dtype=np.int64)
    for s in range(count):
        rows: list[int] = []
        for k in range(1, len(input_modes) + 1):
            weights = [
                abs(permanent(unitary[np.ix_([*rows, i], columns[s, :k])])) ** 2
                for i in range(num_modes)
            ]
            cumulative = np.cumsum(weights)
            threshold = uniforms[s, k - 1] * cumulative[-1]
            rows.append(int(np.searchsorted(cumulative, threshold, side="right")))
        samples[s] = np.bincount(rows, minlength=num_modes)
    return samples


@pytest.mark.parametrize(
    ("num_modes", "inputs", "count", "seed"),
    [
        (8, (2, 0, 1, 0, 1, 0, 0, 0), 120, 31),
        (12, (1,) * 9 + (0,) * 3, 30, 32),
    ],
)
def test_samples_equal_algorithm_b_written_out(
    num_modes: int, inputs: tuple[int, ...], count: int, seed: int
) -> None:
    unitary = _haar_unitary(num_modes, seed)
    expected = _reference_samples(unitary, inputs, count, np.random.default_rng(seed))
    np.testing.assert_array_equal(
        sample(unitary, inputs, count, np.random.default_rng(seed)), expected
    )


@pytest.mark.parametrize("kernel", [_leave_one_out_permanents, _leave_one_out_small])
@pytest.mark.parametrize("num_rows", [1, 2, 5, 6, 7, 10])
def test_leave_one_out_permanents_match_single_permanents(
    kernel: Callable[..., None], num_rows: int
) -> None:
    """``2**(r-1) perm(B without column c)`` for an ``r x (r+1)`` block ``B``: the 1 x 2
    case written out, Gray-code step pairs in 1, 8 and all 16 vector lanes, and
    several pairs a lane; the scalar kernel of small blocks on the same blocks."""
    rng = np.random.default_rng(num_rows)
    block = rng.normal(size=(num_rows, num_rows + 1)) + 1j * rng.normal(
        size=(num_rows, num_rows + 1)
    )
    padded = np.zeros((num_rows + 2, num_rows + 2), dtype=complex)
    padded[:num_rows, : num_rows + 1] = block
    perm_re = np.empty(num_rows + 2)
    perm_im = np.empty(num_rows + 2)
    kernel(
        np.ascontiguousarray(padded.real),
        np.ascontiguousarray(padded.imag),
        num_rows,
        perm_re,
        perm_im,
    )
    for c in range(num_rows + 1):
        expected = permanent(np.delete(block, c, axis=1)) * 2 ** (num_rows - 1)
        assert complex(perm_re[c], perm_im[c]) == pytest.approx(expected, rel=1e-12)
