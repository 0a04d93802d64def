"""Temporal modes of a link's ``scheme:`` section: a multimode memory's time bins.

``temporal_modes: M`` (default 1) and ``mode_spacing_s`` make each attempt of a heralded
scheme ``M`` time-bin modes, the first heralded one kept
(:func:`~qinternet.physics.links.multiplexing.multiplexed_outcome`). The fields belong
to the scheme, not the link: a scheme that heralds at a station (``barrett_kok``,
``single_click``, ``dlcz``; a photonic server is one of these with ``arm_lengths_m``)
has attempts to repeat in time, while ``state_transfer`` sends one photon with no
herald and ``satellite_downlink`` counts coincidences of a source it does not pace, so
their models refuse the fields.

Examples:
    >>> from typing import Literal
    >>> class Demo(MultimodeScheme):
    ...     kind: Literal["demo"]
    >>> Demo(kind="demo", temporal_modes=62, mode_spacing_s=4e-7).temporal_modes
    62
    >>> Demo(kind="demo", temporal_modes=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Demo
      Value error, mode_spacing_s is needed with temporal_modes=2 ...
    >>> Demo(kind="demo").model_dump()  # one mode: the dump (and content id) of old
    {'kind': 'demo'}
    >>> Demo(kind="demo").model_dump(exclude_none=True, exclude_defaults=True)
    {'kind': 'demo'}
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_serializer, model_validator
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from qinternet.network.schemes.registry import SchemeSpec
from qinternet.physics.links import LinkOutcome
from qinternet.physics.links.multiplexing import (
    MAX_MODE_WINDOW_S,
    MAX_TEMPORAL_MODES,
    multiplexed_outcome,
)

__all__ = ["MultimodeScheme", "multiplexed"]


class MultimodeScheme(SchemeSpec):
    """A scheme whose attempts a multimode memory repeats: ``temporal_modes`` (an
    integer >= 1) and ``mode_spacing_s`` (s, > 0, needed when ``temporal_modes`` > 1).
    One mode and no spacing leave the section's dump as it was without the fields."""

    temporal_modes: int = Field(1, ge=1, le=MAX_TEMPORAL_MODES)
    mode_spacing_s: float | None = Field(None, gt=0.0)

    @model_validator(mode="after")
    def _modes_fit(self) -> MultimodeScheme:
        modes, spacing_s = self.temporal_modes, self.mode_spacing_s
        if spacing_s is None:
            if modes > 1:
                raise ValueError(f"mode_spacing_s is needed with temporal_modes={modes}")
        elif modes * spacing_s > MAX_MODE_WINDOW_S:
            raise ValueError(
                f"temporal_modes x mode_spacing_s = {modes * spacing_s!r} s is over the "
                f"{MAX_MODE_WINDOW_S} s a heralding window may last (a unit slip?)"
            )
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.temporal_modes == 1 and self.mode_spacing_s is None:
            data.pop("temporal_modes", None)
            data.pop("mode_spacing_s", None)
        return data


def multiplexed(scheme: Any, outcome: LinkOutcome) -> LinkOutcome:
    """``outcome`` with ``scheme``'s temporal modes (unchanged for one mode or none).

    Examples:
        >>> from qinternet.physics.links import barrett_kok_link
        >>> one = barrett_kok_link(0.5)
        >>> from typing import Literal
        >>> class Demo(MultimodeScheme):
        ...     kind: Literal["demo"] = "demo"
        >>> round(multiplexed(Demo(temporal_modes=3, mode_spacing_s=1e-6), one)
        ...       .success_probability, 12)  # 1 - (1 - 1/8)^3
        0.330078125
        >>> multiplexed(Demo(), one) is one
        True
    """
    if not isinstance(scheme, MultimodeScheme) or scheme.mode_spacing_s is None:
        return outcome
    return multiplexed_outcome(outcome, scheme.temporal_modes, scheme.mode_spacing_s)
