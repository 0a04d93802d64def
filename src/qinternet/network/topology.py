"""Network topologies as networkx graphs: standard shapes, scenarios, shortest paths.

The one module of the network layer that uses networkx (imported by the functions that
need it, so a scenario without a topology never loads it). A topology is an undirected
:class:`networkx.Graph` whose nodes are node names and whose edges carry ``length_m``
(the fibre between the two nodes). Standard shapes: :func:`line`, :func:`star` (leaves
around a central server node that holds memories and swaps) and :func:`grid`; any other
graph works as well. :func:`scenario_data` turns a graph into the ``nodes:`` and
``links:`` of a scenario (for :func:`qinternet.network.parse_scenario`), and
:func:`network_graph` turns a validated scenario back into a graph whose edges also
carry ``index``, the position of their link in ``scenario.links``.

Examples:
    >>> graph = grid(2, 3, length_m=1000.0)
    >>> graph.number_of_nodes(), graph.number_of_edges()
    (6, 7)
    >>> shortest_path(graph, "r0c0", "r1c2")
    ('r0c0', 'r1c0', 'r1c1', 'r1c2')
    >>> data = scenario_data(line(3, length_m=5e3), name="line", duration_s=0.1,
    ...                      link={"scheme": {"kind": "barrett_kok"}})
    >>> [link["nodes"] for link in data["links"]]
    [['n0', 'n1'], ['n1', 'n2']]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count, check_non_negative

if TYPE_CHECKING:
    import networkx as nx

    from qinternet.network.scenario import Scenario

    Graph: TypeAlias = nx.Graph
    """The graph type of a topology (for annotations: no other module imports networkx)."""

EdgeWeight = Callable[[str, str, dict[str, Any]], float | None]
"""Weight of the edge (u, v, attributes); None hides the edge from a path search."""


def _named(names: Sequence[str], name: str) -> list[str]:
    listed = [str(n) for n in names]
    if len(set(listed)) != len(listed) or any(not n for n in listed):
        raise InvalidParameterError(name, names, "must be distinct non-empty names")
    return listed


def line(num_nodes: int, *, length_m: float, names: Sequence[str] | None = None) -> nx.Graph:
    """Nodes ``n0 .. n{num_nodes-1}`` (or ``names``) in a line, ``length_m`` apart.

    Raises:
        InvalidParameterError: for fewer than 2 nodes, a negative length, or names that
            are not distinct or not ``num_nodes`` of them.

    Examples:
        >>> g = line(4, length_m=2e3)
        >>> list(g.edges(data="length_m"))[0]
        ('n0', 'n1', 2000.0)
    """
    import networkx as nx  # loaded by topologies alone

    check_count(num_nodes, "num_nodes", 2)
    labels = _named(names, "names") if names is not None else [f"n{i}" for i in range(num_nodes)]
    if len(labels) != num_nodes:
        raise InvalidParameterError("names", names, f"need {num_nodes} names")
    graph = nx.path_graph(labels)
    nx.set_edge_attributes(graph, check_non_negative(length_m, "length_m", "m"), "length_m")
    return graph


def star(
    num_leaves: int,
    *,
    length_m: float,
    hub: str = "server",
    leaves: Sequence[str] | None = None,
) -> nx.Graph:
    """A central server node ``hub`` with ``num_leaves`` leaves, each ``length_m`` away.

    The hub is a quantum node: it holds memories, and a request between two leaves
    swaps there.

    Raises:
        InvalidParameterError: for no leaves, a negative length, or names that are not
            distinct (the hub included) or not ``num_leaves`` of them.

    Examples:
        >>> g = star(3, length_m=1e4, leaves=["A", "B", "C"])
        >>> sorted(g.neighbors("server"))
        ['A', 'B', 'C']
    """
    import networkx as nx  # loaded by topologies alone

    check_count(num_leaves, "num_leaves", 1)
    labels = (
        _named(leaves, "leaves") if leaves is not None else [f"n{i + 1}" for i in range(num_leaves)]
    )
    if len(labels) != num_leaves:
        raise InvalidParameterError("leaves", leaves, f"need {num_leaves} names")
    _named([hub, *labels], "hub")
    graph = nx.Graph()
    graph.add_node(hub)
    graph.add_edges_from(
        ((hub, leaf) for leaf in labels), length_m=check_non_negative(length_m, "length_m", "m")
    )
    return graph


def grid(rows: int, columns: int, *, length_m: float) -> nx.Graph:
    """A ``rows`` x ``columns`` grid of nodes ``r{i}c{j}``, neighbours ``length_m`` apart.

    Raises:
        InvalidParameterError: for fewer than 2 nodes or a negative length.

    Examples:
        >>> g = grid(3, 3, length_m=1e4)
        >>> g.number_of_edges(), sorted(g.neighbors("r1c1"))
        (12, ['r0c1', 'r1c0', 'r1c2', 'r2c1'])
    """
    import networkx as nx  # loaded by topologies alone

    check_count(rows, "rows", 1)
    check_count(columns, "columns", 1)
    if rows * columns < 2:
        raise InvalidParameterError("rows", rows, "a grid needs at least 2 nodes")
    square = nx.grid_2d_graph(rows, columns)
    graph = nx.relabel_nodes(square, {(i, j): f"r{i}c{j}" for i, j in square.nodes})
    nx.set_edge_attributes(graph, check_non_negative(length_m, "length_m", "m"), "length_m")
    return graph


def scenario_data(
    graph: nx.Graph,
    *,
    name: str,
    duration_s: float,
    seed: int = 0,
    node: Mapping[str, Any] | None = None,
    link: Mapping[str, Any] | None = None,
    protocol: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The scenario data (for :func:`~qinternet.network.parse_scenario`) of ``graph``.

    Each graph node becomes a node with the fields ``node`` plus the graph node's own
    attributes; each edge a link with the fields ``link``, plus ``length_m`` and the
    edge's other attributes (an attribute of the graph wins).

    Examples:
        >>> data = scenario_data(star(2, length_m=1e3), name="s", duration_s=1.0,
        ...                      node={"num_memories": 4})
        >>> data["nodes"][0], data["links"][0]["length_m"]
        ({'num_memories': 4, 'name': 'server'}, 1000.0)
    """
    nodes = [
        {**dict(node or {}), **dict(attributes), "name": str(label)}
        for label, attributes in graph.nodes(data=True)
    ]
    links = [
        {**dict(link or {}), **dict(attributes), "nodes": [str(u), str(v)]}
        for u, v, attributes in graph.edges(data=True)
    ]
    data: dict[str, Any] = {
        "name": name,
        "duration_s": duration_s,
        "seed": seed,
        "nodes": nodes,
        "links": links,
    }
    if protocol is not None:
        data["protocol"] = dict(protocol)
    return data


