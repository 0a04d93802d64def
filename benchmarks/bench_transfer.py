"""Benchmark: one transfer channel from the cascaded master equation (SciPy vs QuTiP).

The 16-level emitter -> line -> absorber system of ``examples/kurpiers_2018_transmon.yaml``
(central estimates: kappa / 2 pi = 12 MHz, sech photon of 8 MHz, 180 ns, T1 = 5 us,
T2 = 4 us, line 0.85, thermal photons), all four operators propagated in one solve.
QuTiP's ``mesolve`` runs one of them (the |+> input), sparse, in microseconds.
"""

from __future__ import annotations

import json
import math

import numpy as np

from _timing import best_time
from qinternet.physics.devices.transfer import CascadedTransfer, SechPhoton, TransferNode

NODE = TransferNode(12e6, qubit_t1_s=5e-6, qubit_t2_s=4e-6, qubit_thermal_population=0.01)
TRANSFER = CascadedTransfer.matched(
    NODE,
    NODE,
    SechPhoton(8e6),
    duration_s=180e-9,
    line_transmission=0.85,
    line_thermal_photons=0.005,
)


def _qutip_once() -> None:
    import qutip

    equation = TRANSFER.master_equation()
    dims = [[2, 2, 2, 2], [2, 2, 2, 2]]
    us = 1e-6
    grid = np.linspace(TRANSFER.start_s, TRANSFER.stop_s, 2001)

    def sparse(matrix: np.ndarray) -> object:
        return qutip.Qobj(matrix, dims=dims).to("csr")

    hamiltonian = [sparse(equation.hamiltonian * us)] + [
        [sparse(op * us), qutip.coefficient(np.array([p(t) for t in grid]), tlist=grid / us)]
        for op, p in equation.drives
    ]
    initial = np.zeros((16, 16), dtype=complex)
    initial[0, 0] = initial[8, 8] = initial[0, 8] = initial[8, 0] = 0.5
    qutip.mesolve(
        hamiltonian,
        sparse(initial),
        [TRANSFER.start_s / us, TRANSFER.stop_s / us],
        c_ops=[sparse(c * math.sqrt(us)) for c in equation.collapse],
        options={"atol": 1e-10, "rtol": 1e-8},
    )


def main() -> None:
    channel = TRANSFER.channel()
    print(
        json.dumps(
            {
                "benchmark": "transfer_channel_cascaded_16_levels",
                "scipy_channel_wall_s": best_time(TRANSFER.channel),
                "qutip_one_state_wall_s": best_time(_qutip_once, repeats=1),
                "efficiency": channel.efficiency,
                "entanglement_fidelity": channel.entanglement_fidelity,
            }
        )
    )


if __name__ == "__main__":
    main()
