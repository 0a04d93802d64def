"""Linear optics: Fock states through interferometers (numbers in, numbers out).

An independent layer (docs/DESIGN.md): it imports only ``qinternet.core.errors``,
``qinternet.core.units`` and ``qinternet.core.rng``. numba is imported only in ``_kernels.py``.

Convention: an ``m x m`` unitary ``U`` sends the creation operator of input mode ``j``
to ``sum_k U[k, j] b_k^dagger``, so the amplitude of output occupation ``t`` given
input occupation ``s`` is ``perm(U[t, s]) / sqrt(prod(s!) prod(t!))``, where
``U[t, s]`` repeats row ``k`` ``t_k`` times and column ``j`` ``s_j`` times.

The names below are imported from their modules on first use, so a caller that needs
one module (the link layer needs only Fock-space bases) loads neither numba nor SciPy.
``permanent`` and ``pachinko`` name both a function and its module: the package keeps
the function (the modules stay importable by their full names).

Examples:
    >>> import numpy as np
    >>> import qinternet.optics.permanent
    >>> from qinternet.optics import permanent
    >>> round(permanent(np.ones((3, 3))).real, 9)
    6.0
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qinternet.core.lazy import lazy_exports
from qinternet.core.numba_cache import ensure_numba_cache_dir

if TYPE_CHECKING:
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

_HOMES = {
    "clements_decomposition": "qinternet.optics.clements",
    "BeamSplitter": "qinternet.optics.components",
    "Interferometer": "qinternet.optics.components",
    "PhaseShifter": "qinternet.optics.components",
    "haar_random_unitary": "qinternet.optics.components",
    "FockDistribution": "qinternet.optics.fock",
    "fock_amplitude": "qinternet.optics.fock",
    "fock_probability": "qinternet.optics.fock",
    "hilbert_dimension": "qinternet.optics.fock",
    "output_distribution": "qinternet.optics.fock",
    "coherent_output": "qinternet.optics.gaussian",
    "coherent_photon_probabilities": "qinternet.optics.gaussian",
    "mean_photon_numbers": "qinternet.optics.gaussian",
    "squeezed_output_covariance": "qinternet.optics.gaussian",
    "symplectic_matrix": "qinternet.optics.gaussian",
    "detect": "qinternet.optics.imperfections",
    "hom_coincidence_probability": "qinternet.optics.imperfections",
    "lossy_unitary": "qinternet.optics.imperfections",
    "to_threshold": "qinternet.optics.imperfections",
    "two_photon_probability": "qinternet.optics.imperfections",
    "PachinkoMachine": "qinternet.optics.pachinko",
    "pachinko": "qinternet.optics.pachinko",
    "search_likely_outcomes": "qinternet.optics.pachinko",
    "permanent": "qinternet.optics.permanent",
    "sample": "qinternet.optics.sampling",
    "AmplitudeEstimate": "qinternet.optics.two_port",
    "TwoPortInput": "qinternet.optics.two_port",
    "two_port_amplitude": "qinternet.optics.two_port",
    "two_port_log_probability": "qinternet.optics.two_port",
    "two_port_probability": "qinternet.optics.two_port",
}
"""Each public name and the module that defines it."""

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


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
ensure_numba_cache_dir(Path(__file__).with_name("__pycache__"))  # before a kernel loads numba


class _Package(types.ModuleType):
    """The package, keeping its public names when a submodule of the same name loads
    (the import system would set ``optics.permanent`` to the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == value.__name__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
