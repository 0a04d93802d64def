"""Tests of two-port Fock inputs |N>|M> in polynomial time."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, NonUnitaryError
from qinternet.optics.components import haar_random_unitary
from qinternet.optics.fock import output_distribution
from qinternet.optics.pachinko import pachinko
from qinternet.optics.two_port import (
    TwoPortInput,
    two_port_amplitude,
    two_port_log_probability,
    two_port_probability,
)

# The polynomial route and the permanent differ only by rounding in sums of at most
# C(n, N) products: relative 1e-10 leaves three orders of magnitude of margin.
RELATIVE_TOLERANCE = 1e-10
FIFTY_FIFTY = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)


def _ryser_permanent(matrix: np.ndarray) -> complex:
    """Ryser's formula by explicit subsets (oracle for n <= 12)."""
    size = matrix.shape[0]
    total = 0j
    for subset_size in range(1, size + 1):
        for columns in itertools.combinations(range(size), subset_size):
            row_sums = matrix[:, list(columns)].sum(axis=1)
            total += (-1) ** subset_size * np.prod(row_sums)
    return complex((-1) ** size * total)


def _oracle_amplitude(
    unitary: np.ndarray, modes: tuple[int, int], photons: tuple[int, int], outputs: tuple[int, ...]
) -> complex:
    rows = [k for k, count in enumerate(outputs) for _ in range(count)]
    cols = [modes[0]] * photons[0] + [modes[1]] * photons[1]
    norm = math.sqrt(
        math.factorial(photons[0])
        * math.factorial(photons[1])
        * math.prod(math.factorial(c) for c in outputs)
    )
    return _ryser_permanent(unitary[np.ix_(rows, cols)]) / norm


def _occupations(num_photons: int, num_modes: int) -> Iterator[tuple[int, ...]]:
    for bars in itertools.combinations(range(num_photons + num_modes - 1), num_modes - 1):
        edges = (-1, *bars, num_photons + num_modes - 1)
        yield tuple(edges[k + 1] - edges[k] - 1 for k in range(num_modes))


@pytest.mark.parametrize(
    ("photons", "modes"), [((2, 3), (1, 3)), ((4, 1), (0, 2)), ((0, 3), (3, 1))]
)
def test_amplitudes_match_permanents_on_haar_unitaries(
    photons: tuple[int, int], modes: tuple[int, int]
) -> None:
    unitary = haar_random_unitary(4, np.random.default_rng(sum(photons) + modes[0]))
    source = TwoPortInput(unitary, modes, photons)
    total = 0.0
    for outputs in _occupations(sum(photons), 4):
        expected = _oracle_amplitude(unitary, modes, photons, outputs)
        got = source.amplitude(outputs)
        assert abs(got - expected) <= RELATIVE_TOLERANCE * max(abs(expected), 1e-300) + 1e-16
        total += abs(got) ** 2
    assert total == pytest.approx(1.0, abs=1e-12)


def test_ten_photons_in_the_five_level_machine_match_ryser() -> None:
    machine = pachinko(5, phases=np.random.default_rng(8).uniform(0, 6, 20))
    photons = (4, 6)
    rng = np.random.default_rng(9)
    for _ in range(5):
        outputs = tuple(int(c) for c in rng.multinomial(10, np.full(10, 0.1)))
        expected = _oracle_amplitude(machine.unitary, machine.input_modes, photons, outputs)
        got = two_port_amplitude(machine.unitary, machine.input_modes, photons, outputs)
        assert abs(got - expected) <= RELATIVE_TOLERANCE * abs(expected) + 1e-16


