"""Routing: the path a request for end-to-end pairs takes through the network.

Two metrics, chosen per request:

* ``hops``: the path with the fewest links (breadth-first search; ties go to the
  graph's order of nodes and edges);
* ``fidelity``: the path with the highest expected end-to-end fidelity. Each link's
  heralded pair (from its pure-function outcome, after Pauli-frame correction) has
  fidelity F_i, i.e. Werner parameter w_i = (4 F_i - 1)/3; ideal swaps of Werner pairs
  multiply Werner parameters, so a chain of links delivers F = (1 + 3 prod_i w_i)/4.
  Maximising the product is minimising sum_i -log w_i (Dijkstra); links with w_i <= 0
  (F_i <= 1/4) add nothing and are never used.

The estimate is exact for Werner links, ideal swaps and memories that do not decohere;
memory decoherence while pairs wait, and swap errors, lower the delivered fidelity.

References:
    W. Dur, H.-J. Briegel, J. I. Cirac, P. Zoller, PRA 59, 169 (1999) (Werner pairs
    under swapping).

Examples:
    >>> from qinternet.network.topology import grid
    >>> g = grid(2, 3, length_m=1e4)
    >>> for _, _, d in g.edges(data=True):
    ...     d["index"] = 0
    >>> g.edges["r0c0", "r0c1"]["index"] = 1  # a poor link on the top row
    >>> g.edges["r0c1", "r1c1"]["index"] = 2  # and a fair one down the middle
    >>> fidelities = [0.98, 0.80, 0.95]
    >>> find_route(g, "r0c0", "r0c2", routing="hops", link_fidelities=fidelities).nodes
    ('r0c0', 'r0c1', 'r0c2')
    >>> best = find_route(g, "r0c0", "r0c2", routing="fidelity", link_fidelities=fidelities)
    >>> best.nodes, round(best.expected_fidelity, 6)
    (('r0c0', 'r1c0', 'r1c1', 'r1c2', 'r0c2'), 0.923143)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from qinternet.core.errors import InvalidParameterError
from qinternet.network.topology import shortest_path

if TYPE_CHECKING:
    from qinternet.network.topology import Graph


class Routing(StrEnum):
    """How a request picks its path."""

    HOPS = "hops"
    FIDELITY = "fidelity"


def werner_parameter(fidelity: float) -> float:
    """w = (4 F - 1)/3: the Werner parameter of a pair of fidelity ``F``.

    Raises:
        InvalidParameterError: if ``fidelity`` is outside [0, 1].

    Examples:
        >>> round(werner_parameter(0.9349), 6)
        0.913200
    """
    if not 0.0 <= fidelity <= 1.0:
        raise InvalidParameterError("fidelity", fidelity, "must lie in [0, 1]")
    return (4.0 * fidelity - 1.0) / 3.0


def chain_fidelity(werner_parameters: Sequence[float]) -> float:
    """(1 + 3 prod w_i)/4: the fidelity after ideal swaps of Werner pairs.

    Examples:
        >>> round(chain_fidelity([werner_parameter(0.9)] * 2), 6)  # 0.9^2 + 0.1^2/3
        0.813333
    """
    return (1.0 + 3.0 * math.prod(werner_parameters)) / 4.0


@dataclass(frozen=True)
class Route:
    """A path through the network and the Werner parameters of its links.

    Attributes:
        nodes: the nodes from the request's first node to its second.
        links: the index (in the scenario's ``links``) of each link along the path.
        werner_parameters: each link's Werner parameter, in path order.
    """

    nodes: tuple[str, ...]
    links: tuple[int, ...]
    werner_parameters: tuple[float, ...]

    @property
    def num_links(self) -> int:
        """Links (hops) along the route."""
        return len(self.links)

    @property
    def expected_fidelity(self) -> float:
        """(1 + 3 prod w_i)/4: ideal swaps, memories that do not decohere."""
        return chain_fidelity(self.werner_parameters)


def find_route(
    graph: Graph,
    source: str,
    target: str,
    *,
    routing: Routing | str,
    link_fidelities: Sequence[float],
) -> Route:
    """The route from ``source`` to ``target`` by ``routing``.

    Args:
        graph: the network (edges carry ``index``, their link's position).
        source, target: the request's two nodes.
        routing: ``"hops"`` or ``"fidelity"`` (see the module docstring).
        link_fidelities: each link's heralded fidelity, by link index.

    Raises:
        InvalidParameterError: for an unknown routing, an unknown node, nodes that no
            path joins, or (by fidelity) no path of links with F > 1/4.
    """
    try:
        metric = Routing(routing)
    except ValueError:
        choices = ", ".join(r.value for r in Routing)
        raise InvalidParameterError("routing", routing, f"must be one of {choices}") from None
    if source == target:
        raise InvalidParameterError("between", (source, target), "must be two different nodes")
    werner = [werner_parameter(f) for f in link_fidelities]

    def cost(u: str, v: str, attributes: dict[str, Any]) -> float | None:
        w = werner[attributes["index"]]
        return -math.log(w) if w > 0.0 else None

    if metric is Routing.HOPS:
        nodes = shortest_path(graph, source, target)
    else:
        try:
            nodes = shortest_path(graph, source, target, cost)
        except InvalidParameterError as error:
            if error.name != "between":
                raise
            shortest_path(graph, source, target)  # raises if no path at all
            raise InvalidParameterError(
                "between", (source, target), "every path has a link with F <= 1/4"
            ) from None
    links = tuple(graph.edges[u, v]["index"] for u, v in itertools.pairwise(nodes))
    return Route(nodes, links, tuple(werner[i] for i in links))
