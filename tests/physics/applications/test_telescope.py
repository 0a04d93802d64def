"""The entanglement-assisted telescope against a two-photon calculation written out here.

The oracle builds the two-photon state mode by mode: the star photon in (sA + e^{i phi} sB)
/sqrt 2, the resource photon in rA or rB, each station's 50:50 splitter mapping
s -> (+ + -)/sqrt 2 and r -> (+ - -)/sqrt 2, and sums |amplitude|^2 of one photon at each
station, weighting the resource's single-excitation block by its density matrix.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.applications.telescope import (
    assisted_event_probability,
    assisted_visibility,
    compare_interferometers,
    direct_visibility,
    estimate_phase,
    fisher_information_per_event,
    simulate_parities,
)
from qinternet.states import DensityMatrix, apply_unitary, random_density, werner

X = np.array([[0, 1], [1, 0]])
SPLIT = {
    "s": {"+": 1 / math.sqrt(2), "-": 1 / math.sqrt(2)},
    "r": {"+": 1 / math.sqrt(2), "-": -1 / math.sqrt(2)},
}


def _amplitudes(phi: float, resource_station: str) -> dict[tuple[str, str], complex]:
    """Amplitudes of (A port, B port) for one photon at each station."""
    star = {"A": 1 / math.sqrt(2), "B": np.exp(1j * phi) / math.sqrt(2)}
    out: dict[tuple[str, str], complex] = {}
    for star_station, star_amplitude in star.items():
        if star_station == resource_station:
            continue  # both photons at one station: not a coincidence
        for star_port, resource_port in itertools.product("+-", repeat=2):
            ports = {star_station: star_port, resource_station: resource_port}
            key = (ports["A"], ports["B"])
            term = star_amplitude * SPLIT["s"][star_port] * SPLIT["r"][resource_port]
            out[key] = out.get(key, 0) + term
    return out


def _oracle(pair: DensityMatrix, phi: float) -> tuple[float, float]:
    """(probability of a coincidence, parity expectation given one)."""
    rho = apply_unitary(pair, X, [1]).matrix  # phi+ -> psi+
    block = {"A": 2, "B": 1}  # |10> holds the photon at A, |01> at B
    probability = {}
    for key in itertools.product("+-", repeat=2):
        total = 0.0
        for j, k in itertools.product("AB", repeat=2):
            total += (
                rho[block[j], block[k]]
                * _amplitudes(phi, j).get(key, 0)
                * np.conj(_amplitudes(phi, k).get(key, 0))
            ).real
        probability[key] = total
    coincidence = sum(probability.values())
    parity = (
        probability[("+", "+")]
        + probability[("-", "-")]
        - probability[("+", "-")]
        - probability[("-", "+")]
    )
    return coincidence, parity / coincidence


@pytest.mark.parametrize("seed", range(5))
def test_visibility_and_event_probability_match_the_two_photon_oracle(seed: int) -> None:
    pair = random_density((2, 2), np.random.default_rng(seed))
    fringe = [_oracle(pair, phi)[1] for phi in (0.0, math.pi / 2)]
    assert assisted_visibility(pair) == pytest.approx(math.hypot(*fringe), abs=1e-12)
    assert assisted_event_probability(pair) == pytest.approx(_oracle(pair, 0.3)[0], abs=1e-12)


@pytest.mark.parametrize("f", [0.25, 0.6, 0.9, 1.0])
def test_werner_pair_closed_form(f: float) -> None:
    # psi+ carries F and the single-excitation psi- (1 - F)/3, with opposite coherence:
    # V = (F - (1 - F)/3)/(F + (1 - F)/3) = (4F - 1)/(2F + 1), times the star's |g|.
    assert assisted_visibility(werner(f), 0.7) == pytest.approx(0.7 * (4 * f - 1) / (2 * f + 1))


def test_direct_visibility_from_the_unbalanced_interferometer() -> None:
    # One photon (|A> + sqrt(t) e^{i phi}|B>)/sqrt 2 on a 50:50 splitter: P(+-) is
    # |1 +- sqrt(t) e^{i phi}|^2 / 4, so the fringe is 2 sqrt(t) cos(phi)/(1 + t).
    t = 0.09
    plus = lambda phi: abs(1 + math.sqrt(t) * np.exp(1j * phi)) ** 2 / 4  # noqa: E731
    minus = lambda phi: abs(1 - math.sqrt(t) * np.exp(1j * phi)) ** 2 / 4  # noqa: E731
    fringe = (plus(0) - minus(0)) / (plus(0) + minus(0))
    assert direct_visibility(t) == pytest.approx(fringe)
    assert plus(0) + minus(0) == pytest.approx((1 + t) / 2)


@pytest.mark.parametrize(("v", "x"), [(0.9, 0.4), (0.5, math.pi / 2), (0.99, 2.0)])
def test_fisher_information_by_finite_differences(v: float, x: float) -> None:
    p = lambda phi: 0.5 * (1 + v * math.cos(phi))  # noqa: E731
    h = 1e-6
    derivative = (p(x + h) - p(x - h)) / (2 * h)
    expected = derivative**2 / p(x) + derivative**2 / (1 - p(x))
    assert fisher_information_per_event(v, x) == pytest.approx(expected, rel=1e-6)


def test_phase_estimates_scatter_as_their_stated_error() -> None:
    rng = np.random.default_rng(2012)
    offsets = np.repeat([0.0, math.pi / 2], 2000)
    estimates = [
        estimate_phase(simulate_parities(0.7, 1.1, offsets, rng), offsets) for _ in range(200)
    ]
    phases = np.array([e.phase_rad for e in estimates])
    stated = np.mean([e.stderr_rad for e in estimates])
    assert abs(phases.mean() - 1.1) < 5 * stated / math.sqrt(len(phases))
    # The sample standard deviation of 200 draws has relative error 1/sqrt(398) ~ 5 %.
    assert phases.std(ddof=1) == pytest.approx(stated, rel=5 / math.sqrt(398))


def test_assisted_beats_direct_only_when_the_fibre_loses_enough() -> None:
    kwargs = dict(pair_rate_hz=1e4, star_photons_per_mode=1e-2, mode_rate_hz=1e9)
    pair = werner(0.9)
    close = compare_interferometers(pair, transmission=0.5, **kwargs)
    far = compare_interferometers(pair, transmission=1e-8, **kwargs)
    # Direct: rate 1e7 (1 + t)/2 and V = 2 sqrt(t)/(1 + t); assisted: 1e4 * 1e-2 * P/2.
    population = 0.9 + 0.1 / 3
    assert far.assisted_rate_hz == pytest.approx(1e2 * population / 2)
    assert far.direct_error_rad_sqrt_s == pytest.approx(
        1 / math.sqrt(1e7 * (1 + 1e-8) / 2 * (2 * 1e-4 / (1 + 1e-8)) ** 2)
    )
    assert close.direct_error_rad_sqrt_s < close.assisted_error_rad_sqrt_s
    assert far.assisted_error_rad_sqrt_s < far.direct_error_rad_sqrt_s


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="source_coherence"):
        assisted_visibility(werner(0.9), 1.2)
    with pytest.raises(InvalidParameterError, match="transmission"):
        direct_visibility(-0.1)
    with pytest.raises(InvalidParameterError, match="offsets_rad"):
        estimate_phase([1, -1, 1], [0.0, 0.3, 0.0])
    with pytest.raises(InvalidParameterError, match="parities"):
        estimate_phase([1, 0], [0.0, math.pi / 2])
    with pytest.raises(InvalidParameterError, match="pair_rate_hz"):
        compare_interferometers(
            werner(0.9),
            pair_rate_hz=-1.0,
            star_photons_per_mode=0.1,
            mode_rate_hz=1.0,
            transmission=0.5,
        )
