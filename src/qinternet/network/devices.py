"""The device sections of a scenario file: ``memory``, ``emitter``, ``ensemble``, ``detector``.

Each section is a model derived from its device dataclass (:func:`section_model`), so
its keys are exactly the dataclass's fields and the schema cannot drift from the
devices. Every key is optional: one left out (or ``null``) keeps the preset's value.
Unknown keys and values of the wrong type (a bool, a list, text or NaN for a number, a
number for a bool) fail when the file is parsed, as in every other section
(:mod:`._strict`). Physical limits (a probability above 1, T2 > 2 T1, an infinity
where a field has no meaning for it) stay with the dataclasses, which the build step
creates from the preset and :meth:`~DeviceSection.changes`; so ``t1_s: .inf`` (no
relaxation) passes here.

Examples:
    >>> MemorySection(t2_s=1).changes()
    {'t2_s': 1.0}
    >>> sorted(DetectorSection.model_fields) == sorted(f.name for f in fields(Detector))
    True
    >>> MemorySection(t1_s=float("inf")).changes()
    {'t1_s': inf}
    >>> MemorySection(t2_s=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for MemorySection
    t2_s
      must be a real number, not a bool ...
    >>> MemorySection(t1_s="1.0e6")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for MemorySection
    t1_s
      must be a real number, not text ...
    >>> unknown_key_hint("t2", MemorySection)
    "; did you mean 't2_s'?"
"""

from __future__ import annotations

import functools
import operator
from dataclasses import fields
from typing import Annotated, Any, get_args, get_type_hints

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetPydanticSchema,
    StrictBool,
    create_model,
)

from qinternet.core.validation import did_you_mean
from qinternet.network._strict import refuse_non_number
from qinternet.physics.devices import AtomicEnsemble, Detector, Emitter, Memory


class DeviceSection(BaseModel):
    """Changes to one device of a preset; a field left as None keeps the preset's value."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def changes(self) -> dict[str, Any]:
        """The fields this section sets, by name."""
        return self.model_dump(exclude_none=True)


_FIELD_TYPES: dict[Any, Any] = {
    float: Annotated[float, BeforeValidator(refuse_non_number)],
    int: Annotated[int, BeforeValidator(refuse_non_number)],
    bool: StrictBool,
}


def _optional(hint: Any) -> Any:
    """``hint | None``, with a number that refuses bools, text and NaN, and a bool that
    refuses numbers."""
    parts = [_FIELD_TYPES.get(part, part) for part in get_args(hint) or (hint,)]
    return functools.reduce(operator.or_, parts) | None


def section_model(device: type[Any]) -> type[DeviceSection]:
    """A :class:`DeviceSection` with every field of the dataclass ``device``, optional.

    Examples:
        >>> section_model(Emitter)(max_attempt_rate_hz=2000).changes()
        {'max_attempt_rate_hz': 2000.0}
    """
    hints = get_type_hints(device)
    optional: dict[str, Any] = {
        field.name: (_optional(hints[field.name]), None) for field in fields(device)
    }
    return create_model(
        f"{device.__name__}Section",  # the module's name for it: pickles by reference
        __base__=DeviceSection,
        __module__=__name__,
        __doc__=f"Changes to a preset's :class:`{device.__name__}`.",
        **optional,
    )


MemorySection = section_model(Memory)
EmitterSection = section_model(Emitter)
AtomicEnsembleSection = section_model(AtomicEnsemble)
DetectorSection = section_model(Detector)

SECTIONS: dict[str, type[DeviceSection]] = {
    "memory": MemorySection,
    "emitter": EmitterSection,
    "ensemble": AtomicEnsembleSection,
    "detector": DetectorSection,
}
"""Each device section of a scenario, by the key that holds it."""


def _validated_as(model: type[DeviceSection]) -> GetPydanticSchema:
    return GetPydanticSchema(lambda _source, handler: handler(model))


# A field annotated with one of these holds a DeviceSection (for the type checker) and
# is validated as the section of its device (for pydantic).
MemoryChanges = Annotated[DeviceSection, _validated_as(MemorySection)]
EmitterChanges = Annotated[DeviceSection, _validated_as(EmitterSection)]
EnsembleChanges = Annotated[DeviceSection, _validated_as(AtomicEnsembleSection)]
DetectorChanges = Annotated[DeviceSection, _validated_as(DetectorSection)]


def unknown_key_hint(key: str, section: type[DeviceSection]) -> str:
    """The hint after "unknown key" for ``key`` in ``section``: the closest field, or all.

    Examples:
        >>> unknown_key_hint("zzz", AtomicEnsembleSection)
        '; known: excitation_probability, retrieval_efficiency, memory_lifetime_s'
    """
    known = list(section.model_fields)
    return did_you_mean(key, known) or f"; known: {', '.join(known)}"
