"""Closed forms and exact statistics: repeaterless bounds, repeater-chain distributions.

- Bounds (:mod:`.bounds`): PLOB ``-log2(1 - eta)`` and TGW ``log2((1 + eta)/(1 - eta))``
  bits per channel use, from a transmissivity or a fibre length, and per second.
- Exact chain statistics (:mod:`.chain`): the waiting-time distribution and the
  Werner parameter function of a nested repeater chain with geometric link generation,
  probabilistic swaps, memory decoherence and cut-offs (Brand, Coopmans, Elkouss 2020;
  Li, Coopmans, Elkouss 2021), in milliseconds.
- Monte Carlo (:mod:`.monte_carlo`): the same chains sampled, many trials at once in a
  numba kernel, means with standard errors.

Outside the layer stack: imports only :mod:`qinternet.core.errors` and :mod:`qinternet.core.units`
(L0) and is imported by protocols, network and cli. numba only in ``_kernels.py``.

Examples:
    >>> round(plob_bound(0.01), 8)
    0.01449957
    >>> stats = chain_statistics(ChainParameters(1, 0.1), tail_mass=1e-13)
    >>> round(stats.mean_waiting_time, 6)
    14.736842
"""

from pathlib import Path

from qinternet.core.numba_cache import ensure_numba_cache_dir

ensure_numba_cache_dir(Path(__file__).with_name("__pycache__"))  # before a kernel loads numba

from qinternet.analysis.bounds import (
    DEFAULT_ATTENUATION_DB_PER_KM,
    fibre_transmissivity,
    plob_bound,
    plob_bound_from_length,
    plob_bound_per_second,
    tgw_bound,
    tgw_bound_from_length,
    tgw_bound_per_second,
)
from qinternet.analysis.chain import (
    ChainParameters,
    ChainStatistics,
    chain_statistics,
    fidelity_from_werner,
    werner_from_fidelity,
)
from qinternet.analysis.correlations import (
    CorrelationDecay,
    connected_correlation,
    correlation_decay,
)
from qinternet.analysis.monte_carlo import (
    MonteCarloResult,
    monte_carlo_chain,
    sample_chain,
)
from qinternet.analysis.records import (
    MeasurementRecords,
    read_records_csv,
    sample_records,
    write_records_csv,
)
from qinternet.analysis.verification import (
    GHZ_WITNESS_BOUND,
    fidelity_from_records,
    fidelity_settings,
    fidelity_witness,
    two_setting_witness,
    w_witness_bound,
)
from qinternet.core.statistics import MeanEstimate

__all__ = [
    "DEFAULT_ATTENUATION_DB_PER_KM",
    "GHZ_WITNESS_BOUND",
    "ChainParameters",
    "ChainStatistics",
    "CorrelationDecay",
    "MeanEstimate",
    "MeasurementRecords",
    "MonteCarloResult",
    "chain_statistics",
    "connected_correlation",
    "correlation_decay",
    "fibre_transmissivity",
    "fidelity_from_records",
    "fidelity_from_werner",
    "fidelity_settings",
    "fidelity_witness",
    "monte_carlo_chain",
    "plob_bound",
    "plob_bound_from_length",
    "plob_bound_per_second",
    "read_records_csv",
    "sample_chain",
    "sample_records",
    "tgw_bound",
    "tgw_bound_from_length",
    "tgw_bound_per_second",
    "two_setting_witness",
    "w_witness_bound",
    "werner_from_fidelity",
    "write_records_csv",
]
