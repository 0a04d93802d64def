"""numba kernels of ``qinternet.analysis`` (with the optics kernels, the only numba users).

The kernels trust their arguments, validated by
:func:`qinternet.analysis.monte_carlo.sample_chain`.

Sampling, level by level on buffers: all links of one level are i.i.d., so a level-k
link is a run of rounds, each taking the next *pair* of level-(k-1) links from a buffer,
up to and including the first round whose links are kept (cut-off) and whose swap
succeeds. Level ``k`` fills its buffer of ``BUFFER_SIZE`` links from level ``k - 1``'s,
refilling that one when it runs dry, down to level 0 (geometric draws). The loop over
rounds selects values by a round's outcome instead of jumping on it, so random outcomes
cost few mispredicted branches. Links left in the buffers when a chunk is done are
dropped: none of them has been looked at, so nothing is biased.

Random numbers: chunk ``c`` of ``CHUNK_SIZE`` trials draws from its own SplitMix64
stream, started at a hash of ``(key, c)`` where ``key`` comes from the caller's
``numpy.random.Generator``. The samples therefore depend only on the key, never on which
thread ran a chunk or how many threads there are. SplitMix64 passes BigCrush (Steele,
Lea, Flood, OOPSLA 2014, doi:10.1145/2660193.2660195); hashed starting points make
overlaps between the streams of a run astronomically unlikely.
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

njit: Any = numba.njit
prange: Any = numba.prange

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_ONE = np.uint64(1)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53

CHUNK_SIZE = 4096
"""End-to-end links per chunk; chunk ``c`` holds trials ``c*CHUNK_SIZE ..`` and draws from
stream ``c``, whichever thread runs it."""

BUFFER_SIZE = 512
"""Links held per level between production and consumption (even: rounds take pairs)."""

NO_CUTOFF = 1 << 62
"""Cut-off value meaning "none" (large, yet ``t + NO_CUTOFF`` does not overflow int64)."""


@njit(cache=True, inline="always")
def _mix(z: Any) -> Any:
    """The SplitMix64 output function (a bijective 64-bit hash)."""
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@njit(cache=True, inline="always")
def _uniform(state: Any) -> tuple[Any, float]:
    """Advance ``state``; return it and a uniform double in (0, 1]."""
    state = state + _GAMMA
    return state, float((_mix(state) >> _S11) + _ONE) * _TO_UNIT


@njit(cache=True, inline="always")
def _geometric(state: Any, inv_log_failure: float) -> tuple[Any, int]:
    """Attempts until the first success, ``1 + floor(log(U) / log(1 - p))``:
    ``Pr(T > k) = Pr(U <= (1 - p)**k) = (1 - p)**k``. ``inv_log_failure`` is
    ``1 / log(1 - p)`` (``-0.0`` for ``p = 1``)."""
    state, u = _uniform(state)
    return state, 1 + math.floor(math.log(u) * inv_log_failure)  # an int in numba


@njit(cache=True)
def _fill_geometric(
    state: Any, inv_log_failure: float, link_werner: float, times: IntArray, werners: FloatArray
) -> Any:
    """Fill the level-0 buffer with fresh elementary links."""
    for i in range(times.shape[0]):
        state, t = _geometric(state, inv_log_failure)
        times[i] = t
        werners[i] = link_werner
    return state


@njit(cache=True)
def _decay(wait: int, decay_table: FloatArray, inv_coherence: float) -> float:
    """``exp(-wait / T_coh)``, from the table when ``wait`` is short."""
    if wait < decay_table.shape[0]:
        return decay_table[wait]
    return math.exp(-wait * inv_coherence)


@njit(cache=True)
def _produce(
    state: Any,
    child_times: IntArray,
    child_werners: FloatArray,
    child_pos: int,
    times: IntArray,
    werners: FloatArray,
    count: int,
    elapsed: int,
    cutoff: int,
    swap_success: float,
    decay_table: FloatArray,
    inv_coherence: float,
) -> tuple[Any, int, int, int]:
    """Rounds on pairs of child links from ``child_pos`` until ``times`` holds
    ``times.shape[0]`` links or the children run out.

    A round keeps its links if they waited at most ``cutoff`` for each other (duration
    ``max``), else it lasts ``min + cutoff``; a kept round's swap succeeds if
    ``u <= swap_success`` (``u`` uniform in (0, 1]). ``elapsed`` carries the failed rounds
    of the link in progress. Returns ``(state, child_pos, count, elapsed)``.
    """
    capacity = times.shape[0]
    num_children = child_times.shape[0]
    while count < capacity and child_pos + 1 < num_children:
        t_a = child_times[child_pos]
        t_b = child_times[child_pos + 1]
        wait = abs(t_a - t_b)
        kept = wait <= cutoff
        elapsed += max(t_a, t_b) if kept else min(t_a, t_b) + cutoff
        state, u = _uniform(state)
        success = kept and u <= swap_success
        times[count] = elapsed
        werners[count] = (
            child_werners[child_pos]
            * child_werners[child_pos + 1]
            * _decay(wait, decay_table, inv_coherence)
        )
        child_pos += 2
        count += 1 if success else 0
        elapsed = 0 if success else elapsed
    return state, child_pos, count, elapsed


@njit(cache=True)
def _sample_chunk(
    state: Any,
    inv_log_failure: float,
    swap_success: float,
    link_werner: float,
    inv_coherence: float,
    cutoffs: IntArray,
    decay_table: FloatArray,
    out_times: IntArray,
    out_werners: FloatArray,
) -> None:
    """Fill ``out_*`` with i.i.d. end-to-end links; level ``k`` (1-based) of
    ``n = cutoffs.shape[0]`` levels has cut-off ``cutoffs[k - 1]``.

    Buffers ``0 .. n-1`` hold links of each level (``pos[k]``: next unread, ``count[k]``:
    filled); the output arrays are the buffer of level ``n``. ``level`` is the level
    being produced: when its children run out it descends to refill them (from
    scratch), when its buffer is full it returns to its parent.
    """
    num_levels = cutoffs.shape[0]
    if num_levels == 0:
        _fill_geometric(state, inv_log_failure, link_werner, out_times, out_werners)
        return
    times = np.empty((num_levels, BUFFER_SIZE), dtype=np.int64)
    werners = np.empty((num_levels, BUFFER_SIZE), dtype=np.float64)
    pos = np.full(num_levels + 1, BUFFER_SIZE, dtype=np.int64)  # all buffers empty
    count = np.zeros(num_levels + 1, dtype=np.int64)
    elapsed = np.zeros(num_levels + 1, dtype=np.int64)
    level = num_levels
    while True:
        if pos[level - 1] + 1 >= BUFFER_SIZE:  # children used up: refill level - 1
            if level == 1:
                state = _fill_geometric(state, inv_log_failure, link_werner, times[0], werners[0])
                pos[0] = 0
            else:
                level -= 1
                count[level] = 0
                continue
        out_t = out_times if level == num_levels else times[level]
        out_w = out_werners if level == num_levels else werners[level]
        state, pos[level - 1], count[level], elapsed[level] = _produce(
            state,
            times[level - 1],
            werners[level - 1],
            pos[level - 1],
            out_t,
            out_w,
            count[level],
            elapsed[level],
            cutoffs[level - 1],
            swap_success,
            decay_table,
            inv_coherence,
        )
        if count[level] == out_t.shape[0]:
            if level == num_levels:
                return
            pos[level] = 0
            level += 1


@njit(cache=True, parallel=True)
def sample_chain(
    key: Any,
    inv_log_failure: float,
    swap_success: float,
    link_werner: float,
    inv_coherence: float,
    cutoffs: IntArray,
    decay_table: FloatArray,
    out_times: IntArray,
    out_werners: FloatArray,
) -> None:
    """Fill ``out_times[i]``, ``out_werners[i]`` with end-to-end link ``i`` of the chain,
    chunk by chunk (``CHUNK_SIZE``) in parallel."""
    num_trials = out_times.shape[0]
    num_chunks = (num_trials + CHUNK_SIZE - 1) // CHUNK_SIZE
    for c in prange(num_chunks):
        start = c * CHUNK_SIZE
        stop = min(num_trials, start + CHUNK_SIZE)
        state = _mix(key ^ _mix(np.uint64(c) + _GAMMA))
        _sample_chunk(
            state,
            inv_log_failure,
            swap_success,
            link_werner,
            inv_coherence,
            cutoffs,
            decay_table,
            out_times[start:stop],
            out_werners[start:stop],
        )
