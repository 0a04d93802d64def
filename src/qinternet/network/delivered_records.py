"""Measurement records of what a run delivered, for ``qinternet verify``.

A run that delivers a multi-qubit state keeps its mean (the sum of the delivered density
matrices over their number): a ``link_layer`` scenario with one link (the mean pair,
when every pair heralded one Bell target), ``ghz`` and ``w``. Records sampled from that
mean state with the target's :func:`~qinternet.analysis.verification.fidelity_settings`
are what a laboratory measuring every delivered state in those settings would write
down (each shot a fresh delivery), and the fidelity they estimate has the run's mean
fidelity as its expectation, as fidelity is linear in the state.

The mean pair of a link is taken to phi+ first: its Bell target's Z (phi- and psi-
differ from phi+ and psi+ by a Z on the second qubit) and then
:func:`~qinternet.network.applications.to_phi_plus`, local unitaries that keep every
fidelity. The records draw from a child stream of the scenario's seed of their own
(spawn key :data:`RECORDS_STREAM`), so they repeat with the seed and never share the
simulation's streams (children 0, 1, ... of the same seed).

This lives in ``network`` (not ``cli``) because it needs only a result and its built
scenario: a script that runs a scenario samples the same records without the command
line.

Examples:
    >>> from qinternet.network import build_scenario, parse_scenario, run_built
    >>> scenario = parse_scenario({
    ...     "name": "pair", "seed": 3, "duration_s": 0.01,
    ...     "nodes": [{"name": "A", "preset": "atom_cavity"},
    ...               {"name": "B", "preset": "atom_cavity"}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 10.0,
    ...                "scheme": {"kind": "state_transfer"}}]})
    >>> built = build_scenario(scenario)
    >>> result = run_built(built, on_progress=lambda now_s: None)
    >>> delivered = delivered_state(result, built)
    >>> delivered.target, delivered.state.dims
    ('bell', (2, 2))
    >>> records = delivered_records(delivered, scenario.seed, 10)
    >>> records.num_shots, sorted(records.by_setting())  # phi+: <XX>, <YY>, <ZZ>
    (30, ['XX', 'YY', 'ZZ'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qinternet.analysis.records import MeasurementRecords, sample_records
from qinternet.analysis.verification import fidelity_settings
from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.core.rng import make_rng
from qinternet.core.validation import check_count
from qinternet.states import DensityMatrix, apply_unitary
from qinternet.states.multipartite import ghz_state, w_state
from qinternet.states.types import Ket

if TYPE_CHECKING:
    from qinternet.network.build import BuiltScenario
    from qinternet.network.results import RunResult

__all__ = ["RECORDS_STREAM", "DeliveredState", "delivered_records", "delivered_state", "target_ket"]

RECORDS_STREAM = 0x7265636F
"""Spawn key of the records' child stream of the scenario's seed (ASCII "reco")."""

TARGETS = ("bell", "ghz", "w")
"""The targets a delivered state is verified against."""

_Z = np.diag([1.0, -1.0]).astype(np.complex128)


@dataclass(frozen=True)
class DeliveredState:
    """The mean state a run delivered and the target it is verified against.

    Attributes:
        target: ``"bell"`` (phi+), ``"ghz"`` or ``"w"``.
        state: the mean delivered state, qubits only, in the target's frame.
    """

    target: str
    state: DensityMatrix


def target_ket(target: str, num_qubits: int) -> Ket:
    """The pure target state: phi+ for ``"bell"``, GHZ_n for ``"ghz"``, W_n for ``"w"``.

    Raises:
        InvalidParameterError: for a qubit count the target cannot take (see
            :func:`~qinternet.states.multipartite.ghz_state`) or an unknown target.

    Examples:
        >>> target_ket("bell", 2).vector.real.round(4).tolist()
        [0.7071, 0.0, 0.0, 0.7071]
    """
    if target == "bell":
        if num_qubits != 2:
            raise InvalidParameterError("num_qubits", num_qubits, "a Bell pair has 2 qubits")
        return ghz_state(2)
    if target == "ghz":
        return ghz_state(num_qubits)
    if target == "w":
        return w_state(num_qubits)
    raise InvalidParameterError("target", target, f"must be one of {', '.join(TARGETS)}")


def _bell_target(built: BuiltScenario) -> str:
    """The one Bell target the link heralds (its branches that can herald)."""
    outcome = built.links[0].outcome
    names = {b.target_name for b in outcome.branches if b.probability > 0.0}
    if not outcome.branches:
        names = {outcome.target_name}
    if len(names) != 1:
        raise ScenarioError(
            f"the link heralds {len(names)} Bell targets ({', '.join(sorted(names))}): "
            "its pairs have no one mean state"
        )
    return names.pop()


def _link_pair(result: RunResult, built: BuiltScenario) -> DensityMatrix | None:
    from qinternet.network.applications import to_phi_plus
    from qinternet.network.results import ScenarioResult

    assert isinstance(result, ScenarioResult)
    if len(result.links) != 1:
        raise ScenarioError(
            f"the scenario has {len(result.links)} links; records are sampled from the "
            "mean pair of a link_layer scenario with one link"
        )
    name = _bell_target(built)
    state = result.links[0].statistics.state
    if state is None:
        return None
    if name not in ("phi+", "phi-", "psi+", "psi-"):
        raise ScenarioError(f"the link's target {name!r} is not a Bell state")
    joined = apply_unitary(state, _Z, [1]) if name.endswith("-") else state
    return to_phi_plus(joined, name[:3] + "+")


def delivered_state(result: RunResult, built: BuiltScenario) -> DeliveredState:
    """The mean state ``result`` delivered, in its target's frame.

    Raises:
        ScenarioError: for a protocol with no mean delivered multi-qubit state (chain,
            requests, graph, delivery), a link_layer scenario of several links or of a
            link heralding two Bell targets, no delivery, or a state not of qubits.
    """
    if result.protocol == "link_layer":
        target, state = "bell", _link_pair(result, built)
    elif result.protocol in ("ghz", "w"):
        from qinternet.network.ghz import GhzResult
        from qinternet.network.w_states import WResult

        assert isinstance(result, GhzResult | WResult)
        target, state = result.protocol, result.statistics.state
    else:
        raise ScenarioError(
            f"protocol {result.protocol!r} keeps no mean delivered state to sample "
            "records from (link_layer with one link, ghz and w do)"
        )
    if state is None:
        raise ScenarioError("the run delivered no state, so there is nothing to sample")
    if any(d != 2 for d in state.dims):
        raise ScenarioError(f"the delivered state is not of qubits (dimensions {state.dims})")
    return DeliveredState(target, state)


def delivered_records(delivered: DeliveredState, seed: int, shots: int) -> MeasurementRecords:
    """``shots`` shots of every fidelity setting of the target on ``delivered.state``,
    drawn from the child stream :data:`RECORDS_STREAM` of ``seed``.

    Raises:
        InvalidParameterError: if ``shots < 1``.
    """
    count = check_count(shots, "shots", 1)
    target = target_ket(delivered.target, delivered.state.num_subsystems)
    rng = make_rng(np.random.SeedSequence(seed, spawn_key=(RECORDS_STREAM,)))
    return sample_records(delivered.state, fidelity_settings(target), count, rng)
