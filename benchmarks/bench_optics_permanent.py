"""Benchmark: permanents of complex and real Gaussian matrices (Glynn, Gray code, numba).

The peer, ``thewalrus.perm``, is measured in the same run on the same matrices when it
is importable. ``ratio`` is ``seconds / peer_seconds`` (below 1: qinternet is faster);
``relative_difference`` is ``|ours - peer| / |peer|``. The rank-one cases
``perm(u v^T) = n! prod(u) prod(v)`` have a known value, so they report each code's
``relative_error`` against it. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import math
import os

import numpy as np

from _timing import best_time
from qinternet.optics import permanent

SIZES = (12, 16, 20, 24, 26)
REPEATS = 3


def gaussian_matrix(size: int, rng: np.random.Generator, *, real: bool) -> np.ndarray:
    """An ``size x size`` matrix of standard (complex) Gaussian entries."""
    if real:
        return rng.normal(size=(size, size))
    return (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / np.sqrt(2)


def main() -> None:
    try:
        from thewalrus import perm as peer_permanent
    except ImportError:
        peer_permanent = None
    rng = np.random.default_rng(2026)
    for real in (False, True):
        for size in SIZES:
            matrix = gaussian_matrix(size, rng, real=real)
            record: dict[str, object] = {
                "benchmark": "optics_permanent",
                "case": f"{'real' if real else 'complex'} gaussian n={size}",
                "n": size,
                "seconds": best_time(lambda m=matrix: permanent(m)),
                "load_average_1min": os.getloadavg()[0],
            }
            if peer_permanent is not None:
                peer_seconds = best_time(lambda m=matrix: peer_permanent(m))
                ours, theirs = permanent(matrix), complex(peer_permanent(matrix))
                record |= {
                    "peer": "thewalrus.perm",
                    "peer_seconds": peer_seconds,
                    "ratio": record["seconds"] / peer_seconds,  # type: ignore[operator]
                    "relative_difference": abs(ours - theirs) / abs(theirs),
                }
            print(json.dumps(record), flush=True)
    for size in (20, 26):
        u = rng.normal(size=size) + 1j * rng.normal(size=size)
        v = rng.normal(size=size) + 1j * rng.normal(size=size)
        exact = math.factorial(size) * np.prod(u) * np.prod(v)
        matrix = np.outer(u, v)
        record = {
            "benchmark": "optics_permanent",
            "case": f"rank-one complex n={size}",
            "n": size,
            "seconds": best_time(lambda m=matrix: permanent(m)),
            "relative_error": abs(permanent(matrix) - exact) / abs(exact),
        }
        if peer_permanent is not None:
            peer_seconds = best_time(lambda m=matrix: peer_permanent(m))
            record |= {
                "peer": "thewalrus.perm",
                "peer_seconds": peer_seconds,
                "ratio": record["seconds"] / peer_seconds,  # type: ignore[operator]
                "peer_relative_error": abs(complex(peer_permanent(matrix)) - exact) / abs(exact),
            }
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
