"""Exceptions raised by qinternet.

Every error a user can cause by passing a bad value derives from
:class:`QinternetError`, and every message names the offending parameter and its
value, so a failing run says what to fix.

Examples:
    >>> from qinternet.core.errors import InvalidParameterError
    >>> err = InvalidParameterError("efficiency", 1.2, "must lie in [0, 1]")
    >>> str(err)
    'efficiency=1.2: must lie in [0, 1]'
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from typing import Any


class QinternetError(Exception):
    """Base class of every qinternet exception."""


class ParameterError(QinternetError, ValueError):
    """A value that is not acceptable; the message names the parameter and the value.

    Args:
        name: the parameter's name as the caller wrote it (``"t2_s"``, ``"rho"``).
        value: the offending value (shown with ``repr``; arrays are summarised).
        reason: what is wrong, as a short phrase (``"must be positive"``).
    """

    def __init__(self, name: str, value: Any, reason: str) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(f"{name}={_short_repr(value)}: {reason}")


class InvalidParameterError(ParameterError):
    """A scalar parameter outside its physical range (a probability above 1, a negative
    length, NaN or infinity where a finite number is needed)."""


class PhysicalConstraintError(ParameterError):
    """Parameters that are each valid but jointly impossible (for example T2 > 2*T1)."""


class InvalidStateError(ParameterError):
    """A matrix or vector that is not a valid quantum state (not square, not Hermitian,
    not positive semidefinite, not of unit trace or norm)."""


class NonUnitaryError(ParameterError):
    """A matrix passed as a unitary that is not unitary."""


class InvalidChannelError(ParameterError):
    """Kraus operators that do not form a trace-preserving channel."""


class DimensionMismatchError(ParameterError):
    """Shapes or subsystem dimensions that do not fit together."""


class SubsystemNameError(ParameterError, KeyError):
    """A subsystem name that a state registry does not hold (unknown) or holds already
    (duplicate); also a :class:`KeyError`, as for a missing key of a mapping."""

    def __str__(self) -> str:
        return str(self.args[0])


class NotBellDiagonalError(QinternetError, ValueError):
    """An operation that would take a Bell-diagonal state out of the Bell-diagonal family."""


class ResourceLimitError(ParameterError):
    """A request whose memory or time would exceed what the machine can hold; raised
    before anything large is allocated, with the estimated size in the message."""


class ScenarioError(QinternetError, ValueError):
    """A scenario file that cannot be read or validated; names the file and the field."""


class ExecutorError(QinternetError):
    """A sweep executor that cannot run: a scheduler that does not answer, a lost cluster."""


class MissingDependencyError(QinternetError, ImportError):
    """An optional package that a function needs is not installed; names the package and
    the command that installs it."""


def _short_repr(value: Any) -> str:
    text = repr(value)
    shape = getattr(value, "shape", None)
    if shape is not None and len(text) > 80:
        return f"<array of shape {tuple(shape)}>"
    if len(text) > 80:
        return text[:77] + "..."
    return text
