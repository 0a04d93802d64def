"""The delivery record and the one monitor: hand-made records against hand-computed means."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import CORRECTIONS
from qinternet.sim.chain import chain_record
from qinternet.sim.monitor import DeliveryMonitor, delivery_statistics
from qinternet.sim.records import DeliveredPair
from qinternet.states import apply_unitary, bell_state, fidelity, random_density, werner


def pair(started_s: float, delivered_s: float, fidelity: float, **kwargs: object) -> DeliveredPair:
    state = kwargs.pop("state", werner(fidelity))
    target = kwargs.pop("target_name", "phi+")
    return DeliveredPair(
        ("A", "B"),
        started_s,
        delivered_s,
        state,
        target,
        fidelity,
        **kwargs,  # type: ignore[arg-type]
    )


def test_counts_rate_times_and_fidelity() -> None:
    records = [
        pair(0.0, 0.4, 0.9, num_attempts=3),
        pair(0.5, 1.2, 0.8, num_attempts=1),
        pair(1.0, 1.3, 1.0),
    ]
    stats = delivery_statistics(records, sim_time_s=2.0)
    assert stats.num_pairs == 3
    assert stats.rate_hz == 1.5
    assert stats.rate_stderr_hz == pytest.approx(math.sqrt(3) / 2, rel=1e-15)
    assert stats.waiting_time_s.mean == pytest.approx((0.4 + 0.7 + 0.3) / 3, rel=1e-12)
    assert stats.delivery_interval_s.mean == pytest.approx((0.4 + 0.8 + 0.1) / 3, rel=1e-12)
    assert stats.fidelity.mean == pytest.approx(0.9, rel=1e-12)
    # sample std of (0.9, 0.8, 1.0) is 0.1; standard error 0.1 / sqrt(3)
    assert stats.fidelity.stderr == pytest.approx(0.1 / math.sqrt(3), rel=1e-9)
    assert (stats.num_attempts.mean, stats.num_attempts.num_samples) == (2.0, 2)


def test_mean_state_and_its_figures_of_merit() -> None:
    stats = delivery_statistics([pair(0, 1, 0.9), pair(0, 2, 0.8)], sim_time_s=4.0)
    assert stats.state is not None
    np.testing.assert_allclose(stats.state.matrix, werner(0.85).matrix, atol=1e-15)
    w = (4 * 0.85 - 1) / 3
    assert stats.chsh == pytest.approx(2 * math.sqrt(2) * w, abs=1e-9)
    assert stats.key is not None
    assert stats.key.qber_z == pytest.approx((1 - w) / 2, abs=1e-12)


def test_no_mean_state_when_targets_differ_or_nothing_arrived() -> None:
    mixed = delivery_statistics(
        [pair(0, 1, 0.9), pair(0, 2, 0.9, target_name="psi-")], sim_time_s=4.0
    )
    assert (mixed.state, mixed.chsh, mixed.key) == (None, None, None)
    empty = DeliveryMonitor().statistics(sim_time_s=1.0)
    assert (empty.num_pairs, empty.rate_hz, empty.state) == (0, 0.0, None)
    assert math.isnan(empty.fidelity.mean)


def test_equal_statistics_compare_equal_states_included() -> None:
    first = delivery_statistics([pair(0, 1, 0.9)], sim_time_s=1.0)
    assert first == delivery_statistics([pair(0, 1, 0.9)], sim_time_s=1.0)
    other_state = pair(0, 1, 0.9, state=werner(0.7))
    assert first != delivery_statistics([other_state], sim_time_s=1.0)


def test_chain_record_corrects_the_pauli_frame() -> None:
    # werner(0.9) in the psi+ frame (X on the second qubit): corrected back, F = 0.9.
    in_frame = apply_unitary(werner(0.9), np.array([[0, 1], [1, 0]]), [1])
    record = chain_record(("A", "C"), in_frame, 2, started_s=1.0, delivered_s=3.5)
    assert record.fidelity == pytest.approx(0.9, abs=1e-12)
    np.testing.assert_allclose(record.state.matrix, werner(0.9).matrix, atol=1e-12)
    assert (record.target_name, record.waiting_time_s, record.num_attempts) == ("phi+", 2.5, None)


@pytest.mark.parametrize("bell_index", [0, 1, 2, 3])
def test_chain_record_fast_path_equals_the_plain_route(bell_index: int) -> None:
    rng = np.random.default_rng(bell_index)
    for _ in range(20):
        state = random_density((2, 2), rng)
        plain = apply_unitary(state, PAULI_MATRICES[CORRECTIONS[bell_index]], [1])
        record = chain_record(("A", "B"), state, bell_index, started_s=0.0, delivered_s=1.0)
        np.testing.assert_allclose(record.state.matrix, plain.matrix, atol=1e-14)
        assert record.fidelity == pytest.approx(fidelity(plain, bell_state("phi+")), abs=1e-14)
