"""The shared photon-counting kernel: loss from :func:`qinternet.noise.loss`, edge cases.

The kernel takes its Fock-space loss Kraus operators from the noise package (one
implementation); the channel drops all-zero operators, so lossless and fully lossy arms
must still give the closed forms.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.noise import loss
from qinternet.physics.links import barrett_kok_link, dlcz_link, single_click_link
from qinternet.physics.links._heralding import spin_terms


@pytest.mark.parametrize("eta", [0.0, 1.0])
def test_single_click_at_extreme_transmissions(eta: float) -> None:
    alpha = 0.2
    link = single_click_link(alpha, eta, detector="number_resolving")
    assert abs(link.success_probability - 2 * alpha * eta * (1 - alpha * eta)) < 1e-15
    if eta > 0:
        assert abs(link.fidelity - (1 - alpha) / (1 - alpha * eta)) < 1e-12


def test_lossless_barrett_kok_and_dlcz() -> None:
    assert abs(barrett_kok_link(1.0).success_probability - 0.5) < 1e-15
    p = 0.02
    link = dlcz_link(p, 1.0)  # x = p (1 - eta) = 0: F = 1
    assert abs(link.fidelity - 1.0) < 1e-12
    assert abs(link.success_probability - 2 * (1 - p) ** 2 * p) < 1e-15


def test_noise_loss_is_the_binomial_beam_splitter() -> None:
    """The operators the kernel uses: A_k|n> = sqrt(C(n,k) eta^(n-k) (1-eta)^k) |n-k>."""
    eta, dim = 0.3, 5
    operators = loss(1.0 - eta, dimension=dim).kraus_operators
    for k, op in enumerate(operators):
        for n in range(k, dim):
            expected = math.sqrt(math.comb(n, k) * eta ** (n - k) * (1 - eta) ** k)
            assert abs(op[n - k, n] - expected) < 1e-15


def test_spin_terms_mixture() -> None:
    """Weights sum to 1 and the mixture has the stated populations and coherence."""
    alpha, e, d = 0.3, 0.1, 0.6
    rho = sum(w * np.outer(v, v.conj()) for w, v in spin_terms(alpha, e, d))
    assert abs(rho[1, 1].real - (alpha + e * (1 - 2 * alpha))) < 1e-15
    assert abs(rho[0, 1].real - d * (1 - 2 * e) * math.sqrt(alpha * (1 - alpha))) < 1e-15
    assert len(spin_terms(alpha, 0.0, 1.0)) == 1


def test_projections_are_kept_per_optics_and_detectors() -> None:
    # The projection of a pattern is kept for the next call with the same optics and
    # detectors; a different dark-count probability, pattern or splitter gets its own.
    from qinternet.physics.links._heralding import (
        HADAMARD_SPLITTER,
        INTERNAL_DETECTORS,
        INTERNAL_SPLITTER,
        _projection,
        _projection_of,
    )
    from qinternet.physics.links._types import DetectorKind

    cases = [
        (INTERNAL_SPLITTER, INTERNAL_DETECTORS, (True, False), 0.0),
        (INTERNAL_SPLITTER, INTERNAL_DETECTORS, (True, False), 0.01),
        (INTERNAL_SPLITTER, INTERNAL_DETECTORS, (False, True), 0.01),
        (HADAMARD_SPLITTER, ((0,), (1,)), (True, False), 0.01),
    ]
    for kind in DetectorKind:
        for unitary, detectors, clicks, dark in cases:
            kept = _projection(unitary, 3, detectors, clicks, kind, dark)
            again = _projection(unitary.copy(), 3, list(detectors), list(clicks), kind, dark)
            fresh = _projection_of.__wrapped__(
                unitary.tobytes(), len(unitary), 3, detectors, clicks, kind, dark
            )
            assert again is kept
            assert not kept.flags.writeable
            np.testing.assert_array_equal(kept, fresh)


@pytest.mark.parametrize("chunk_bytes", [64, 4096])
def test_loss_branches_in_chunks_equal_all_at_once(
    chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past BRANCH_CHUNK_BYTES the first modes' loss branches are taken one at a time;
    # the heralded state must not depend on where that split falls.
    from qinternet.optics import haar_random_unitary
    from qinternet.physics.links import _heralding
    from qinternet.physics.links._types import DetectorKind

    rng = np.random.default_rng(7)
    for _ in range(10):
        modes, dim, memory, batch = 3, int(rng.integers(2, 4)), 2, 2
        size = memory * dim**modes
        vectors = rng.normal(size=(batch, size)) + 1j * rng.normal(size=(batch, size))
        arguments = (
            vectors,
            memory,
            dim,
            list(rng.uniform(0.1, 1.0, modes)),
            haar_random_unitary(modes, rng),
            [(0,), (1, 2)],
            [True, False],
            DetectorKind.NUMBER_RESOLVING,
            0.02,
        )
        together = _heralding.herald(*arguments)
        monkeypatch.setattr(_heralding, "BRANCH_CHUNK_BYTES", chunk_bytes)
        chunked = _heralding.herald(*arguments)
        monkeypatch.undo()
        np.testing.assert_allclose(chunked, together, rtol=0, atol=1e-14)
