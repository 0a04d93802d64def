"""Platform presets: the device models of each experiment in the seeds, with sources.

Each :class:`PlatformPreset` is built from a table in which every number carries its
source: a paper and the place it was read (abstract, figure caption), ``secondary:``
for a number read in public material that attributes it to the paper, or
``estimated:`` with the reasoning when no source was found. ``preset(name)`` returns a
preset; keyword overrides replace a device model or patch some of its fields, and the
table then marks those numbers as overrides.

======================  ======================================================
name                    experiment
======================  ======================================================
``nv_centre``           Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567
``nv_metropolitan``     Stolk et al., Sci. Adv. (2024), arXiv:2404.03723
``siv``                 Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316
``rb_ensemble``         Liu et al., Nature 629, 579 (2024), arXiv:2309.00221
``transmon``            Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593
``cs_ensemble``         Chou et al., Nature 438, 828 (2005); Laurat et al., PRL 99, 180504 (2007)
``atom_cavity``         Kimble, Nature 453, 1023 (2008), Fig. 2b and Box 2
======================  ======================================================

References:
    See the table above and each preset's :attr:`PlatformPreset.sources`.

Examples:
    >>> nv = preset("nv_centre")
    >>> nv.reported_value("entangling_rate_hz")
    39.0
    >>> preset("nv_centre", memory={"t2_s": 1.0}).memory.t2_s
    1.0
    >>> preset("nv_center")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: name='nv_center': unknown platform; did you mean 'nv_centre'? known: atom_cavity, cs_ensemble, nv_centre, nv_metropolitan, rb_ensemble, siv, transmon
"""

from __future__ import annotations

from functools import cache
from typing import Any

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import suggest
from qinternet.physics.devices.presets._atomic import ATOMIC
from qinternet.physics.devices.presets._base import (
    Platform,
    PlatformPreset,
    Sourced,
    apply_overrides,
    build,
)
from qinternet.physics.devices.presets._solid_state import SOLID_STATE

TABLES: dict[Platform, tuple[str, tuple[Sourced, ...]]] = {**SOLID_STATE, **ATOMIC}
"""Title and sourced table of every platform."""


@cache
def _base_preset(platform: Platform) -> PlatformPreset:
    title, rows = TABLES[platform]
    return build(platform, title, rows)


def _platform(name: Platform | str) -> Platform:
    if isinstance(name, Platform):
        return name
    known = sorted(p.value for p in Platform)
    if isinstance(name, str) and name.strip().lower() in known:
        return Platform(name.strip().lower())
    close = suggest(str(name), known)
    hint = f"did you mean {close!r}? " if close else ""
    raise InvalidParameterError("name", name, f"unknown platform; {hint}known: {', '.join(known)}")


def preset(name: Platform | str, **overrides: Any) -> PlatformPreset:
    """The preset of a platform, optionally with device models replaced or patched.

    Args:
        name: a :class:`Platform` or its value (``"nv_centre"``, case-insensitive).
        **overrides: ``memory``, ``storage_memory``, ``emitter``, ``detector``,
            ``fibre``, ``cavity``, ``ensemble`` (a model object, ``None``, or a mapping
            of the model's fields to change) and ``attempt_duration_s``.

    Returns:
        The validated :class:`PlatformPreset`.

    Raises:
        InvalidParameterError: for an unknown platform or override (with a "did you
            mean" hint), or an invalid overridden value.
        PhysicalConstraintError: if an override makes a model impossible (T2 > 2 T1).

    References:
        See :attr:`PlatformPreset.sources` of each preset.

    Examples:
        >>> p = preset("transmon", attempt_duration_s=1e-4)
        >>> p.attempt_duration_s, p.reported_value("entanglement_fidelity")
        (0.0001, 0.789)
        >>> preset("siv", fibre={"length_m": 40e3}).fibre.length_m
        40000.0
        >>> preset("siv", fibres=None)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: fibres=None: is not a preset field: unknown; did you mean 'fibre'? known: attempt_duration_s, cavity, detector, emitter, ensemble, fibre, memory, storage_memory
    """
    base = _base_preset(_platform(name))
    return apply_overrides(base, overrides) if overrides else base


__all__ = ["TABLES", "Platform", "PlatformPreset", "Sourced", "preset"]
