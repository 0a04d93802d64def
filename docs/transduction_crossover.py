"""Make docs/transduction_crossover.png: transduction vs a cryogenic microwave line.

Run from the repository root: ``python docs/transduction_crossover.py``.

Left: the fidelity of a pair made by deterministic transfer against distance, over a
cryogenic microwave line (0.005 dB/m, the lowest loss measured by Kurpiers et al., EPJ
Quantum Technol. 4, 8 (2017), abstract; and an illustrative 0.1 dB/m; both at 50 mK,
6 GHz) and over optical fibre (0.2 dB/km) through two transducers of efficiency eta_t and
added noise N (illustrative values). Middle: the rate (one pair per photon window plus
acknowledgement round trip). Right: the transducer efficiency needed to match the
0.005 dB/m line, against length, for several added noises.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qinternet.physics.devices.transducer import (
    MicrowaveLine,
    Transducer,
    microwave_link,
    optical_link,
    required_efficiency,
)

OUT = Path(__file__).with_name("transduction_crossover.png")
LENGTHS_M = np.logspace(0, 5, 200)
LINES = {
    "microwave line 0.005 dB/m": MicrowaveLine(0.005, 0.05),
    "microwave line 0.1 dB/m": MicrowaveLine(0.1, 0.05),
}
CONVERTERS = {
    "transducers eta_t=0.5, N=0.01": Transducer(0.5, 0.01, 1e6),
    "transducers eta_t=0.9, N=0.001": Transducer(0.9, 0.001, 1e6),
}


def main() -> None:
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.5))
    for label, line in LINES.items():
        links = [microwave_link(line, length) for length in LENGTHS_M]
        left.plot(LENGTHS_M, [link.fidelity for link in links], label=label)
        middle.plot(LENGTHS_M, [link.rate_hz for link in links], label=label)
    for label, converter in CONVERTERS.items():
        links = [optical_link(converter, length) for length in LENGTHS_M]
        left.plot(LENGTHS_M, [link.fidelity for link in links], "--", label=label)
        middle.plot(LENGTHS_M, [link.rate_hz for link in links], "--", label=label)
    best = LINES["microwave line 0.005 dB/m"]
    for noise in (0.0, 0.01, 0.1):
        needed = [required_efficiency(noise, length, best) for length in LENGTHS_M]
        right.plot(
            LENGTHS_M,
            [np.nan if value is None else value for value in needed],
            label=f"N = {noise}",
        )
    left.set(xscale="log", xlabel="distance (m)", ylabel="fidelity with phi+", ylim=(0.25, 1.0))
    middle.set(xscale="log", yscale="log", xlabel="distance (m)", ylabel="pairs per second")
    right.set(
        xscale="log",
        xlabel="distance (m)",
        ylabel="transducer efficiency needed",
        title="to match the 0.005 dB/m line",
        ylim=(0, 1.02),
    )
    for axis in (left, middle, right):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(OUT, dpi=120)


if __name__ == "__main__":
    main()
