"""Platform presets: types, the builder from sourced tables, and overrides (private).

A preset is built from a table of :class:`Sourced` rows, one per number, each naming
where the number comes from. The table is the single place a number is written; the
device models are constructed from it, and :attr:`PlatformPreset.sources` lists it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_positive, suggest
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.detector import Detector
from qinternet.physics.devices.emitter import Emitter
from qinternet.physics.devices.ensemble import AtomicEnsemble
from qinternet.physics.devices.fibre import Fibre
from qinternet.physics.devices.memory import Memory


class Platform(Enum):
    """The physical platforms of the seeds, each with a :class:`PlatformPreset`.

    References:
        The experiments are listed in :mod:`qinternet.physics.devices.presets`.

    Examples:
        >>> Platform("siv") is Platform.SIV
        True
    """

    NV_CENTRE = "nv_centre"
    NV_METROPOLITAN = "nv_metropolitan"
    SIV = "siv"
    RB_ENSEMBLE = "rb_ensemble"
    TRANSMON = "transmon"
    CS_ENSEMBLE = "cs_ensemble"
    ATOM_CAVITY = "atom_cavity"


@dataclass(frozen=True)
class Sourced:
    """One number of a preset and where it comes from.

    Args:
        path: ``"component.field"`` (``"memory.t2_s"``), ``"attempt_duration_s"``,
            ``"reported.<quantity>"`` (a published result kept for comparison), or
            ``"fabry_perot.<argument>"`` (geometry passed to
            :meth:`CavityInterface.from_fabry_perot`).
        value: the number (or bool).
        source: paper and location (abstract, figure, table, page) the number was read
            from; ``"secondary: ..."`` for a value taken from public material that
            cites the paper; ``"estimated: ..."`` with the reasoning when no source for
            the number was found.

    References:
        Each row's ``source`` names its own.

    Examples:
        >>> str(Sourced("fibre.length_m", 35e3, "Knaut et al. 2024, abstract"))
        'fibre.length_m = 35000.0: Knaut et al. 2024, abstract'
    """

    path: str
    value: float | bool | None
    source: str

    def __str__(self) -> str:
        return f"{self.path} = {self.value!r}: {self.source}"


SILICA_GROUP_VELOCITY = Sourced(
    "fibre.group_velocity_m_per_s", 2.0e8, "estimated: silica fibre, group index ~1.5"
)
"""The fibre group velocity row every platform shares."""
THRESHOLD_DETECTORS = Sourced(
    "detector.number_resolving", False, "model choice: threshold detectors"
)
"""The detector-kind row of the platforms modelled with threshold detectors."""

COMPONENTS: dict[str, type] = {
    "memory": Memory,
    "storage_memory": Memory,
    "emitter": Emitter,
    "detector": Detector,
    "fibre": Fibre,
    "cavity": CavityInterface,
    "ensemble": AtomicEnsemble,
}
"""Preset fields holding a device model, and the model's class."""

OVERRIDABLE = (*COMPONENTS, "attempt_duration_s")


@dataclass(frozen=True)
class PlatformPreset:
    """The device models of one platform, the attempt duration, and their sources.

    Args:
        platform: which platform.
        title: one line naming the experiment the numbers come from.
        fibre: the fibre from a node to the heralding station (or between the nodes).
        attempt_duration_s: time of one entangling attempt in s (> 0).
        memory: the communication qubit's memory (``None`` for ensemble platforms).
        storage_memory: a long-lived memory qubit next to it (nuclear spin), if any.
        emitter: the photon source, if the platform emits photons into the link.
        detector: the heralding detectors, if any.
        cavity: the cavity-QED interface, if any.
        ensemble: the DLCZ atomic ensemble, if any.
        reported: published results of the experiment, (quantity, value) pairs.
        parameters: the sourced table the preset was built from.

    Raises:
        InvalidParameterError: if a field has the wrong type, the attempt duration is not
            a finite positive number, there is neither a memory nor an ensemble, or the
            table is empty.

    References:
        Each number's source is in :attr:`sources`.

    Examples:
        >>> from qinternet.physics.devices import preset
        >>> siv = preset("siv")
        >>> siv.fibre.length_m, siv.memory.t2_s
        (35000.0, 0.013)
        >>> siv.sources[0]
        "reported.loop_length_m = 35000.0: Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316, abstract ('a 35 km long fiber loop deployed in the Boston area')"
    """

    platform: Platform
    title: str
    fibre: Fibre
    attempt_duration_s: float
    memory: Memory | None = None
    storage_memory: Memory | None = None
    emitter: Emitter | None = None
    detector: Detector | None = None
    cavity: CavityInterface | None = None
    ensemble: AtomicEnsemble | None = None
    reported: tuple[tuple[str, float], ...] = ()
    parameters: tuple[Sourced, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.platform, Platform):
            raise InvalidParameterError("platform", self.platform, "must be a Platform")
        for name, cls in COMPONENTS.items():
            value = getattr(self, name)
            required = name == "fibre"
            if not isinstance(value, cls) and (required or value is not None):
                raise InvalidParameterError(name, value, f"must be a {cls.__name__}")
        if self.memory is None and self.ensemble is None:
            raise InvalidParameterError("memory", None, "a preset needs a memory or an ensemble")
        duration = check_positive(self.attempt_duration_s, "attempt_duration_s", "s")
        object.__setattr__(self, "attempt_duration_s", duration)
        if not self.parameters or not all(isinstance(row, Sourced) for row in self.parameters):
            raise InvalidParameterError(
                "parameters", self.parameters, "must be a non-empty tuple of Sourced rows"
            )

    @property
    def sources(self) -> tuple[str, ...]:
        """One line per number: ``"path = value: where it comes from"``."""
        return tuple(str(row) for row in self.parameters)

    def reported_value(self, quantity: str) -> float:
        """A published result of the experiment, by name (see :attr:`reported`).

        Raises:
            InvalidParameterError: for an unknown quantity, with a "did you mean" hint.
        """
        table = dict(self.reported)
        if quantity not in table:
            raise InvalidParameterError("quantity", quantity, _unknown(quantity, table))
        return table[quantity]


