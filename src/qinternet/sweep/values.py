"""The values of one sweep axis, as written on the command line.

Three forms, each giving an ordered tuple of values:

- ``START:STOP:NUM``: ``NUM`` evenly spaced values from ``START`` to ``STOP``
  inclusive (integers when both ends are integers and the step is whole);
- ``log:START:STOP:NUM``: ``NUM`` log-spaced values (``START > 0``);
- ``V1,V2,...`` or a single value: a list; each item is an integer, a float,
  ``true``/``false``, ``null`` (to clear an optional field) or else a string.

An empty, reversed or zero-width range is refused with a message that says how to
write it.

Examples:
    >>> parse_values("length_m", "0:1000:3")
    (0, 500, 1000)
    >>> parse_values("t2_s", "log:0.001:1:4")
    (0.001, 0.01, 0.1, 1.0)
    >>> parse_values("preset", "nv_centre,siv")
    ('nv_centre', 'siv')
    >>> parse_values("length_m", "1000:10:3")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: length_m='1000:10:3': reversed range (START 1000 > STOP 10); write 10:1000:3
"""

from __future__ import annotations

import math
from typing import TypeAlias

import numpy as np

from qinternet.core.errors import InvalidParameterError

ParamValue: TypeAlias = int | float | str | bool | None
"""A value a sweep assigns to a scenario field."""

LOG_PREFIX = "log:"


def parse_scalar(text: str) -> ParamValue:
    """One value: integer, float, boolean, ``null`` or (otherwise) the string itself.

    Examples:
        >>> [parse_scalar(t) for t in ("3", "2.5e3", "true", "null", "siv", "inf")]
        [3, 2500.0, True, None, 'siv', inf]
    """
    stripped = text.strip()
    lowered = stripped.lower()
    if lowered in {"null", "none"}:
        return None
    if lowered in {"true", "false"}:
        return lowered == "true"
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        number = float(stripped)
    except ValueError:
        return stripped
    if math.isnan(number):
        raise InvalidParameterError("value", text, "NaN is not a sweep value")
    return number


def _number(name: str, text: str, part: str, what: str) -> float | int:
    value = parse_scalar(part)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isinf(value):
        raise InvalidParameterError(name, text, f"{what} {part!r} is not a finite number")
    return value


def _range(name: str, text: str, body: str, *, log: bool) -> tuple[ParamValue, ...]:
    parts = body.split(":")
    form = "log:START:STOP:NUM" if log else "START:STOP:NUM"
    if len(parts) != 3:
        raise InvalidParameterError(name, text, f"a range is written {form}")
    start = _number(name, text, parts[0], "START")
    stop = _number(name, text, parts[1], "STOP")
    count = parse_scalar(parts[2])
    if isinstance(count, bool) or not isinstance(count, int):
        raise InvalidParameterError(name, text, f"NUM {parts[2]!r} must be an integer")
    if count < 1:
        raise InvalidParameterError(name, text, f"empty range (NUM={count}); NUM must be >= 1")
    if start > stop:
        prefix = LOG_PREFIX if log else ""
        raise InvalidParameterError(
            name,
            text,
            f"reversed range (START {start} > STOP {stop}); write {prefix}{parts[1]}:{parts[0]}:{count}",
        )
    if start == stop and count > 1:
        raise InvalidParameterError(
            name, text, f"empty range: START = STOP with NUM={count}; give one value instead"
        )
    if count == 1 and start != stop:
        raise InvalidParameterError(name, text, "NUM=1 needs START = STOP")
    if log:
        if start <= 0:
            raise InvalidParameterError(name, text, "a log range needs START > 0")
        values = np.geomspace(start, stop, count)
        values[0], values[-1] = start, stop
        return tuple(float(v) for v in values)
    if isinstance(start, int) and isinstance(stop, int) and (stop - start) % max(count - 1, 1) == 0:
        step = (stop - start) // max(count - 1, 1)
        return tuple(start + i * step for i in range(count))
    spaced = np.linspace(start, stop, count)
    return tuple(float(v) for v in spaced)


def parse_values(name: str, text: str) -> tuple[ParamValue, ...]:
    """The values of the axis ``name`` written as ``text`` (see the module docstring).

    Args:
        name: the parameter, used in error messages.
        text: ``START:STOP:NUM``, ``log:START:STOP:NUM``, ``V1,V2,...`` or one value.

    Returns:
        The values in order (at least one).

    Raises:
        InvalidParameterError: for an empty, reversed or zero-width range, a malformed
            range, an empty list item, or NaN.

    Examples:
        >>> parse_values("num_memories", "1:10:4")
        (1, 4, 7, 10)
        >>> parse_values("num_memories", "0:10:0")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: num_memories='0:10:0': empty range (NUM=0); NUM must be >= 1
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidParameterError(name, text, "no values given")
    if stripped.lower().startswith(LOG_PREFIX):
        return _range(name, text, stripped[len(LOG_PREFIX) :], log=True)
    if ":" in stripped:
        return _range(name, text, stripped, log=False)
    items = stripped.split(",")
    if any(not item.strip() for item in items):
        raise InvalidParameterError(name, text, "empty item in the list of values")
    try:
        return tuple(parse_scalar(item) for item in items)
    except InvalidParameterError as error:
        raise InvalidParameterError(name, text, error.reason) from None
