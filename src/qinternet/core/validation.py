"""Checks of scalar parameters shared by every layer (L0: imports only ``errors``).

Every helper names the field and the offending value in the raised
:class:`~qinternet.core.errors.InvalidParameterError`, so a bad argument, preset override or
scenario entry says what to fix.

Examples:
    >>> check_probability(0.25, "alpha")
    0.25
    >>> suggest("T2_S", ["t1_s", "t2_s"])
    't2_s'
    >>> check_positive(-1.0, "t2_s", "s")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: t2_s=-1.0: must be a finite number > 0 s
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Iterable
from typing import Any

from qinternet.core.errors import InvalidParameterError


def check_real(value: Any, name: str) -> float:
    """``value`` as a float that is not NaN (booleans are rejected)."""
    if isinstance(value, bool):
        raise InvalidParameterError(name, value, "must be a real number, not a bool")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, value, "must be a real number") from None
    if math.isnan(number):
        raise InvalidParameterError(name, value, "must not be NaN")
    return number


def check_probability(value: Any, name: str, *, open_interval: bool = False) -> float:
    """A finite number in [0, 1] (in (0, 1) with ``open_interval``)."""
    if isinstance(value, bool):
        raise InvalidParameterError(name, value, "must be a real number, not a bool")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, value, "must be a real number") from None
    if not math.isfinite(number):
        reason = "must be a finite probability in [0, 1] (not NaN or infinity)"
        raise InvalidParameterError(name, value, reason)
    if open_interval:
        if not 0.0 < number < 1.0:
            raise InvalidParameterError(name, value, "must lie strictly between 0 and 1")
    elif not 0.0 <= number <= 1.0:
        raise InvalidParameterError(name, value, "must be a probability in [0, 1]")
    return number


def check_non_negative(value: Any, name: str, unit: str) -> float:
    """A finite number >= 0."""
    number = check_real(value, name)
    if not math.isfinite(number) or number < 0.0:
        raise InvalidParameterError(name, value, f"must be a finite number >= 0 {unit}")
    return number


def check_positive(value: Any, name: str, unit: str, *, allow_inf: bool = False) -> float:
    """A number > 0, finite unless ``allow_inf`` (``math.inf`` then means 'never')."""
    number = check_real(value, name)
    if number <= 0.0 or (math.isinf(number) and not allow_inf):
        what = "a number > 0" if allow_inf else "a finite number > 0"
        raise InvalidParameterError(name, value, f"must be {what} {unit}")
    return number


def check_count(value: Any, name: str, minimum: int = 0) -> int:
    """An integer >= ``minimum`` (booleans are rejected)."""
    if isinstance(value, bool):
        raise InvalidParameterError(name, value, f"must be an integer >= {minimum}, not a bool")
    try:
        count = operator.index(value)
    except TypeError:
        raise InvalidParameterError(name, value, f"must be an integer >= {minimum}") from None
    if count < minimum:
        raise InvalidParameterError(name, value, f"must be an integer >= {minimum}")
    return count


def check_bool(value: Any, name: str) -> bool:
    """A genuine bool (not 0/1 or a string)."""
    if not isinstance(value, bool):
        raise InvalidParameterError(name, value, "must be True or False")
    return value


def suggest(word: str, options: Iterable[str]) -> str | None:
    """The option closest to ``word`` (ignoring case), or None if none is close.

    The one "did you mean" of the program: unknown keys, presets, columns and scheme
    kinds all ask it.
    """
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1)
    return lowered[close[0]] if close else None
