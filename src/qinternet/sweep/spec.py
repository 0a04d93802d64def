"""Sweep specifications: a scenario, the parameters to vary, and the points they make.

A :class:`SweepSpec` holds the base scenario (as canonical JSON), the axes and a base
seed. Axes multiply (a product, the first axis varying slowest) unless an axis is
zipped with the one before it, in which case they advance together. Each point is a
frozen :class:`SweepPoint` whose content id is the SHA-256 of the canonical JSON of
its scenario (without the seed) and the base seed; its seed is drawn from
``numpy.random.SeedSequence(base_seed, spawn_key=<content id>)``. So a point's
result depends on what it is, never on how many workers ran the sweep or in which
order, and the same point in an extended sweep keeps its id and its numbers.

Each scenario is parsed once: the base when the spec is made (the file read once), and
each point by :meth:`SweepSpec.validated_points`, which attaches the validated
:class:`~qinternet.network.Scenario` to the point; workers receive it with the point
(pickled, not parsed again) and only build and run it.

Examples:
    >>> base = {"name": "demo", "seed": 1, "duration_s": 0.1,
    ...         "nodes": [{"name": "A"}, {"name": "B"}],
    ...         "links": [{"nodes": ["A", "B"], "length_m": 1000.0,
    ...                    "scheme": {"kind": "barrett_kok"}}]}
    >>> spec = SweepSpec.from_data(base, [Axis.parse("distance_km=1:3:3")], base_seed=7)
    >>> [point.params for point in spec.points()]
    [(('distance_km', 1),), (('distance_km', 2),), (('distance_km', 3),)]
    >>> again = SweepSpec.from_data(base, [Axis.parse("distance_km=3,2")], base_seed=7)
    >>> again.points()[1].point_id == spec.points()[1].point_id
    True
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.core.ids import CONTENT_ID_HEX_DIGITS, canonical_json, content_id
from qinternet.sweep.paths import ParameterPath
from qinternet.sweep.values import ParamValue, parse_scalar, parse_values

if TYPE_CHECKING:  # the scenario schema is imported where it is used, so workers start fast
    from qinternet.network import Scenario

SEED_BITS = 63


def point_seed(base_seed: int, point_id: str) -> int:
    """The seed of the point ``point_id``: a 63-bit draw of a SeedSequence keyed by it.

    Examples:
        >>> point_seed(1, "0" * 32) == point_seed(1, "0" * 32) != point_seed(2, "0" * 32)
        True
    """
    words = tuple(int(point_id[i : i + 8], 16) for i in range(0, len(point_id), 8))
    sequence = np.random.SeedSequence(base_seed, spawn_key=words)
    return int(sequence.generate_state(1, np.uint64)[0]) >> (64 - SEED_BITS)


@dataclass(frozen=True)
class SweepPoint:
    """One point of a sweep.

    Args:
        index: position in the sweep's enumeration (for ordering tables).
        params: (column name, value as written) of every axis, in axis order.
        scenario_json: canonical JSON of the point's scenario, its seed included.
        point_id: content id (32 hex digits) of the scenario without seed, and the base seed.
        seed: the point's seed, in [0, 2**63).
        scenario: the validated scenario of ``scenario_json`` (attached by
            :meth:`SweepSpec.validated_points`; ``None`` until then). Not part of the
            point's identity: equal points compare equal with or without it.

    Raises:
        InvalidParameterError: naming the field, for a negative index, a malformed id,
            a seed out of range or an unnamed parameter.
    """

    index: int
    params: tuple[tuple[str, ParamValue], ...]
    scenario_json: str
    point_id: str
    seed: int
    scenario: Scenario | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.index < 0:
            raise InvalidParameterError("index", self.index, "must be >= 0")
        if len(self.point_id) != CONTENT_ID_HEX_DIGITS or not all(
            c in "0123456789abcdef" for c in self.point_id
        ):
            raise InvalidParameterError("point_id", self.point_id, "must be 32 hex digits")
        if not 0 <= self.seed < 2**SEED_BITS:
            raise InvalidParameterError("seed", self.seed, f"must lie in [0, 2**{SEED_BITS})")
        if any(not name for name, _ in self.params):
            raise InvalidParameterError("params", self.params, "every parameter needs a name")

    def scenario_data(self) -> dict[str, Any]:
        """The point's scenario as plain data (a fresh copy)."""
        data: dict[str, Any] = json.loads(self.scenario_json)
        return data

    def validated_scenario(self, *, source: str) -> Scenario:
        """The point's validated scenario: the one attached, else parsed now.

        Raises:
            ScenarioError: naming ``source``, if the scenario does not validate.
        """
        if self.scenario is not None:
            return self.scenario
        from qinternet.network import parse_scenario  # here, so workers start fast

        return parse_scenario(self.scenario_data(), source=source)

    def describe(self) -> str:
        """``name=value`` of every parameter, for messages.

        Examples:
            >>> SweepPoint(0, (("a", 1), ("b", "x")), "{}", "0" * 32, 5).describe()
            'a=1, b=x'
        """
        return ", ".join(f"{name}={value}" for name, value in self.params)


