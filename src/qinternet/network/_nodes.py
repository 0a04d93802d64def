"""Checks that sections of a scenario name real nodes and join them once.

Examples:
    >>> check_between(("A", "B"), ["A", "B"], "protocol.application.between", "a gate")
    >>> check_between(("Alice", "Bobb"), ["Alice", "Bob"], "protocol.requests[0].between", "pairs")
    Traceback (most recent call last):
    ...
    ValueError: protocol.requests[0].between names unknown node 'Bobb'; did you mean 'Bob'?
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qinternet.core.validation import did_you_mean

if TYPE_CHECKING:
    from qinternet.network.specs import LinkSpec

__all__ = ["check_between", "check_chain", "check_one_link_per_pair", "check_star"]


def check_between(between: Sequence[str], names: Sequence[str], field: str, asks: str) -> None:
    """Refuse an end of ``between`` that is not a node, or both ends the same node.

    Raises:
        ValueError: one line naming ``field`` (a "did you mean" for a misspelt node).
    """
    for end in between:
        if end not in names:
            raise ValueError(f"{field} names unknown node {end!r}{did_you_mean(end, names)}")
    if between[0] == between[1]:
        raise ValueError(f"{field}: asks for {asks} from {between[0]!r} to itself")


def check_chain(links: Sequence[LinkSpec]) -> None:
    """Refuse links that do not follow one another (each starts where the last ends).

    Raises:
        ValueError: one line naming ``links[i]`` and where it must start.
    """
    for i, (left, right) in enumerate(itertools.pairwise(links)):
        if left.nodes[1] != right.nodes[0]:
            raise ValueError(
                f"protocol 'chain': links[{i + 1}] must start at {left.nodes[1]!r}, "
                f"where links[{i}] ends"
            )


def check_one_link_per_pair(links: Sequence[LinkSpec], reason: str) -> None:
    """Refuse a second link between the same two nodes.

    Raises:
        ValueError: one line naming ``links[i]``, the first such link, and ``reason``.
    """
    seen: dict[frozenset[str], int] = {}
    for i, link in enumerate(links):
        first = seen.setdefault(frozenset(link.nodes), i)
        if first != i:
            raise ValueError(
                f"links[{i}] joins {link.nodes[0]!r} and {link.nodes[1]!r} again "
                f"(links[{first}]); {reason}"
            )


def check_star(
    links: Sequence[LinkSpec], names: Sequence[str], hub: str, field: str, kind: str
) -> list[str]:
    """Refuse a hub that is not a node, or links that do not join it to distinct leaves.

    Returns:
        The leaf of each link, in link order.

    Raises:
        ValueError: one line naming ``field`` (the hub's) or ``links[i]``.
    """
    if hub not in names:
        raise ValueError(f"{field}={hub!r} names unknown node{did_you_mean(hub, names)}")
    leaves: dict[str, int] = {}
    for i, link in enumerate(links):
        if hub not in link.nodes:
            raise ValueError(
                f"links[{i}] joins {link.nodes[0]!r} and {link.nodes[1]!r}: protocol "
                f"{kind!r} needs a star, every link joining the hub {hub!r} to a leaf"
            )
        leaf = link.nodes[1] if link.nodes[0] == hub else link.nodes[0]
        first = leaves.setdefault(leaf, i)
        if first != i:
            raise ValueError(
                f"links[{i}] joins the hub {hub!r} to {leaf!r} again (links[{first}]); "
                f"protocol {kind!r} needs one link per leaf"
            )
    return list(leaves)
