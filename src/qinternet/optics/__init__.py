"""Linear optics: Fock states through interferometers (numbers in, numbers out).

An independent layer (docs/DESIGN.md): it imports only ``qinternet.errors``,
``qinternet.units`` and ``qinternet.rng``. numba is imported only in ``_kernels.py``.

Convention: an ``m x m`` unitary ``U`` sends the creation operator of input mode ``j``
to ``sum_k U[k, j] b_k^dagger``, so the amplitude of output occupation ``t`` given
input occupation ``s`` is ``perm(U[t, s]) / sqrt(prod(s!) prod(t!))``, where
``U[t, s]`` repeats row ``k`` ``t_k`` times and column ``j`` ``s_j`` times.
"""

from qinternet.optics.fock import (
    FockDistribution,
    fock_amplitude,
    fock_probability,
    hilbert_dimension,
    output_distribution,
)
from qinternet.optics.permanent import permanent
from qinternet.optics.sampling import sample

__all__ = [
    "FockDistribution",
    "fock_amplitude",
    "fock_probability",
    "hilbert_dimension",
    "output_distribution",
    "permanent",
    "sample",
]