def _unknown(name: str, known: Sequence[str] | Mapping[str, Any]) -> str:
    names = sorted(known)
    close = suggest(name, names)
    hint = f"did you mean {close!r}? " if close else ""
    return f"unknown; {hint}known: {', '.join(names)}"


def build(platform: Platform, title: str, rows: Sequence[Sourced]) -> PlatformPreset:
    """A :class:`PlatformPreset` constructed from its sourced table."""
    groups: dict[str, dict[str, Any]] = {}
    reported: list[tuple[str, float]] = []
    top: dict[str, Any] = {}
    for row in rows:
        head, _, tail = row.path.partition(".")
        if head == "reported":
            if not isinstance(row.value, float):
                raise InvalidParameterError(
                    row.path, row.value, "a reported result must be a float"
                )
            reported.append((tail, row.value))
        elif tail:
            groups.setdefault(head, {})[tail] = row.value
        else:
            top[head] = row.value
    components: dict[str, Any] = {}
    for name, kwargs in groups.items():
        if name == "fabry_perot":
            components["cavity"] = CavityInterface.from_fabry_perot(**kwargs)
        else:
            components[name] = COMPONENTS[name](**kwargs)
    return PlatformPreset(
        platform=platform,
        title=title,
        reported=tuple(reported),
        parameters=tuple(rows),
        **components,
        **top,
    )


def apply_overrides(base: PlatformPreset, overrides: Mapping[str, Any]) -> PlatformPreset:
    """``base`` with fields replaced; the table marks every replaced number as an override.

    A component may be replaced by a new model object (or ``None``) or patched by a
    mapping of its fields (``{"t2_s": 1.0}``).
    """
    changes: dict[str, Any] = {}
    rows = list(base.parameters)
    for key, value in overrides.items():
        if key not in OVERRIDABLE:
            raise InvalidParameterError(
                key, value, "is not a preset field: " + _unknown(key, OVERRIDABLE)
            )
        if key == "attempt_duration_s":
            changes[key] = value
            rows = [r for r in rows if r.path != key]
            rows.append(Sourced(key, value, OVERRIDE))
            continue
        current = getattr(base, key)
        cls = COMPONENTS[key]
        if not isinstance(value, Mapping | cls) and value is not None:
            raise InvalidParameterError(
                key, value, f"must be a {cls.__name__}, None, or a mapping of its fields"
            )
        if isinstance(value, Mapping):
            new, patched = _patched(key, current, value)
        else:
            new, patched = value, None
        changes[key] = new
        rows = _replace_rows(rows, key, new, patched)
    return dataclasses.replace(base, parameters=tuple(rows), **changes)


OVERRIDE = "override: set by the caller (no published source)"


def _patched(key: str, current: Any, fields: Mapping[str, Any]) -> tuple[Any, set[str]]:
    cls = COMPONENTS[key]
    names = [f.name for f in dataclasses.fields(cls)]
    for field in fields:
        if field not in names:
            raise InvalidParameterError(f"{key}.{field}", fields[field], _unknown(field, names))
    if current is None:
        return cls(**fields), set(names)
    return dataclasses.replace(current, **fields), set(fields)


def _replace_rows(
    rows: list[Sourced], key: str, new: Any, patched: set[str] | None
) -> list[Sourced]:
    """Rows of component ``key`` after it became ``new`` (``patched``: fields changed)."""
    owned = (f"{key}.", "fabry_perot.") if key == "cavity" else (f"{key}.",)
    old = {r.path: r for r in rows if r.path.startswith(owned)}
    kept = [r for r in rows if not r.path.startswith(owned)]
    if new is None:
        return kept
    geometry = any(path.startswith("fabry_perot.") for path in old)
    for field in dataclasses.fields(new):
        path = f"{key}.{field.name}"
        value = getattr(new, field.name)
        if patched is not None and field.name not in patched and path in old:
            kept.append(old[path])
        elif patched is not None and field.name not in patched and geometry:
            kept.append(Sourced(path, value, "derived from the preset's Fabry-Perot geometry"))
        else:
            kept.append(Sourced(path, value, OVERRIDE))
    return kept
