"""Linear optics: Fock states through interferometers (numbers in, numbers out).

An independent layer (docs/DESIGN.md): it imports only ``qinternet.core.errors``,
``qinternet.core.units`` and ``qinternet.core.rng``. numba is imported only in ``_kernels.py``.

Convention: an ``m x m`` unitary ``U`` sends the creation operator of input mode ``j``
to ``sum_k U[k, j] b_k^dagger``, so the amplitude of output occupation ``t`` given
input occupation ``s`` is ``perm(U[t, s]) / sqrt(prod(s!) prod(t!))``, where
``U[t, s]`` repeats row ``k`` ``t_k`` times and column ``j`` ``s_j`` times.
"""

from qinternet.optics.clements import clements_decomposition
from qinternet.optics.components import (
    BeamSplitter,
    Interferometer,
    PhaseShifter,
    haar_random_unitary,
)
from qinternet.optics.fock import (
    FockDistribution,
    fock_amplitude,
    fock_probability,
    hilbert_dimension,
    output_distribution,
)
from qinternet.optics.gaussian import (
    coherent_output,
    coherent_photon_probabilities,
    mean_photon_numbers,
    squeezed_output_covariance,
    symplectic_matrix,
)
from qinternet.optics.imperfections import (
    detect,
    hom_coincidence_probability,
    lossy_unitary,
    to_threshold,
    two_photon_probability,
)
from qinternet.optics.pachinko import PachinkoMachine, pachinko, search_likely_outcomes
from qinternet.optics.permanent import permanent
from qinternet.optics.sampling import sample
from qinternet.optics.two_port import (
    AmplitudeEstimate,
    TwoPortInput,
    two_port_amplitude,
    two_port_log_probability,
    two_port_probability,
)

__all__ = [
    "AmplitudeEstimate",
    "BeamSplitter",
    "FockDistribution",
    "Interferometer",
    "PachinkoMachine",
    "PhaseShifter",
    "TwoPortInput",
    "clements_decomposition",
    "coherent_output",
    "coherent_photon_probabilities",
    "detect",
    "fock_amplitude",
    "fock_probability",
    "haar_random_unitary",
    "hilbert_dimension",
    "hom_coincidence_probability",
    "lossy_unitary",
    "mean_photon_numbers",
    "output_distribution",
    "pachinko",
    "permanent",
    "sample",
    "search_likely_outcomes",
    "squeezed_output_covariance",
    "symplectic_matrix",
    "to_threshold",
    "two_photon_probability",
    "two_port_amplitude",
    "two_port_log_probability",
    "two_port_probability",
]
