"""Vectorised Monte Carlo of nested repeater chains: many independent trials at once.

The same model as :mod:`qinternet.analysis.chain` (geometric link generation, swaps
that succeed with probability ``p_swap`` and restart both links on failure, Werner
decay ``exp(-wait / T_coh)`` of the link that waits, memory time cut-offs), sampled one
end-to-end link per trial in a numba kernel that runs the trials on all cores. It checks
the exact distribution, and the exact distribution checks it: the two must agree within
the standard errors reported here.

Reproducible: the kernel's random streams are keyed by one 64-bit number drawn from the
caller's ``rng``, and trial ``i`` always uses stream ``i``, so the samples depend only on
the ``rng`` state, not on the number of threads.

References:
    S. Brand, T. Coopmans, D. Elkouss, IEEE J. Sel. Areas Commun. 38, 619 (2020),
    doi:10.1109/JSAC.2020.2969037, arXiv:1912.07688 (the model);
    B. Li, T. Coopmans, D. Elkouss, IEEE Trans. Quantum Eng. 2, 4101015 (2021),
    arXiv:2005.06615 (the memory time cut-off).

Examples:
    >>> import numpy as np
    >>> from qinternet.analysis.chain import ChainParameters
    >>> params = ChainParameters(1, 0.1)
    >>> result = monte_carlo_chain(params, num_trials=100_000, rng=np.random.default_rng(1))
    >>> result.waiting_time.agrees_with(14.736842, num_sigma=5)
    True
    >>> result.fidelity.mean
    1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qinternet.analysis import _kernels
from qinternet.analysis.chain import ChainParameters
from qinternet.core.errors import InvalidParameterError, ResourceLimitError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr

_DECAY_TABLE_SIZE = 4096
"""Waits shorter than this many attempts take their decay factor from a table."""

MAX_TRIALS = 1 << 31
"""Most trials in one call (two 8-byte samples each: 32 GB)."""


@dataclass(frozen=True)
class MonteCarloResult:
    """Means with standard errors over the trials of :func:`monte_carlo_chain`.

    Attributes:
        waiting_time: attempts until the end-to-end link exists.
        werner_parameter: the delivered link's Werner parameter.
        fidelity: the delivered link's fidelity ``(1 + 3 w) / 4`` to phi+.
    """

    waiting_time: MeanEstimate
    werner_parameter: MeanEstimate
    fidelity: MeanEstimate


def sample_chain(
    params: ChainParameters, *, num_trials: int, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Sample ``num_trials`` independent end-to-end links of a nested chain.

    Args:
        params: the chain (see :class:`~qinternet.analysis.chain.ChainParameters`).
        num_trials: number of trials, ``1 <= num_trials <= 2**31``.
        rng: the random stream; one 64-bit key is drawn from it.

    Returns:
        ``(waiting_times, werner_parameters)``: for each trial, the attempts until the
        end-to-end link exists (int64) and its Werner parameter (float64).

    Raises:
        InvalidParameterError: for a bad ``params``, ``num_trials`` or ``rng``.
        ResourceLimitError: for more than ``MAX_TRIALS`` trials.

    Examples:
        >>> times, werners = sample_chain(
        ...     ChainParameters(2, 0.5, link_werner=0.9), num_trials=5,
        ...     rng=np.random.default_rng(7))
        >>> times.shape, bool(np.all(times >= 1)), np.allclose(werners, 0.9**4)
        ((5,), True, True)
    """
    if not isinstance(params, ChainParameters):
        raise InvalidParameterError("params", params, "must be a ChainParameters")
    if (
        isinstance(num_trials, bool)
        or not isinstance(num_trials, int | np.integer)
        or num_trials < 1
    ):
        raise InvalidParameterError("num_trials", num_trials, "must be an integer >= 1")
    if num_trials > MAX_TRIALS:
        raise ResourceLimitError(
            "num_trials", num_trials, f"at most {MAX_TRIALS} per call ({16 * num_trials} bytes)"
        )
    if not isinstance(rng, np.random.Generator):
        raise InvalidParameterError("rng", rng, "must be a numpy.random.Generator")
    key = np.uint64(rng.integers(0, 2**64, dtype=np.uint64))
    p = params.link_success_probability
    inv_log_failure = -0.0 if p == 1.0 else 1.0 / math.log1p(-p)
    cutoffs = np.array(
        [
            min(_kernels.NO_CUTOFF, int(c)) if math.isfinite(c) else _kernels.NO_CUTOFF
            for c in params.level_cutoffs
        ],
        dtype=np.int64,
    )
    inv_coherence = 1.0 / params.coherence_time_attempts
    decay_table = np.exp(-np.arange(_DECAY_TABLE_SIZE) * inv_coherence)
    waiting_times = np.empty(int(num_trials), dtype=np.int64)
    werners = np.empty(int(num_trials), dtype=np.float64)
    _kernels.sample_chain(
        key,
        inv_log_failure,
        params.swap_success_probability,
        params.link_werner,
        inv_coherence,
        cutoffs,
        decay_table,
        waiting_times,
        werners,
    )
    return waiting_times, werners


def monte_carlo_chain(
    params: ChainParameters, *, num_trials: int, rng: np.random.Generator
) -> MonteCarloResult:
    """Mean waiting time, Werner parameter and fidelity of a chain, with standard errors.

    Args:
        params: the chain.
        num_trials: number of independent end-to-end links to sample (>= 2 for errors).
        rng: the random stream.

    Returns:
        :class:`MonteCarloResult`.

    Raises:
        InvalidParameterError: for a bad ``params``, ``num_trials`` or ``rng``.
        ResourceLimitError: for more than ``MAX_TRIALS`` trials.

    References:
        Brand, Coopmans, Elkouss, IEEE JSAC 38, 619 (2020), arXiv:1912.07688.

    Examples:
        >>> from qinternet.analysis.chain import chain_statistics
        >>> params = ChainParameters(2, 0.3, swap_success_probability=0.7,
        ...                          link_werner=0.95, coherence_time_attempts=40.0)
        >>> mc = monte_carlo_chain(params, num_trials=200_000, rng=np.random.default_rng(3))
        >>> exact = chain_statistics(params)
        >>> mc.waiting_time.agrees_with(exact.mean_waiting_time)
        True
        >>> mc.fidelity.agrees_with(exact.mean_fidelity)
        True
    """
    waiting_times, werners = sample_chain(params, num_trials=num_trials, rng=rng)
    werner = mean_with_stderr(werners)
    fidelity = MeanEstimate(
        (1.0 + 3.0 * werner.mean) / 4.0, 0.75 * werner.stderr, werner.num_samples
    )
    return MonteCarloResult(mean_with_stderr(waiting_times), werner, fidelity)
