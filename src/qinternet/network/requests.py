"""Requests for end-to-end pairs: each routed request becomes a repeater chain.

A request asks for pairs between two nodes. Its route (:mod:`.routing`) lists the links
it uses; :func:`route_links` orients each link in the route's direction (a link walked
backwards is :func:`reversed_link`: its ends, heralding delays and the qubit order of
its heralded states swapped), and the oriented links form the request's
:class:`~qinternet.sim.repeater.ChainConfig`.

Several requests run at once and compete for memories. A chain copy (a "channel") needs
one memory at each end node of its route and two at each node in between (one per
side); :func:`share_memories` divides every node's memories among the requests that use
it, in proportion to these needs, and gives each request as many channels as its
scarcest node allows. A node too small for even one channel of every request using it
is an error that names the node and the requests.

Examples:
    >>> share_memories([("A", "hub", "B"), ("B", "hub", "C")],
    ...                {"A": 2, "B": 4, "C": 2, "hub": 8})
    (2, 2)
    >>> share_memories([("A", "hub", "B"), ("B", "hub", "C")],
    ...                {"A": 2, "B": 4, "C": 2, "hub": 3})
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: num_memories={'hub': 3}: too few: one channel of each request using 'hub' needs 4 (requests[0]: 2, requests[1]: 2)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qinternet.core.errors import InvalidParameterError
from qinternet.network.routing import Route, Routing
from qinternet.physics.links import HeraldBranch
from qinternet.sim.chain import ChainConfig
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import permute

_SWAP_QUBITS = (1, 0)


@dataclass(frozen=True)
class RequestPlan:
    """A routed request, ready to simulate.

    Attributes:
        between: the request's two nodes (the first holds the first qubit).
        routing: how its route was chosen.
        route: the route and its links' Werner parameters.
        chain: the repeater chain along the route (its ``num_channels`` is the
            request's share of the memories).
        max_pairs: pairs after which the request stops (None: until the run ends).
    """

    between: tuple[str, str]
    routing: Routing
    route: Route
    chain: ChainConfig
    max_pairs: int | None = None


def memory_sides(route: Sequence[str]) -> dict[str, int]:
    """Memories one channel of a chain along ``route`` needs at each node: 1 at the
    two ends, 2 (one per side) in between.

    Examples:
        >>> memory_sides(["A", "B", "C"])
        {'A': 1, 'B': 2, 'C': 1}
    """
    return {node: 1 if i in (0, len(route) - 1) else 2 for i, node in enumerate(route)}


def share_memories(
    routes: Sequence[Sequence[str]],
    num_memories: Mapping[str, int],
    num_channels: Sequence[int | None] | None = None,
) -> tuple[int, ...]:
    """Channels (chain copies) of each request when the routes share the nodes.

    Requests with a fixed ``num_channels[i]`` take what they ask for first; the others
    share the rest: at node v with M_v memories left and needs n_rv (1 or 2, see
    :func:`memory_sides`) of the requests r sharing it, each such request gets
    floor(M_v / sum_r n_rv) memories per side, and its channels are the least of these
    over its route.

    Raises:
        InvalidParameterError: if a node has too few memories for one channel of every
            request using it (naming the node and the requests), or the fixed channels
            exceed a node's memories.
    """
    fixed = list(num_channels) if num_channels is not None else [None] * len(routes)
    if len(fixed) != len(routes):
        raise InvalidParameterError("num_channels", num_channels, "need one entry per route")
    needs = [memory_sides(route) for route in routes]
    left = dict(num_memories)
    for node in {node for route in routes for node in route}:
        if node not in left:
            raise InvalidParameterError("num_memories", sorted(left), f"lack node {node!r}")
    for i, channels in enumerate(fixed):
        for node, sides in needs[i].items():
            left[node] -= sides * (channels or 0)
    for node, count in left.items():
        if count < 0:
            users = [i for i, c in enumerate(fixed) if c and node in needs[i]]
            raise InvalidParameterError(
                "num_memories",
                {node: num_memories[node]},
                f"too few for the channels of {_listing(users, needs, node, fixed)}",
            )
    demand = dict.fromkeys(left, 0)
    for i, channels in enumerate(fixed):
        if channels is None:
            for node, sides in needs[i].items():
                demand[node] += sides
    shares: list[int] = []
    for i, channels in enumerate(fixed):
        if channels is not None:
            shares.append(channels)
            continue
        share = min(left[node] // demand[node] for node in needs[i])
        if share < 1:
            node = min(needs[i], key=lambda n: left[n] // demand[n])
            users = [j for j, c in enumerate(fixed) if c is None and node in needs[j]]
            raise InvalidParameterError(
                "num_memories",
                {node: num_memories[node]},
                f"too few: one channel of each request using {node!r} needs "
                f"{demand[node]} ({_listing(users, needs, node, None)})",
            )
        shares.append(share)
    return tuple(shares)


def _listing(
    users: Sequence[int],
    needs: Sequence[Mapping[str, int]],
    node: str,
    fixed: Sequence[int | None] | None,
) -> str:
    parts = []
    for i in users:
        channels = fixed[i] if fixed is not None else None
        per_channel = needs[i][node] * (channels or 1)
        parts.append(f"requests[{i}]: {per_channel}")
    return ", ".join(parts)


def reversed_link(config: HeraldedLinkConfig) -> HeraldedLinkConfig:
    """The same link with its two ends swapped (for a route that walks it backwards).

    The heralded states (and their target Bell states) are re-ordered so that the first
    qubit is the new ``node_a``'s; the Bell-state names are unchanged (each Bell state
    is symmetric under the swap, psi- up to a global sign).

    Examples:
        >>> from qinternet.physics.links import barrett_kok_link
        >>> link = HeraldedLinkConfig("A", "B", barrett_kok_link((0.5, 0.4), arm_length_m=1e3),
        ...                           herald_delay_s=(1e-5, 3e-5))
        >>> back = reversed_link(link)
        >>> back.node_a, back.node_b, back.herald_delay_s
        ('B', 'A', (3e-05, 1e-05))
    """
    outcome = config.outcome
    branches = tuple(
        HeraldBranch(
            branch.pattern,
            branch.probability,
            permute(branch.state, _SWAP_QUBITS),
            permute(branch.target, _SWAP_QUBITS),
            branch.target_name,
        )
        for branch in outcome.branches
    )
    flipped = dataclasses.replace(
        outcome,
        heralded_state=permute(outcome.heralded_state, _SWAP_QUBITS),
        target=permute(outcome.target, _SWAP_QUBITS),
        branches=branches,
    )
    first, second = config.herald_delay_s
    return dataclasses.replace(
        config,
        node_a=config.node_b,
        node_b=config.node_a,
        outcome=flipped,
        herald_delay_s=(second, first),
    )


def route_links(
    route: Sequence[str],
    link_indices: Sequence[int],
    links: Sequence[HeraldedLinkConfig],
) -> tuple[HeraldedLinkConfig, ...]:
    """The links along ``route``, each oriented from ``route[i]`` to ``route[i + 1]``.

    Raises:
        InvalidParameterError: if a link does not join the two nodes it should.

    Examples:
        >>> from qinternet.physics.links import barrett_kok_link
        >>> ab = HeraldedLinkConfig("A", "B", barrett_kok_link(0.5, arm_length_m=1e3))
        >>> cb = HeraldedLinkConfig("C", "B", barrett_kok_link(0.5, arm_length_m=1e3))
        >>> [(l.node_a, l.node_b) for l in route_links(["A", "B", "C"], [0, 1], [ab, cb])]
        [('A', 'B'), ('B', 'C')]
    """
    oriented = []
    for step, index in enumerate(link_indices):
        link = links[index]
        here, there = route[step], route[step + 1]
        if (link.node_a, link.node_b) == (here, there):
            oriented.append(link)
        elif (link.node_b, link.node_a) == (here, there):
            oriented.append(reversed_link(link))
        else:
            raise InvalidParameterError(
                f"links[{index}]", (link.node_a, link.node_b), f"does not join {here!r}-{there!r}"
            )
    return tuple(oriented)