def network_graph(scenario: Scenario) -> nx.Graph:
    """The graph of a validated scenario: nodes with ``num_memories``, edges with
    ``length_m`` (total fibre) and ``index`` (position in ``scenario.links``).

    Parallel links between the same two nodes keep the first one.

    Examples:
        >>> from qinternet.network.scenario import parse_scenario
        >>> s = parse_scenario(scenario_data(line(3, length_m=1e3), name="l",
        ...     duration_s=1.0, link={"scheme": {"kind": "barrett_kok"}}))
        >>> network_graph(s).edges["n2", "n1"]["index"]
        1
    """
    import networkx as nx  # loaded by topologies alone

    graph = nx.Graph()
    for spec in scenario.nodes:
        graph.add_node(spec.name, num_memories=spec.num_memories)
    for index, link in enumerate(scenario.links):
        u, v = link.nodes
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, index=index, length_m=link.total_length_m)
    return graph


def shortest_path(
    graph: nx.Graph, source: str, target: str, weight: EdgeWeight | None = None
) -> tuple[str, ...]:
    """The path from ``source`` to ``target`` with the fewest edges, or with the least
    total ``weight`` (Dijkstra; weights must be >= 0, None hides an edge).

    Ties are broken by the graph's order of nodes and edges (deterministic).

    Raises:
        InvalidParameterError: naming ``source`` or ``target`` if it is not in the graph,
            or ``between`` if no path joins them.

    Examples:
        >>> g = star(2, length_m=1.0, leaves=["A", "B"])
        >>> shortest_path(g, "A", "B")
        ('A', 'server', 'B')
        >>> shortest_path(g, "A", "B", weight=lambda u, v, d: None)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: between=('A', 'B'): no path joins them
    """
    import networkx as nx  # loaded by topologies alone

    for label, name in ((source, "source"), (target, "target")):
        if label not in graph:
            raise InvalidParameterError(name, label, "is not a node of the graph")
    try:
        if weight is None:
            path = nx.shortest_path(graph, source, target)
        else:
            path = nx.dijkstra_path(graph, source, target, weight=weight)
    except nx.NetworkXNoPath:
        raise InvalidParameterError("between", (source, target), "no path joins them") from None
    return tuple(path)
