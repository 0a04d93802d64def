"""Benchmark: permanents against the machine's FP64 peak and The Walrus, in one run.

Peak: a numba kernel of ``FMA_CHAINS`` independent fused-multiply-add chains
``x = a x + b`` per thread, held in vector registers, one thread per core; each FMA
counts 2 flops. ``peak_gflops`` is compiled like the permanent kernels (512-bit vectors
where the CPU has them, ``probe_vector_bits``); ``default_width_peak_gflops`` as numba
compiles by default (LLVM prefers 256-bit vectors on most AVX-512 CPUs). The peaks are
measured next to every case, as the machine is shared.

Flops: the arithmetic Glynn's formula in Gray-code order needs per step (``2**(n-1)``
steps), counted low: ``n`` row-sum updates ``v_i += 2 delta_j a_ij`` as additions of a
precomputed ``2 a_ij`` (complex: 2 flops, real: 1), ``n - 1`` multiplications of the row
sums (complex: 6 flops, real: 1) and one addition to the sum (2 or 1 flops): complex
``8 n - 4``, real ``2 n`` flops per step. A vector unit counts 2 flops per FMA, but a
complex row takes 6 operations per step for these 8 flops (the update: 2 FMAs or 2
additions; the product: 2 multiplies and 2 FMAs) and a real row 2 for 2, so the count
bounds the complex kernel at 2/3 of the FMA peak and the real one at 1/2 of it.

Timings are medians of ``REPEATS`` calls after a warm-up: ``seconds`` is wall time on
every numba thread. The machine is shared, so each case is also run on one thread and
timed by that thread's CPU time (``one_thread_cpu_seconds``, against the one-thread peak
timed the same way), which time slices of other processes do not inflate. The Walrus runs
on one thread; ``speedup`` is ``peer_seconds / seconds`` (wall), ``one_thread_speedup``
the ratio of CPU times on one thread. ``relative_difference`` is ``|ours - peer| / |peer|``; the
rank-one cases ``perm(u v^T) = n! prod(u) prod(v)`` report each code's
``relative_error``. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numba
import numpy as np

from qinternet.optics import permanent
from qinternet.optics._kernels import prefer_wide_vectors

SIZES = (12, 16, 20, 24, 26)
REPEATS = 5
FMA_CHAINS = 64
"""float64 accumulators per thread: 16 AVX2 or 8 AVX-512 registers, enough independent
chains to cover the FMA latency on two FMA ports."""
PROBE_ITERATIONS = 4_000_000

njit: Any = numba.njit


@njit(fastmath={"contract"})
def _fma_chains(x: np.ndarray, a: float, b: float, iterations: int) -> float:
    prefer_wide_vectors()
    for _ in range(iterations):
        for j in range(FMA_CHAINS):
            x[j] = x[j] * a + b
    return float(x.sum())


@njit(fastmath={"contract"})
def _fma_chains_default_width(x: np.ndarray, a: float, b: float, iterations: int) -> float:
    for _ in range(iterations):
        for j in range(FMA_CHAINS):
            x[j] = x[j] * a + b
    return float(x.sum())


@njit(parallel=True)
def _fma_threads(x: np.ndarray, a: float, b: float, iterations: int, wide: bool) -> np.ndarray:
    out = np.empty(x.shape[0])
    for thread in numba.prange(x.shape[0]):
        if wide:
            out[thread] = _fma_chains(x[thread], a, b, iterations)
        else:
            out[thread] = _fma_chains_default_width(x[thread], a, b, iterations)
    return out


def median_seconds(function: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median wall time and median CPU time of the calling thread over ``repeats`` calls
    after one warm-up call."""
    function()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.thread_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def one_thread_cpu_seconds(function: Callable[[], object]) -> float:
    """Median CPU time of ``function`` run with one numba thread (the calling one)."""
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return median_seconds(function)[1]
    finally:
        numba.set_num_threads(threads)


def fma_peak_gflops(*, wide: bool = True, one_thread: bool = False) -> float:
    """FP64 GFLOP/s of independent FMA chains on every numba thread, by wall time, or on
    one thread by its CPU time (medians of runs)."""
    threads = 1 if one_thread else numba.get_num_threads()
    x = np.ones((threads, FMA_CHAINS))

    def probe() -> None:
        # a x + b converges to b / (1 - a) = 0.1: no overflow, no subnormals.
        with numba.parallel_chunksize(1):
            _fma_threads(x, 1.0 - 1e-6, 1e-7, PROBE_ITERATIONS, wide)

    seconds = one_thread_cpu_seconds(probe) if one_thread else median_seconds(probe)[0]
    return 2.0 * FMA_CHAINS * PROBE_ITERATIONS * threads / seconds / 1e9


