"""The ``delivery`` protocol section of a scenario file (:mod:`.delivery` runs it).

Examples:
    >>> protocol = DeliveryProtocol(kind="delivery", cycle_s=0.1)
    >>> protocol.window_s is None, protocol.num_cycles(0.3), protocol.num_cycles(0.29)
    (True, 3.0, 2.0)
    >>> protocol.check_scenario([], ["A", "B"], 0.05)
    Traceback (most recent call last):
    ...
    ValueError: duration_s=0.05: shorter than one clock cycle (protocol.cycle_s = 0.1); protocol 'delivery' runs floor(duration_s / cycle_s) cycles
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from qinternet.network._nodes import check_between
from qinternet.network._strict import Strict

if TYPE_CHECKING:
    from qinternet.network.specs import LinkSpec

__all__ = ["DeliveryProtocol"]


class DeliveryProtocol(Strict):
    """Deterministic delivery over one link (Humphreys et al., Nature 558, 268 (2018)):
    every clock cycle of ``cycle_s`` the link attempts for ``window_s`` (default: the
    whole cycle but the heralding delay), stores the first heralded pair and delivers it
    at the cycle's end, or a maximally mixed pair if none heralded
    (:mod:`qinternet.sim.delivery_process`); ``floor(duration_s / cycle_s)`` cycles.
    ``link`` names the delivering link's nodes (needed when the scenario has several
    links; the others are not simulated).
    """

    kind: Literal["delivery"]
    cycle_s: float = Field(gt=0.0)
    window_s: float | None = Field(None, gt=0.0)
    link: tuple[str, str] | None = None

    def num_cycles(self, duration_s: float) -> float:
        """``floor(duration_s / cycle_s)`` (infinite for an infinite duration; a ratio
        within 1e-12 of an integer counts as that integer)."""
        ratio = duration_s / self.cycle_s
        return ratio if math.isinf(ratio) else float(math.floor(ratio * (1.0 + 1e-12)))

    def link_index(self, links: Sequence[LinkSpec]) -> int:
        """The index of the delivering link (checked by :meth:`check_scenario`)."""
        if self.link is None:
            return 0
        pair = frozenset(self.link)
        return next(i for i, link in enumerate(links) if frozenset(link.nodes) == pair)

    def check_scenario(
        self, links: Sequence[LinkSpec], names: list[str], duration_s: float
    ) -> None:
        """Refuse a window longer than the cycle, several links without ``link``, a
        ``link`` no link joins, and a duration shorter than one cycle (the scenario's
        validator calls it).

        Raises:
            ValueError: one line naming ``protocol.window_s``, ``protocol.link`` or
                ``duration_s``.
        """
        if self.window_s is not None and self.window_s > self.cycle_s:
            raise ValueError(
                f"protocol.window_s={self.window_s!r}: must not exceed protocol.cycle_s = "
                f"{self.cycle_s!r} (the attempts happen within the clock cycle)"
            )
        if self.link is None and len(links) > 1:
            raise ValueError(
                f"protocol.link: the scenario has {len(links)} links; protocol 'delivery' "
                "delivers over one: name its nodes, e.g. link: [A, B]"
            )
        if self.link is not None:
            check_between(self.link, names, "protocol.link", "pairs")
            if not any(frozenset(link.nodes) == frozenset(self.link) for link in links):
                raise ValueError(
                    f"protocol.link={list(self.link)!r}: no link joins {self.link[0]!r} "
                    f"and {self.link[1]!r}"
                )
        if self.num_cycles(duration_s) < 1:
            raise ValueError(
                f"duration_s={duration_s!r}: shorter than one clock cycle (protocol.cycle_s "
                f"= {self.cycle_s!r}); protocol 'delivery' runs floor(duration_s / cycle_s) "
                "cycles"
            )
