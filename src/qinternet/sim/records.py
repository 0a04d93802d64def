"""The one record of a delivered pair, made alike by links, chains and requests.

Examples:
    >>> from qinternet.states import bell_state
    >>> pair = DeliveredPair(("A", "B"), started_s=0.25, delivered_s=1.0,
    ...                      state=bell_state("phi+").to_density(), target_name="phi+",
    ...                      fidelity=1.0)
    >>> pair.waiting_time_s
    0.75
"""

from __future__ import annotations

from dataclasses import dataclass

from qinternet.states import DensityMatrix


@dataclass(frozen=True)
class DeliveredPair:
    """One pair handed to its users.

    Attributes:
        nodes: the two end nodes (the state's first qubit is at ``nodes[0]``).
        started_s: when the attempt that made this pair began: a link's first attempt;
            for a nested chain (or a request) the start of its channel's round; under
            ASAP the first attempt of its oldest link, s.
        delivered_s: when both ends know the pair (it can be used from then on), s.
        state: the density matrix at ``delivered_s``; a chain's pair after its
            Pauli-frame correction (so its target is phi+), a link's as heralded.
        target_name: the state ``state`` is meant to be (a heralded Bell state's name).
        fidelity: fidelity of ``state`` with its target.
        num_attempts: entangling attempts of a link's pair (None for chains).
    """

    nodes: tuple[str, str]
    started_s: float
    delivered_s: float
    state: DensityMatrix
    target_name: str
    fidelity: float
    num_attempts: int | None = None

    @property
    def waiting_time_s(self) -> float:
        """Time from the start of the attempt to the delivery, s."""
        return self.delivered_s - self.started_s
