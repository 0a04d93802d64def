"""W states from a heralded excitation split among the leaves of a star (sim.w_states).

Every expected value is derived here from the amplitudes: the splitter sends the
excitation to leaf j with amplitude 1/sqrt(k), the loss eta_j leaves sqrt(eta_j / k), so
|psi> = sum_j sqrt(eta_j / k) |1_j> plus the vacuum with weight 1 - sum_j eta_j / k, and
F = <W|rho|W> = |<W|psi>|^2 = |sum_j sqrt(eta_j) / k|^2 (the vacuum is orthogonal to W).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.sim.w_states import WConfig, simulate_w, w_fidelity
from qinternet.states import DensityMatrix


def one_state(config: WConfig, seed: int = 3) -> DensityMatrix:
    stats = simulate_w(config, rng=np.random.default_rng(seed), max_states=2)
    assert stats.state is not None
    return stats.state


def amplitudes_state(amplitudes: list[float]) -> np.ndarray:
    """|psi><psi| + (1 - |psi|^2)|0><0| for psi = sum_j a_j |1_j> (qubit 0 leftmost)."""
    k = len(amplitudes)
    vector = np.zeros(2**k)
    for j, a in enumerate(amplitudes):
        vector[2 ** (k - 1 - j)] = a
    rho = np.outer(vector, vector).astype(complex)
    rho[0, 0] += 1.0 - float(np.sum(np.square(amplitudes)))
    return rho


@pytest.mark.parametrize("k", [2, 3, 5])
def test_lossless_ideal_memories_give_the_w_state(k: int) -> None:
    stats = simulate_w(
        WConfig("S", tuple(f"L{j}" for j in range(k)), 0.5, 1e3),
        rng=np.random.default_rng(1),
        max_states=5,
    )
    assert stats.fidelity.mean == pytest.approx(1.0, abs=1e-12)
    assert stats.vacuum_probability.mean == pytest.approx(0.0, abs=1e-12)
    assert stats.witness == pytest.approx((k - 1) / k - 1.0, abs=1e-12)
    # The W state itself, from QuTiP: (|10..0> + ... + |0..01>)/sqrt(k).
    expected = qutip.w_state(k).full()
    assert stats.state is not None
    assert np.allclose(stats.state.matrix, expected @ expected.conj().T, atol=1e-12)


def test_transmissions_give_the_closed_form_state_and_fidelity() -> None:
    etas = (0.9, 0.5, 0.2, 0.05)
    k = len(etas)
    state = one_state(WConfig("S", ("A", "B", "C", "D"), 0.3, 1e4, transmissions=etas))
    expected = amplitudes_state([math.sqrt(eta / k) for eta in etas])
    assert np.allclose(state.matrix, expected, atol=1e-12)
    fidelity = sum(math.sqrt(eta) for eta in etas) ** 2 / k**2
    assert w_fidelity(state) == pytest.approx(fidelity, abs=1e-12)
    # The same number from QuTiP: <W|rho|W> with its W state.
    rho = qutip.Qobj(state.matrix, dims=[[2] * k, [2] * k])
    assert qutip.expect(rho, qutip.w_state(k)) == pytest.approx(fidelity, abs=1e-12)


def test_witness_of_a_known_case() -> None:
    # eta = 0.81 on each of three leaves: F = (3 x 0.9 / 3)^2 = 0.81, bound 2/3.
    stats = simulate_w(
        WConfig("S", ("A", "B", "C"), 0.1, 1e4, transmissions=(0.81,) * 3),
        rng=np.random.default_rng(2),
        max_states=3,
    )
    assert stats.witness == pytest.approx(2 / 3 - 0.81, abs=1e-12)
    assert stats.witness < 0
    assert stats.conditional_fidelity == pytest.approx(1.0, abs=1e-12)


def test_memory_decay_gives_the_decayed_amplitudes() -> None:
    """Leaf j holds its part from herald + d_j to herald + max d: t_j = max d - d_j.
    T1 takes |1_j> to the vacuum (weight a_j^2 exp(-t_j/T1)); T2 multiplies each
    coherence |1_i><1_j| by exp(-t_i/T2) exp(-t_j/T2)."""
    t1_s, t2_s = 3e-6, 4e-6
    delays = (0.0, 1e-6, 2.5e-6, 4e-6)
    etas = (0.8, 0.6, 0.9, 0.7)
    k = len(delays)
    config = WConfig(
        "S",
        ("A", "B", "C", "D"),
        0.2,
        1e5,
        transmissions=etas,
        leaf_delay_s=delays,
        leaf_memories=(Memory(t1_s=t1_s, t2_s=t2_s),) * k,
    )
    state = one_state(config)
    times = [max(delays) - d for d in delays]
    a = [math.sqrt(eta / k) for eta in etas]
    block = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            if i == j:
                block[i, j] = a[i] ** 2 * math.exp(-times[i] / t1_s)
            else:
                block[i, j] = a[i] * a[j] * math.exp(-(times[i] + times[j]) / t2_s)
    index = [2 ** (k - 1 - j) for j in range(k)]
    assert np.allclose(state.matrix[np.ix_(index, index)], block, atol=1e-12)
    assert state.matrix[0, 0].real == pytest.approx(1 - np.trace(block), abs=1e-12)
    assert w_fidelity(state) == pytest.approx(block.sum() / k, abs=1e-12)


def test_the_rate_is_attempt_rate_times_p_within_five_sigma() -> None:
    """Herald times form a renewal process with geometric gaps X = N / R: the count
    over T has variance T var(X) / E[X]^3 = T (1 - p) p R."""
    p, rate_hz, duration_s = 0.3, 1e4, 2.0
    stats = simulate_w(
        WConfig("S", ("A", "B"), p, rate_hz), rng=np.random.default_rng(7), duration_s=duration_s
    )
    sigma_hz = math.sqrt(duration_s * (1 - p) * p * rate_hz) / duration_s
    assert abs(stats.rate_hz - p * rate_hz) < 5 * sigma_hz


def test_the_light_delay_adds_to_each_cycle() -> None:
    """A cycle is N / R + D (the next attempts start at the delivery): the rate is
    1 / E[X] and the waiting time E[X], with var(X) = (1 - p) / (p R)^2."""
    p, rate_hz, delay_s, duration_s = 0.05, 1e5, 2e-4, 5.0
    config = WConfig("S", ("A", "B", "C"), p, rate_hz, leaf_delay_s=(0.0, delay_s, 0.5 * delay_s))
    stats = simulate_w(config, rng=np.random.default_rng(11), duration_s=duration_s)
    mean_s = 1 / (p * rate_hz) + delay_s
    var_s2 = (1 - p) / (p * rate_hz) ** 2
    sigma_hz = math.sqrt(duration_s * var_s2 / mean_s**3) / duration_s
    assert abs(stats.rate_hz - 1 / mean_s) < 5 * sigma_hz
    assert config.expected_rate_hz == pytest.approx(1 / mean_s, rel=1e-12)
    waiting = stats.waiting_time_s
    assert abs(waiting.mean - mean_s) < 5 * math.sqrt(var_s2 / waiting.num_samples)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"leaves": ("A",)}, "leaves"),
        ({"leaves": ("A", "A")}, "leaves"),
        ({"leaves": ("S", "A")}, "leaves"),
        ({"excitation_probability": 0.0}, "excitation_probability"),
        ({"attempt_rate_hz": math.inf}, "attempt_rate_hz"),
        ({"transmissions": (0.5, 1.5)}, "transmissions[1]"),
        ({"transmissions": (0.5,)}, "transmissions"),
        ({"leaf_delay_s": (0.0, -1.0)}, "leaf_delay_s[1]"),
    ],
)
def test_bad_configurations_are_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    arguments: dict[str, object] = {
        "source": "S",
        "leaves": ("A", "B"),
        "excitation_probability": 0.5,
        "attempt_rate_hz": 1e3,
        **change,
    }
    with pytest.raises(InvalidParameterError) as error:
        WConfig(**arguments)  # type: ignore[arg-type]
    assert error.value.name == field
