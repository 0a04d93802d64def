"""The base of every scenario model, and the field types they share.

Every section of a scenario file is a frozen pydantic model that refuses unknown keys.

Examples:
    >>> class Lens(Strict):
    ...     transmission: Probability = 1.0
    >>> Lens(transmission=0.5).transmission
    0.5
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["OpenProbability", "Probability", "Strict"]


class Strict(BaseModel):
    """A frozen pydantic model that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Probability = Annotated[float, Field(ge=0.0, le=1.0)]
OpenProbability = Annotated[float, Field(gt=0.0, lt=1.0)]
