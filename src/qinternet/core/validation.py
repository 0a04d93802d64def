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
    qinternet.core.errors.InvalidParameterError: t2_s=-1.0: must be a finite time > 0 s
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, TypeVar

import numpy as np

from qinternet.core.errors import InvalidParameterError


def _number(value: Any, name: str) -> float:
    """``value`` as a float (booleans and non-numbers are rejected; NaN passes)."""
    if isinstance(value, bool | np.bool_):
        raise InvalidParameterError(name, value, "must be a real number, not a bool")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, value, "must be a real number") from None


def check_real(value: Any, name: str) -> float:
    """``value`` as a float that is not NaN (infinity passes; booleans are rejected)."""
    number = _number(value, name)
    if math.isnan(number):
        raise InvalidParameterError(name, value, "must not be NaN")
    return number


def check_finite(value: Any, name: str) -> float:
    """``value`` as a finite float (not NaN or infinity).

    Examples:
        >>> check_finite(2, "phase_rad")
        2.0
        >>> check_finite(float("inf"), "phase_rad")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: phase_rad=inf: must be finite (not NaN or infinity)
    """
    number = _number(value, name)
    if not math.isfinite(number):
        raise InvalidParameterError(name, value, "must be finite (not NaN or infinity)")
    return number


def check_unit_interval(value: Any, name: str, *, open_interval: bool = False) -> float:
    """A finite number in [0, 1] (in (0, 1) with ``open_interval``): an efficiency,
    transmission, visibility or a link's probability.

    Examples:
        >>> check_unit_interval(1.5, "efficiency")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: efficiency=1.5: must lie in [0, 1]
    """
    return _in_unit_interval(value, name, open_interval, "must lie in [0, 1]")


def check_probability(value: Any, name: str, *, open_interval: bool = False) -> float:
    """:func:`check_unit_interval` for a device's or a channel's parameter, whose message
    calls the value a probability.

    Examples:
        >>> check_probability(1.2, "efficiency")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: efficiency=1.2: must be a probability in [0, 1]
    """
    return _in_unit_interval(value, name, open_interval, "must be a probability in [0, 1]")


def _in_unit_interval(value: Any, name: str, open_interval: bool, closed_reason: str) -> float:
    number = _number(value, name)
    if not math.isfinite(number):
        interval = "(0, 1)" if open_interval else "[0, 1]"
        reason = f"must be finite (not NaN or infinity) and in {interval}"
        raise InvalidParameterError(name, value, reason)
    if open_interval:
        if not 0.0 < number < 1.0:
            raise InvalidParameterError(name, value, "must lie in the open interval (0, 1)")
    elif not 0.0 <= number <= 1.0:
        raise InvalidParameterError(name, value, closed_reason)
    return number


_QUANTITY = {"s": "time", "m": "length", "Hz": "rate", "m/s": "velocity"}
"""The quantity a unit measures, named in range messages ("a finite time >= 0 s")."""


def _bound(relation: str, unit: str, *, finite: bool = True) -> str:
    """The range message: "must be > 0", or with a unit "must be a finite time > 0 s"."""
    if not unit:
        return f"must be {relation}"
    quantity = ("finite " if finite else "") + _QUANTITY.get(unit, "number")
    return f"must be a {quantity} {relation} {unit}"


def check_non_negative(value: Any, name: str, unit: str = "") -> float:
    """A finite number >= 0 (``unit``, if given, is named in the message).

    Examples:
        >>> check_non_negative(-1.0, "window")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: window=-1.0: must be >= 0
        >>> check_non_negative(-0.5, "elapsed_s", "s")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: elapsed_s=-0.5: must be a finite time >= 0 s
    """
    number = check_finite(value, name)
    if number < 0.0:
        raise InvalidParameterError(name, value, _bound(">= 0", unit))
    return number


def check_positive(value: Any, name: str, unit: str = "", *, allow_inf: bool = False) -> float:
    """A number > 0, finite unless ``allow_inf`` (``math.inf`` then means 'never').

    Examples:
        >>> check_positive(float("inf"), "t1_s", "s", allow_inf=True)
        inf
        >>> check_positive(0.0, "t1_s", "s", allow_inf=True)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: t1_s=0.0: must be a time > 0 s
    """
    number = check_real(value, name) if allow_inf else check_finite(value, name)
    if number <= 0.0:
        raise InvalidParameterError(name, value, _bound("> 0", unit, finite=not allow_inf))
    return number


def check_count(value: Any, name: str, minimum: int = 0) -> int:
    """An integer >= ``minimum`` (booleans are rejected).

    Examples:
        >>> check_count(3, "num_modes", 1)
        3
        >>> check_count(-1, "max_photons")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: max_photons=-1: must be >= 0
    """
    if isinstance(value, bool | np.bool_):
        raise InvalidParameterError(name, value, f"must be an integer >= {minimum}, not a bool")
    try:
        count = operator.index(value)
    except TypeError:
        raise InvalidParameterError(name, value, f"must be an integer >= {minimum}") from None
    if count < minimum:
        raise InvalidParameterError(name, value, f"must be >= {minimum}")
    return count


def check_pair(value: Any, name: str, check: Callable[[Any, str], float]) -> tuple[float, float]:
    """One number (used for both nodes) or a pair, each passed through ``check``.

    Examples:
        >>> check_pair(0.5, "efficiency", check_unit_interval)
        (0.5, 0.5)
        >>> check_pair((0.5, 1.5), "efficiency", check_unit_interval)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: efficiency=1.5: must lie in [0, 1]
    """
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InvalidParameterError(name, value, "must be a number or a pair of numbers")
        return check(value[0], name), check(value[1], name)
    number = check(value, name)
    return number, number


def check_bool(value: Any, name: str) -> bool:
    """A genuine bool (not 0/1 or a string)."""
    if not isinstance(value, bool):
        raise InvalidParameterError(name, value, "must be True or False")
    return value


_E = TypeVar("_E", bound=Enum)


def check_choice(value: Any, choices: type[_E], name: str) -> _E:
    """``value`` as a member of the enum ``choices``; the error lists their values.

    Examples:
        >>> from enum import Enum
        >>> class Fruit(Enum):
        ...     APPLE = "apple"
        ...     PEAR = "pear"
        >>> check_choice("pear", Fruit, "fruit")
        <Fruit.PEAR: 'pear'>
        >>> check_choice("plum", Fruit, "fruit")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: fruit='plum': must be 'apple' or 'pear'
    """
    try:
        return choices(value)
    except ValueError:
        options = " or ".join(repr(member.value) for member in choices)
        raise InvalidParameterError(name, value, f"must be {options}") from None


def suggest(word: str, options: Iterable[str]) -> str | None:
    """The option closest to ``word`` (ignoring case), or None if none is close.

    The one "did you mean" of the program: unknown keys, presets, columns and scheme
    kinds all ask it.
    """
    import difflib  # asked only about a mistake

    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1)
    return lowered[close[0]] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the option :func:`suggest` finds, else ``""``.

    Examples:
        >>> did_you_mean("Alcie", ["Alice", "Bob"]), did_you_mean("Zed", ["Alice"])
        ("; did you mean 'Alice'?", '')
    """
    close = suggest(word, options)
    return f"; did you mean {close!r}?" if close else ""