@dataclass(frozen=True)
class Axis:
    """One parameter to vary and its values.

    Args:
        path: where the values go.
        values: the values as written (converted to SI on assignment).
        zipped: advance together with the previous axis instead of multiplying.

    Raises:
        InvalidParameterError: for an axis without values or with repeated values.

    Examples:
        >>> Axis.parse("links.0.length_m=10,20", zipped=True).values
        (10, 20)
    """

    path: ParameterPath
    values: tuple[ParamValue, ...]
    zipped: bool = False

    def __post_init__(self) -> None:
        if not self.values:
            raise InvalidParameterError(self.path.text, self.values, "no values")
        repeated = [v for i, v in enumerate(self.values) if v in self.values[:i]]
        if repeated:
            raise InvalidParameterError(self.path.text, repeated[0], "value given twice")

    @classmethod
    def parse(cls, text: str, *, zipped: bool = False) -> Axis:
        """An axis written ``PATH=VALUES`` (see :mod:`qinternet.sweep.values`)."""
        name, sep, values = text.partition("=")
        if not sep or not name.strip():
            raise InvalidParameterError("--vary", text, "expected PATH=VALUES")
        path = ParameterPath.parse(name)
        return cls(path, parse_values(path.text, values), zipped)


def parse_assignment(text: str) -> tuple[ParameterPath, ParamValue]:
    """A fixed override written ``PATH=VALUE``.

    Examples:
        >>> path, value = parse_assignment("links.0.heralded_fidelity=null")
        >>> path.keys, value
        (('links', '0', 'heralded_fidelity'), None)
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidParameterError("--set", text, "expected PATH=VALUE")
    return ParameterPath.parse(name), parse_scalar(value)


@dataclass(frozen=True)
class SweepSpec:
    """A base scenario, the axes to vary and the base seed.

    Args:
        base_json: canonical JSON of the validated base scenario (overrides applied).
        axes: the parameters to vary, in order.
        base_seed: seed of every point's SeedSequence (>= 0).
        source: where the scenario came from (for messages).

    Raises:
        InvalidParameterError: naming the field, for a negative seed, a parameter given
            twice, or zipped axes of different lengths.
    """

    base_json: str
    axes: tuple[Axis, ...]
    base_seed: int
    source: str = "<scenario>"

    def __post_init__(self) -> None:
        if self.base_seed < 0:
            raise InvalidParameterError("base_seed", self.base_seed, "must be >= 0")
        names = [axis.path.text for axis in self.axes]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise InvalidParameterError("--vary", name, "parameter given twice")
        for group in self.groups():
            lengths = {len(axis.values) for axis in group}
            if len(lengths) > 1:
                detail = ", ".join(f"{a.path.text}: {len(a.values)}" for a in group)
                raise InvalidParameterError(
                    "--zip", group[-1].path.text, f"zipped axes differ in length ({detail})"
                )

    @classmethod
    def from_data(
        cls,
        data: Mapping[str, Any],
        axes: Sequence[Axis],
        *,
        base_seed: int | None = None,
        overrides: Sequence[tuple[ParameterPath, ParamValue]] = (),
        source: str = "<scenario>",
    ) -> SweepSpec:
        """A sweep of the scenario ``data`` as written (overrides applied, then validated once).

        Paths address ``data`` itself, so a topology file is varied through its
        ``topology`` keys. The base seed defaults to the scenario's ``seed``.

        Raises:
            ScenarioError: if the scenario or an override does not validate.
            InvalidParameterError: for a bad override path.
        """
        from qinternet.network import parse_scenario  # here, so workers start fast

        try:
            raw = json.loads(canonical_json(dict(data)))
        except (TypeError, ValueError) as error:
            parse_scenario(data, source=source)  # the schema's own error first, if any
            raise ScenarioError(f"{source}: not plain data ({error})") from None
        for path, value in overrides:
            path.assign(raw, value)
        scenario = parse_scenario(raw, source=source)
        seed = scenario.seed if base_seed is None else base_seed
        return cls(canonical_json(raw), tuple(axes), seed, source)

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        axes: Sequence[Axis],
        *,
        base_seed: int | None = None,
        overrides: Sequence[tuple[ParameterPath, ParamValue]] = (),
    ) -> SweepSpec:
        """A sweep of the scenario file ``path`` (see :meth:`from_data`), read once."""
        from qinternet.network.files import read_yaml  # the sweep imports the network late

        return cls.from_data(
            read_yaml(path),
            axes,
            base_seed=base_seed,
            overrides=overrides,
            source=str(path),
        )

    @property
    def parameters(self) -> tuple[str, ...]:
        """The column names of the axes, in order."""
        return tuple(axis.path.text for axis in self.axes)

    @property
    def scenario_name(self) -> str:
        """The base scenario's name."""
        return str(json.loads(self.base_json)["name"])

    @property
    def sweep_id(self) -> str:
        """Content id of what makes two sweeps the same sweep: the base scenario, the
        base seed and the parameters varied (not their values, so a sweep may be
        extended and resumed)."""
        base = json.loads(self.base_json)
        base.pop("seed", None)
        return content_id(
            {"scenario": base, "base_seed": self.base_seed, "parameters": self.parameters}
        )

    def groups(self) -> list[list[Axis]]:
        """Axes grouped: each group is one axis plus the axes zipped onto it."""
        groups: list[list[Axis]] = []
        for axis in self.axes:
            if axis.zipped and groups:
                groups[-1].append(axis)
            else:
                groups.append([axis])
        return groups

    def num_points(self) -> int:
        """How many points the sweep has."""
        return int(np.prod([len(group[0].values) for group in self.groups()], dtype=np.int64))

    def points(self) -> tuple[SweepPoint, ...]:
        """Every point, in order (first axis slowest), without validating them."""
        per_group = [
            [tuple((a.path, a.values[i]) for a in group) for i in range(len(group[0].values))]
            for group in self.groups()
        ]
        points = []
        for index, combination in enumerate(itertools.product(*per_group)):
            assignments = [pair for group in combination for pair in group]
            data = json.loads(self.base_json)
            for path, value in assignments:
                path.assign(data, value)
            data.pop("seed", None)
            point_id = content_id({"scenario": data, "base_seed": self.base_seed})
            seed = point_seed(self.base_seed, point_id)
            data["seed"] = seed
            params = tuple((path.text, value) for path, value in assignments)
            points.append(SweepPoint(index, params, canonical_json(data), point_id, seed))
        return tuple(points)

    def validated_points(self) -> tuple[SweepPoint, ...]:
        """Every point with its validated scenario attached, the first also built.

        Building checks the hardware overrides (unknown memory or emitter fields);
        it takes milliseconds, so only the first point is built here and a point whose
        hardware is impossible is recorded as failed when it runs.

        Raises:
            ScenarioError: naming the point's parameters and the offending field.
            InvalidParameterError: for a path that does not fit the scenario.
        """

        from qinternet.network import build_scenario  # here, so workers start fast

        points = []
        for point in self.points():
            where = f"{self.source} with {point.describe()}" if point.params else self.source
            scenario = point.validated_scenario(source=where)
            if point.index == 0:
                build_scenario(scenario, source=where)
            points.append(replace(point, scenario=scenario))
        ids = {point.point_id for point in points}
        if len(ids) != len(points):
            raise ScenarioError(
                f"{self.source}: {len(points) - len(ids)} points describe the same scenario "
                "(two parameters set the same field?)"
            )
        return tuple(points)