def probe_vector_bits() -> int:
    """Width of the FMA instructions numba emitted for the probe."""
    assembly = "\n".join(_fma_chains.inspect_asm().values())
    if "vfmadd" in assembly and "zmm" in assembly:
        return 512
    if "vfmadd" in assembly and "ymm" in assembly:
        return 256
    return 128


def glynn_flops(size: int, *, real: bool) -> float:
    """Flops of the Gray-code Glynn sum as counted in the module docstring."""
    per_step = 2 * size if real else 8 * size - 4
    return float(per_step * 2 ** (size - 1))


def gaussian_matrix(size: int, rng: np.random.Generator, *, real: bool) -> np.ndarray:
    """An ``size x size`` matrix of standard (complex) Gaussian entries."""
    if real:
        return rng.normal(size=(size, size))
    return (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / np.sqrt(2)


def _measure(matrix: np.ndarray, case: str, *, real: bool, peer: Any) -> dict[str, object]:
    size = matrix.shape[0]
    flops = glynn_flops(size, real=real)
    peak = fma_peak_gflops()
    default_width_peak = fma_peak_gflops(wide=False)
    seconds = median_seconds(lambda: permanent(matrix))[0]
    one_thread_peak = fma_peak_gflops(one_thread=True)
    cpu_seconds = one_thread_cpu_seconds(lambda: permanent(matrix))
    record: dict[str, object] = {
        "benchmark": "optics_permanent",
        "case": case,
        "n": size,
        "threads": numba.get_num_threads(),
        "seconds": seconds,
        "gflops": flops / seconds / 1e9,
        "peak_gflops": peak,
        "fraction_of_peak": flops / seconds / 1e9 / peak,
        "default_width_peak_gflops": default_width_peak,
        "one_thread_cpu_seconds": cpu_seconds,
        "one_thread_gflops": flops / cpu_seconds / 1e9,
        "one_thread_peak_gflops": one_thread_peak,
        "one_thread_fraction_of_peak": flops / cpu_seconds / 1e9 / one_thread_peak,
    }
    if peer is not None:
        peer_seconds, peer_cpu_seconds = median_seconds(lambda: peer(matrix))
        record |= {
            "peer": "thewalrus.perm",
            "peer_seconds": peer_seconds,
            "speedup": peer_seconds / seconds,
            "peer_cpu_seconds": peer_cpu_seconds,
            "one_thread_speedup": peer_cpu_seconds / cpu_seconds,
        }
    record["load_average_1min"] = os.getloadavg()[0]
    return record


def main() -> None:
    try:
        from thewalrus import perm as peer_permanent
    except ImportError:
        peer_permanent = None
    permanent(np.full((16, 16), 1 + 1j))  # compile or load the kernels
    permanent(np.ones((16, 16)))
    peak = fma_peak_gflops()
    print(
        json.dumps(
            {
                "benchmark": "optics_permanent",
                "case": "fp64 fma peak",
                "threads": numba.get_num_threads(),
                "peak_gflops": peak,
                "default_width_peak_gflops": fma_peak_gflops(wide=False),
                "one_thread_peak_gflops": fma_peak_gflops(one_thread=True),
                "one_thread_default_width_peak_gflops": fma_peak_gflops(
                    wide=False, one_thread=True
                ),
                "probe_vector_bits": probe_vector_bits(),
                "load_average_1min": os.getloadavg()[0],
            }
        ),
        flush=True,
    )
    rng = np.random.default_rng(2026)
    for real in (False, True):
        for size in SIZES:
            matrix = gaussian_matrix(size, rng, real=real)
            kind = "real" if real else "complex"
            record = _measure(matrix, f"{kind} gaussian n={size}", real=real, peer=peer_permanent)
            if peer_permanent is not None:
                ours, theirs = permanent(matrix), complex(peer_permanent(matrix))
                record["relative_difference"] = abs(ours - theirs) / abs(theirs)
            print(json.dumps(record), flush=True)
    for size in (20, 26):
        u = rng.normal(size=size) + 1j * rng.normal(size=size)
        v = rng.normal(size=size) + 1j * rng.normal(size=size)
        exact = math.factorial(size) * np.prod(u) * np.prod(v)
        matrix = np.outer(u, v)
        record = _measure(matrix, f"rank-one complex n={size}", real=False, peer=peer_permanent)
        record["relative_error"] = abs(permanent(matrix) - exact) / abs(exact)
        if peer_permanent is not None:
            theirs = complex(peer_permanent(matrix))
            record["peer_relative_error"] = abs(theirs - exact) / abs(exact)
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
