"""GHZ states fused at a hub: fidelities and rates against closed forms derived here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.noise import PAULI_MATRICES, Pauli
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome
from qinternet.sim.ghz import GhzConfig, simulate_ghz
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import DensityMatrix, bell_state, werner


def outcome(
    p: float, fidelity: float = 1.0, target: str = "phi+", period_s: float = 1e-3
) -> LinkOutcome:
    """A link heralding the Werner state of ``fidelity`` around Bell state ``target``."""
    state = werner(fidelity)
    if target == "psi+":  # X on the second qubit maps the phi+ Werner state to psi+
        x = np.kron(np.eye(2), PAULI_MATRICES[Pauli.X])
        state = DensityMatrix(x @ state.matrix @ x, (2, 2))
    return LinkOutcome(
        success_probability=p,
        heralded_state=state,
        target=bell_state(target),
        target_name=target,
        attempt_duration_s=period_s,
    )


def rngs(count: int, seed: int = 7) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(count)]


def werner_ghz_fidelity(fidelities: list[float], keep_hub: bool) -> float:
    """Each Werner pair is phi+ with an error on the leaf: I (F), X, Y, Z (q = (1 - F)/3
    each). The GHZ state survives when no leaf is bit-flipped relative to the hub (I or
    Z: F + q per pair) and the number of phase flips (Z) is even: half the sum of
    prod(F + q) and prod(F - q). With the hub measured out, a bit flip on every leaf at
    once is X^n, which leaves GHZ_n of the leaves unchanged: all pairs X or Y (2q each)
    with an even number of Y, i.e. prod(2q)/2 more."""
    qs = [(1 - f) / 3 for f in fidelities]
    value = 0.5 * (
        math.prod(f + q for f, q in zip(fidelities, qs, strict=True))
        + math.prod(f - q for f, q in zip(fidelities, qs, strict=True))
    )
    if not keep_hub:
        value += 0.5 * math.prod(2 * q for q in qs)
    return value


@pytest.mark.parametrize("keep_hub", [True, False])
def test_ideal_memories_deliver_the_werner_closed_form(keep_hub: bool) -> None:
    fidelities = [0.95, 0.9, 0.85]
    links = (
        HeraldedLinkConfig("hub", "A", outcome(0.3, fidelities[0])),
        HeraldedLinkConfig("B", "hub", outcome(0.2, fidelities[1], target="psi+")),
        HeraldedLinkConfig("hub", "C", outcome(0.5, fidelities[2], target="psi+")),
    )
    config = GhzConfig("hub", links, leaf_delay_s=(1e-4, 2e-4, 3e-4), keep_hub=keep_hub)
    memories = {node: Memory() for node in ("hub", "A", "B", "C")}
    stats = simulate_ghz(config, memories=memories, rngs=rngs(3), duration_s=0.5)
    expected = werner_ghz_fidelity(fidelities, keep_hub)
    assert stats.num_pairs > 20
    assert stats.num_qubits == (4 if keep_hub else 3)
    assert stats.fidelity.mean == pytest.approx(expected, abs=1e-12)
    assert stats.state_fidelity == pytest.approx(expected, abs=1e-12)
    assert stats.witness == pytest.approx(0.5 - expected, abs=1e-12)


@pytest.mark.parametrize("keep_hub", [True, False])
def test_dephasing_decays_with_the_storage_times(keep_hub: bool) -> None:
    """Deterministic links (p = 1): every pair is emitted when its round starts and
    known d_i later; the hub fuses at max(d_i) and the state is delivered D later (the
    farthest leaf). Pure dephasing multiplies the GHZ coherence |0..0><1..1| by
    exp(-t_j / T2) for each qubit j and its storage time t_j (a Z error on a hub qubit
    before its measurement flips the outcome, so it reaches the leaves too), and
    F = (1 + coherence) / 2 for perfect pairs. Storage: both qubits of every pair from
    emission to fusion, then every qubit of the GHZ state until delivery."""
    t2_s, period_s = 0.02, 1e-4
    herald_s = (2e-4, 5e-4, 3e-4)
    leaf_delay_s = (1e-4, 4e-4, 2e-4)
    links = tuple(
        HeraldedLinkConfig("hub", leaf, outcome(1.0, period_s=period_s), herald_delay_s=(d, d))
        for leaf, d in zip("ABC", herald_s, strict=True)
    )
    config = GhzConfig("hub", links, leaf_delay_s=leaf_delay_s, keep_hub=keep_hub)
    memories = {node: Memory(t2_s=t2_s) for node in ("hub", "A", "B", "C")}
    stats = simulate_ghz(config, memories=memories, rngs=rngs(3), max_states=10)
    fusion_s, delivery_s = max(herald_s), max(leaf_delay_s)
    stored_s = 3 * 2 * fusion_s + config.num_qubits * delivery_s
    expected = (1 + math.exp(-stored_s / t2_s)) / 2
    assert stats.num_pairs == 10
    assert stats.fidelity.mean == pytest.approx(expected, abs=1e-12)
    # Each round lasts fusion + delivery (the attempt period is shorter).
    assert stats.delivery_interval_s.mean == pytest.approx(fusion_s + delivery_s, rel=1e-9)


def test_rate_of_two_geometric_links_is_the_expected_maximum() -> None:
    """Two links of success probabilities p1, p2 per attempt of period T, heralded after
    d = T: each round lasts (max(N1, N2) - 1) T + d + D, with N_i geometric and D the
    leaf delay, and rounds are independent (both links restart at the delivery).
    E[max] = sum_k P(max > k) = sum_k (a^k + b^k - (ab)^k) = 1/p1 + 1/p2 - 1/(1 - ab)
    with a = 1 - p1, b = 1 - p2."""
    p1, p2, period_s, leaf_s = 0.2, 0.35, 1e-3, 5e-4
    links = (
        HeraldedLinkConfig("hub", "A", outcome(p1), herald_delay_s=(period_s, period_s)),
        HeraldedLinkConfig("hub", "B", outcome(p2), herald_delay_s=(period_s, period_s)),
    )
    config = GhzConfig("hub", links, leaf_delay_s=(leaf_s, leaf_s))
    memories = {node: Memory() for node in ("hub", "A", "B")}
    stats = simulate_ghz(config, memories=memories, rngs=rngs(2, seed=11), duration_s=15.0)
    a, b = 1 - p1, 1 - p2
    expected_max = 1 / p1 + 1 / p2 - 1 / (1 - a * b)
    cycle_s = (expected_max - 1) * period_s + period_s + leaf_s
    interval = stats.delivery_interval_s
    assert stats.num_pairs > 2000
    assert abs(interval.mean - cycle_s) < 5 * interval.stderr
    # The rate n / t of a renewal process: error of 1 / mean interval by the delta method.
    rate_stderr = interval.stderr / cycle_s**2
    assert abs(stats.rate_hz - 1 / cycle_s) < 5 * rate_stderr + 1 / stats.sim_time_s


def test_max_states_stops_the_run() -> None:
    links = tuple(HeraldedLinkConfig("hub", leaf, outcome(0.5)) for leaf in "AB")
    stats = simulate_ghz(
        GhzConfig("hub", links, num_channels=2),
        memories={node: Memory() for node in ("hub", "A", "B")},
        rngs=rngs(2),
        max_states=7,
    )
    assert stats.num_pairs == 7


def test_bad_shapes_are_refused() -> None:
    ab = HeraldedLinkConfig("hub", "A", outcome(0.5))
    with pytest.raises(InvalidParameterError, match=r"links\[1\]"):
        GhzConfig("hub", (ab, HeraldedLinkConfig("A", "B", outcome(0.5))))
    with pytest.raises(InvalidParameterError, match="distinct leaves"):
        GhzConfig("hub", (ab, HeraldedLinkConfig("A", "hub", outcome(0.5))))
    with pytest.raises(InvalidParameterError, match="two links"):
        GhzConfig("hub", (ab,), keep_hub=False)
    with pytest.raises(InvalidParameterError, match="leaf_delay_s"):
        GhzConfig("hub", (ab,), leaf_delay_s=(-1.0,), keep_hub=True)
    with pytest.raises(InvalidParameterError, match="memories"):
        simulate_ghz(
            GhzConfig("hub", (ab,), keep_hub=True), memories={}, rngs=rngs(1), duration_s=1.0
        )
