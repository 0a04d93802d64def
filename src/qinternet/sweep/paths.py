"""Parameter paths: where in a scenario's data a sweep puts its values.

A path is a dotted walk through the scenario as plain data (mappings and lists):
``links.0.length_m`` is the first link's length, ``nodes.*.memory.t2_s`` every
node's memory coherence time (``*`` stands for every element of a list). A last key
in a non-SI unit is converted: ``links.0.length_km`` sets ``length_m`` to 1000 times
the value (suffixes ``_km``, ``_ms``, ``_us``, ``_ns``, ``_khz``, ``_mhz``, ``_ghz``).
``distance_km`` is the distance between the end nodes: the length of the one link of a
link scenario, or, in a repeater chain (``protocol: {kind: chain}``), the total length
shared equally among its links.

Whether a key exists is decided by the scenario validation afterwards (which names
the unknown key and suggests the closest); here a missing mapping on the way is
created, and a list index out of range or a step into a number is refused.

Examples:
    >>> data = {"links": [{"length_m": 1.0}], "nodes": [{"name": "A"}, {"name": "B"}]}
    >>> ParameterPath.parse("distance_km").assign(data, 2.5)
    >>> ParameterPath.parse("nodes.*.memory.t2_s").assign(data, 0.1)
    >>> data["links"][0]["length_m"], data["nodes"][1]["memory"]
    (2500.0, {'t2_s': 0.1})
    >>> ParameterPath.parse("links.3.length_m").assign(data, 1.0)
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: links.3.length_m='3': index out of range (links has 1 element)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import (
    GIGAHERTZ,
    KILOHERTZ,
    KILOMETRE,
    MEGAHERTZ,
    MICROSECOND,
    MILLISECOND,
    NANOSECOND,
)
from qinternet.sweep.values import ParamValue

WILDCARD = "*"
UNIT_SUFFIXES: dict[str, tuple[str, float]] = {
    "_km": ("_m", KILOMETRE),
    "_ms": ("_s", MILLISECOND),
    "_us": ("_s", MICROSECOND),
    "_ns": ("_s", NANOSECOND),
    "_khz": ("_hz", KILOHERTZ),
    "_mhz": ("_hz", MEGAHERTZ),
    "_ghz": ("_hz", GIGAHERTZ),
}
"""A last key ending in one of these is set in SI: (SI suffix, factor to SI)."""

ALIASES = {"distance_km": "links.*.length_km"}
"""Short names; ``distance_km`` needs one link, or a chain whose links share it."""

_KEY = re.compile(r"^(\*|[0-9]+|[A-Za-z_][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class ParameterPath:
    """A validated path into scenario data.

    Args:
        text: the path as the user wrote it (also the column name of the results).
        keys: the steps in SI form (``"*"``, list indices as digit strings, keys).
        to_si: factor from the written unit to SI (1.0 when the key is already SI).
        single_link: whether the path needs a scenario with exactly one link.

    Raises:
        InvalidParameterError: for an empty step, a malformed key or a
            non-positive factor.

    Examples:
        >>> ParameterPath.parse("links.0.length_km").keys
        ('links', '0', 'length_m')
        >>> ParameterPath.parse("links..length_m")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: path='links..length_m': step 2 is '', expected a key, an index or *
    """

    text: str
    keys: tuple[str, ...]
    to_si: float = 1.0
    single_link: bool = False

    def __post_init__(self) -> None:
        if not self.keys:
            raise InvalidParameterError("path", self.text, "is empty")
        for i, key in enumerate(self.keys, start=1):
            if not _KEY.match(key):
                raise InvalidParameterError(
                    "path", self.text, f"step {i} is {key!r}, expected a key, an index or *"
                )
        if self.keys[0] in {WILDCARD} or self.keys[0].isdigit():
            raise InvalidParameterError("path", self.text, "must start with a key")
        if not (math.isfinite(self.to_si) and self.to_si > 0):
            raise InvalidParameterError("to_si", self.to_si, "must be finite and positive")

    @classmethod
    def parse(cls, text: str) -> ParameterPath:
        """The path written as ``text`` (aliases and unit suffixes resolved)."""
        stripped = text.strip()
        expanded = ALIASES.get(stripped, stripped)
        keys = expanded.split(".")
        to_si = 1.0
        for suffix, (si_suffix, factor) in UNIT_SUFFIXES.items():
            if keys[-1].endswith(suffix) and len(keys[-1]) > len(suffix):
                keys[-1] = keys[-1].removesuffix(suffix) + si_suffix
                to_si = factor
                break
        return cls(stripped, tuple(keys), to_si, single_link=stripped in ALIASES)

    def to_si_value(self, value: ParamValue) -> ParamValue:
        """``value`` converted to SI (exact decimal scaling: 1.1 km is 1100.0 m).

        Examples:
            >>> ParameterPath.parse("window_ns").to_si_value(25)
            2.5e-08
        """
        if self.to_si == 1.0:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidParameterError(self.text, value, "a unit-converted value must be a number")
        exponent = round(math.log10(self.to_si))
        if 10.0**exponent == self.to_si and math.isfinite(value):
            return float(Decimal(repr(value)).scaleb(exponent))
        return float(value) * self.to_si

    def assign(self, data: dict[str, Any], value: ParamValue) -> None:
        """Set ``value`` (converted to SI) at this path in ``data``, in place.

        Raises:
            InvalidParameterError: naming the path, for an index out of range, a step
                into something that is neither a mapping nor a list, or a
                ``distance_km`` on a scenario without exactly one link.
        """
        si_value = self.to_si_value(value)
        if self.single_link:
            links = data.get("links")
            protocol = data.get("protocol")
            is_chain = isinstance(protocol, dict) and protocol.get("kind") == "chain"
            if not isinstance(links, list) or not links or (len(links) != 1 and not is_chain):
                count = len(links) if isinstance(links, list) else 0
                raise InvalidParameterError(
                    self.text,
                    value,
                    f"needs a scenario with one link or a chain (this one has {count} links); "
                    "vary links.N.length_km instead",
                )
            if isinstance(si_value, int | float) and not isinstance(si_value, bool):
                si_value = si_value / len(links)
        self._set(data, 0, si_value)

    def _set(self, node: Any, depth: int, value: ParamValue) -> None:
        key = self.keys[depth]
        last = depth == len(self.keys) - 1
        if isinstance(node, list):
            if key == WILDCARD:
                indices = range(len(node))
            elif key.isdigit() and int(key) < len(node):
                indices = range(int(key), int(key) + 1)
            else:
                where = ".".join(self.keys[:depth]) or "(top level)"
                plural = "" if len(node) == 1 else "s"
                reason = f"index out of range ({where} has {len(node)} element{plural})"
                if not key.isdigit():
                    reason = f"{where} is a list: use an index or *"
                raise InvalidParameterError(self.text, key, reason)
            for index in indices:
                if last:
                    node[index] = value
                else:
                    self._set(node[index], depth + 1, value)
            return
        if not isinstance(node, dict) or key == WILDCARD or key.isdigit():
            where = ".".join(self.keys[:depth]) or "(top level)"
            kind = "a mapping" if isinstance(node, dict) else type(node).__name__
            raise InvalidParameterError(self.text, key, f"cannot step into {where} ({kind})")
        if last:
            node[key] = value
            return
        if node.get(key) is None:
            node[key] = {}
        self._set(node[key], depth + 1, value)