def test_agrees_with_the_fock_distribution() -> None:
    machine = pachinko(3, reflectivity=0.35)
    distribution = output_distribution(machine.unitary, machine.input_occupation(3, 2))
    source = TwoPortInput(machine.unitary, machine.input_modes, (3, 2))
    for outputs, probability in distribution.items():
        assert source.probability(outputs) == pytest.approx(probability, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("n", [1, 10, 30, 60, 100])
def test_twin_fock_on_a_fifty_fifty_splitter(n: int) -> None:
    # |n, n> on a 50/50 splitter: P(2k, 2n - 2k) = C(2k, k) C(2n - 2k, n - k) / 4^n and
    # odd splits vanish (Campos, Saleh, Teich, Phys. Rev. A 40, 1371 (1989)). The
    # worst case for cancellation in the polynomial (all digits lost near n = 45); the
    # rotated-mode fallback keeps ~1e-13 (observed) up to 200 photons, so 1e-10 holds.
    source = TwoPortInput(FIFTY_FIFTY, (0, 1), (n, n))
    for k in range(n + 1):
        expected = math.comb(2 * k, k) * math.comb(2 * n - 2 * k, n - k) / 4**n
        estimate = source.estimate((2 * k, 2 * n - 2 * k))
        assert math.exp(estimate.log_probability) == pytest.approx(expected, rel=RELATIVE_TOLERANCE)
        assert estimate.relative_error < RELATIVE_TOLERANCE
    # Odd splits: zero up to rounding; the estimate does not claim relative accuracy.
    odd = source.estimate((1, 2 * n - 1))
    assert odd.mantissa == 0 or (odd.log_probability < -60 and odd.relative_error > 1e-3)


def _gaussian_integer_column(levels: int, lane: int) -> list[tuple[int, int]]:
    """sqrt(2)^L U[:, lane] of the 50/50 pachinko machine, propagated in Gaussian integers.

    An independent construction of the lattice: each splitter is [[i, 1], [1, i]] on
    integer pairs (re, im); every path from lanes L-1, L crosses exactly L splitters.
    """
    amplitudes = [(0, 0)] * (2 * levels)
    amplitudes[lane] = (1, 0)
    for level in range(1, levels + 1):
        for j in range(level):
            left = levels - level + 2 * j
            (a_re, a_im), (b_re, b_im) = amplitudes[left], amplitudes[left + 1]
            amplitudes[left] = (-a_im + b_re, a_re + b_im)  # i a + b
            amplitudes[left + 1] = (a_re - b_im, a_im + b_re)  # a + i b
    return amplitudes


def _exact_log_probability(levels: int, photons: tuple[int, int], outputs: np.ndarray) -> float:
    """log P by the polynomial formula in exact Gaussian-integer arithmetic (oracle)."""
    first = _gaussian_integer_column(levels, levels - 1)
    second = _gaussian_integer_column(levels, levels)
    n, m = photons
    polynomial = [(1, 0)] + [(0, 0)] * n  # coefficients of x^0 .. x^n
    for mode, count in enumerate(outputs.tolist()):
        (u_re, u_im), (v_re, v_im) = first[mode], second[mode]
        for _ in range(count):
            updated = []
            for degree in range(n + 1):
                p_re, p_im = polynomial[degree]
                re, im = v_re * p_re - v_im * p_im, v_re * p_im + v_im * p_re
                if degree:
                    q_re, q_im = polynomial[degree - 1]
                    re, im = re + u_re * q_re - u_im * q_im, im + u_re * q_im + u_im * q_re
                updated.append((re, im))
            polynomial = updated
    re, im = polynomial[n]
    log_factorials = math.lgamma(n + 1) + math.lgamma(m + 1)
    log_factorials -= sum(math.lgamma(c + 1) for c in outputs.tolist())
    return log_factorials + math.log(re * re + im * im) - levels * (n + m) * math.log(2)


def test_gaussian_integer_oracle_reproduces_the_machine() -> None:
    machine = pachinko(5)
    for lane in (4, 5):
        column = np.array([complex(*z) for z in _gaussian_integer_column(5, lane)])
        np.testing.assert_allclose(column / 2**2.5, machine.unitary[:, lane], atol=1e-14)


def test_137_photons_in_two_ports_match_exact_arithmetic() -> None:
    # |68>|69> in the 69-level machine against exact integer arithmetic: typical
    # outcomes (log P ~ -130, where the plain polynomial loses up to 5 digits), an
    # outcome in a handful of central lanes, and all photons spread one per lane
    # (log P ~ -794, far below the float range). Observed errors <= 2e-10 relative.
    machine = pachinko(69)
    source = TwoPortInput(machine.unitary, machine.input_modes, (68, 69))
    weights = np.abs(machine.unitary[:, 68]) ** 2 + np.abs(machine.unitary[:, 69]) ** 2
    rng = np.random.default_rng(0)
    outcomes = [rng.multinomial(137, weights / weights.sum()) for _ in range(2)]
    outcomes.append(np.array([0] * 60 + [10] * 13 + [7] + [0] * 64))
    outcomes.append(np.array([1] * 137 + [0]))
    for outputs in outcomes:
        estimate = source.estimate(outputs)
        exact = _exact_log_probability(69, (68, 69), outputs)
        assert estimate.log_probability == pytest.approx(exact, abs=1e-9)
        assert estimate.relative_error < 1e-9


def test_137_photons_single_port_is_multinomial() -> None:
    # |137>|0>: the output is multinomial with probabilities |U[k, L-1]|^2 (exact).
    machine = pachinko(69)
    weights = np.abs(machine.unitary[:, machine.input_modes[0]]) ** 2
    outputs = np.random.default_rng(1).multinomial(137, weights)
    expected = math.lgamma(138) + sum(
        c * math.log(w) - math.lgamma(c + 1) for c, w in zip(outputs, weights, strict=True) if c
    )
    got = two_port_log_probability(machine.unitary, machine.input_modes, (137, 0), outputs)
    assert got == pytest.approx(expected, rel=1e-12)


def test_137_photons_two_ports_finite_and_symmetric() -> None:
    # |68>|69> in the 69-level machine: finite log-probabilities far below float range,
    # and swapping the ports' roles (a different polynomial) gives the same number.
    machine = pachinko(69)
    outputs = np.array([1] * 137 + [0])
    forward = TwoPortInput(machine.unitary, machine.input_modes, (68, 69))
    backward = TwoPortInput(machine.unitary, machine.input_modes[::-1], (69, 68))
    log_p = forward.log_probability(outputs)
    assert math.isfinite(log_p)
    assert backward.log_probability(outputs) == pytest.approx(log_p, rel=1e-10)


def test_wrong_photon_number_has_zero_probability() -> None:
    assert two_port_probability(FIFTY_FIFTY, (0, 1), (1, 1), (1, 0)) == 0.0
    assert two_port_log_probability(FIFTY_FIFTY, (0, 1), (1, 1), (3, 0)) == -math.inf


@pytest.mark.parametrize(
    ("args", "error", "name"),
    [
        ((FIFTY_FIFTY, (0, 0), (1, 1)), InvalidParameterError, "input_modes"),
        ((FIFTY_FIFTY, (0, 2), (1, 1)), InvalidParameterError, "input_modes"),
        ((FIFTY_FIFTY, (0,), (1, 1)), InvalidParameterError, "input_modes"),
        ((FIFTY_FIFTY, (0, 1), (1, -1)), InvalidParameterError, "photons"),
        ((FIFTY_FIFTY, (0, 1), (1.5, 1)), InvalidParameterError, "photons"),
        ((np.ones((2, 2)), (0, 1), (1, 1)), NonUnitaryError, "unitary"),
    ],
)
def test_rejects_bad_inputs(args: tuple[object, ...], error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=rf"^{name}="):
        TwoPortInput(*args)  # type: ignore[arg-type]


def test_rejects_bad_outputs_and_search_parameters() -> None:
    source = TwoPortInput(FIFTY_FIFTY, (0, 1), (1, 1))
    with pytest.raises(DimensionMismatchError, match=r"^output_occupation="):
        source.probability((1, 1, 0))
    with pytest.raises(InvalidParameterError, match=r"^output_occupation="):
        source.probability((3, -1))
