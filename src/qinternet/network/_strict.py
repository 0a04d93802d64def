"""The base of every scenario model, and the field types they share.

Every section of a scenario file is a frozen pydantic model that refuses unknown keys
and reads numbers strictly: wherever a field holds a number (alone, optional, or in a
tuple), a bool, text or NaN is refused naming the field, and so is an infinity unless
the field says ``Field(allow_inf_nan=True)``: only ``duration_s`` does, so that the run
budget can refuse it as a run that would not end. (The device sections leave infinity
to the device models, :mod:`.devices`.) The YAML reader reads ``1e6`` as a number
(YAML 1.2), so no number needs to be text.

Examples:
    >>> class Lens(Strict):
    ...     transmission: Probability = 1.0
    ...     arms_m: tuple[float, float] = (0.0, 0.0)
    >>> Lens(transmission=0.5).transmission
    0.5
    >>> def first_error(**fields: object) -> tuple[object, str]:
    ...     try:
    ...         Lens(**fields)
    ...     except ValidationError as error:
    ...         return error.errors()[0]["loc"], error.errors()[0]["msg"]
    ...     return (), "accepted"
    >>> first_error(transmission=True)
    (('transmission',), 'must be a real number, not a bool')
    >>> first_error(arms_m=[1.0, "2"])
    (('arms_m', 1), 'must be a real number, not text')
    >>> first_error(arms_m=[1.0, float("inf")])
    (('arms_m', 1), 'Input should be a finite number')
    >>> first_error(transmission=float("nan"))
    (('transmission',), 'must be a real number, not NaN')
"""

from __future__ import annotations

import math
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = ["OpenProbability", "Probability", "Strict", "refuse_non_number"]

_Shape = Literal["scalar", "items"] | None


def refuse_non_number(value: Any) -> Any:
    """``value`` unchanged, unless it is a bool, text or NaN where a number belongs.

    Raises:
        PydanticCustomError: ``number_type``, saying which of the three it is.

    Examples:
        >>> refuse_non_number(2.5)
        2.5
        >>> refuse_non_number("1e6")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.PydanticCustomError: must be a real number, not text
    """
    if isinstance(value, bool):
        # Not 1 for ``true``: a mistake of its own, so the error shows the value.
        raise PydanticCustomError("number_type", "must be a real number, not a bool")
    if isinstance(value, str | bytes):
        raise PydanticCustomError("number_type", "must be a real number, not text")
    if isinstance(value, float) and math.isnan(value):
        raise PydanticCustomError("number_type", "must be a real number, not NaN")
    return value


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types of a union (``X | None`` and ``Union[...]``), ``Annotated`` stripped."""
    if get_origin(annotation) is Annotated:
        return _members(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(part for arg in get_args(annotation) for part in _members(arg))
    return (annotation,)


def _is_number(annotation: Any) -> bool:
    members = [part for part in _members(annotation) if part is not type(None)]
    return bool(members) and all(part in (int, float) for part in members)


def _shape(annotation: Any) -> _Shape:
    """``scalar`` for a number field, ``items`` for a tuple or list of numbers, else None."""
    if _is_number(annotation):
        return "scalar"
    for part in _members(annotation):
        if get_origin(part) in (tuple, list):
            arguments = [arg for arg in get_args(part) if arg is not Ellipsis]
            if arguments and all(_is_number(arg) for arg in arguments):
                return "items"
    return None


_SHAPES: dict[tuple[type, str], _Shape] = {}
"""The shape of each model's fields, worked out on first use."""


class Strict(BaseModel):
    """A frozen pydantic model that refuses unknown keys and reads numbers strictly."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_numbers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        errors: list[InitErrorDetails] = []
        for name, value in data.items():
            field = cls.model_fields.get(name) if isinstance(name, str) else None
            if field is None:
                continue
            if (cls, name) not in _SHAPES:
                _SHAPES[cls, name] = _shape(field.annotation)
            shape = _SHAPES[cls, name]
            if shape == "scalar":
                places: list[tuple[tuple[str | int, ...], Any]] = [((name,), value)]
            elif shape == "items" and isinstance(value, list | tuple):
                places = [((name, i), item) for i, item in enumerate(value)]
            else:
                continue
            for loc, item in places:
                try:
                    refuse_non_number(item)
                except PydanticCustomError as error:
                    errors.append(InitErrorDetails(type=error, loc=loc, input=item))
        if errors:
            # Raised as a ValidationError, pydantic keeps each error's place in the file.
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return data


Probability = Annotated[float, Field(ge=0.0, le=1.0)]
OpenProbability = Annotated[float, Field(gt=0.0, lt=1.0)]
