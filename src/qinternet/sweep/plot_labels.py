"""Readable axis labels and legend entries for the columns of sweep results.

A column's label is its quantity and unit, ``"pair rate (Hz)"``: from a table of the
columns qinternet writes (results, per-link and per-request figures, common scenario
fields), else read from the name itself (a unit suffix such as ``_hz``, ``_s`` or
``_db_per_km`` becomes the unit, underscores become spaces). A dotted column keeps its
place as context: ``links.0.rate_hz`` is ``"pair rate, link 0 (Hz)"``, and a swept
path ``nodes.*.memory.t2_s`` is ``"memory coherence time T2, nodes.*.memory (s)"``.

Examples:
    >>> axis_label("fidelity_mean"), axis_label("links.1.rate_hz")
    ('fidelity to the target Bell state', 'pair rate, link 1 (Hz)')
    >>> axis_label("nodes.*.memory.t2_s"), axis_label("photon_flux_per_s")
    ('memory coherence time T2, nodes.*.memory (s)', 'photon flux (1/s)')
    >>> axis_label("detour_length_km"), entry_label("links.0.length_m", 2000.0)
    ('detour length (km)', 'fibre length, link 0 = 2000 m')
"""

from __future__ import annotations

from collections.abc import Mapping

KNOWN_COLUMNS: Mapping[str, tuple[str, str]] = {
    "distance_km": ("distance", "km"),
    "sim_time_s": ("simulated time", "s"),
    "pairs": ("delivered pairs", ""),
    "rate_hz": ("pair rate", "Hz"),
    "rate_stderr_hz": ("standard error of the pair rate", "Hz"),
    "fidelity_mean": ("fidelity to the target Bell state", ""),
    "fidelity_stderr": ("standard error of the fidelity", ""),
    "predicted_rate_hz": ("predicted pair rate", "Hz"),
    "predicted_fidelity": ("predicted fidelity to the target Bell state", ""),
    "expected_fidelity": ("expected fidelity to the target Bell state", ""),
    "waiting_time_s": ("waiting time for a pair", "s"),
    "waiting_time_stderr_s": ("standard error of the waiting time", "s"),
    "delivery_interval_s": ("interval between deliveries", "s"),
    "delivery_interval_stderr_s": ("standard error of the interval", "s"),
    "plob_bound_hz": ("repeaterless bound (PLOB)", "Hz"),
    "chsh": ("CHSH value S", ""),
    "qber_z": ("quantum bit error rate, Z basis", ""),
    "qber_x": ("quantum bit error rate, X basis", ""),
    "secret_fraction": ("secret fraction", ""),
    "key_rate_bps": ("secret key rate", "bit/s"),
    "hops": ("hops", ""),
    "num_channels": ("memory pairs per link", ""),
    "wall_s": ("wall-clock time per point", "s"),
    "attempts": ("attempts per point", ""),
    "length_m": ("fibre length", "m"),
    "length_km": ("fibre length", "km"),
    "attenuation_db_per_km": ("fibre attenuation", "dB/km"),
    "t1_s": ("memory relaxation time T1", "s"),
    "t2_s": ("memory coherence time T2", "s"),
    "t2_ms": ("memory coherence time T2", "ms"),
    "heralded_fidelity": ("heralded fidelity", ""),
    "efficiency": ("detector efficiency", ""),
    "dark_count_rate_hz": ("dark count rate", "Hz"),
    "emission_efficiency": ("emission efficiency", ""),
    "max_attempt_rate_hz": ("maximum attempt rate", "Hz"),
    "num_memories": ("memories per node", ""),
    "cutoff_s": ("cut-off time", "s"),
    "purification_rounds": ("purification rounds", ""),
    "swap_success_probability": ("swap success probability", ""),
    "assisted_error_rad_sqrt_s": ("phase error after 1 s, entanglement-assisted", "rad/√Hz"),
    "direct_error_rad_sqrt_s": ("phase error after 1 s, light through fibre", "rad/√Hz"),
}
"""Quantity and unit ("" when dimensionless) of the column names qinternet writes."""

UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_rad_sqrt_s", "rad/√Hz"),
    ("_db_per_km", "dB/km"),
    ("_per_km", "1/km"),
    ("_per_s", "1/s"),
    ("_ghz", "GHz"),
    ("_mhz", "MHz"),
    ("_khz", "kHz"),
    ("_hz", "Hz"),
    ("_bps", "bit/s"),
    ("_km", "km"),
    ("_nm", "nm"),
    ("_m", "m"),
    ("_ms", "ms"),
    ("_us", "µs"),
    ("_ns", "ns"),
    ("_ps", "ps"),
    ("_s", "s"),
    ("_db", "dB"),
    ("_rad", "rad"),
)
"""Unit suffixes of names that are not in the table, longest first where they overlap."""

FIDELITY_KEYS = frozenset(
    {"fidelity_mean", "predicted_fidelity", "expected_fidelity", "heralded_fidelity"}
)
"""Last keys of columns holding a fidelity to a target Bell state."""

_PARTS = {"links": "link", "requests": "request", "nodes": "node"}


def quantity_and_unit(column: str) -> tuple[str, str]:
    """The quantity and unit of ``column`` (unit ``""`` when none is known).

    Examples:
        >>> quantity_and_unit("requests.0.key_rate_bps"), quantity_and_unit("x")
        (('secret key rate, request 0', 'bit/s'), ('x', ''))
        >>> quantity_and_unit("application.direct_error_rad_sqrt_s")
        ('phase error after 1 s, light through fibre, application', 'rad/√Hz')
        >>> quantity_and_unit("application.gain_rad_sqrt_s")
        ('gain, application', 'rad/√Hz')
    """
    *context, key = column.split(".")
    if key in KNOWN_COLUMNS:
        quantity, unit = KNOWN_COLUMNS[key]
    else:
        quantity, unit = key, ""
        for suffix, name in UNIT_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                quantity, unit = key.removesuffix(suffix), name
                break
        quantity = quantity.replace("_", " ").strip() or key
    if len(context) == 2 and context[0] in _PARTS and context[1].isdigit():
        quantity = f"{quantity}, {_PARTS[context[0]]} {context[1]}"
    elif context:
        quantity = f"{quantity}, {'.'.join(context)}"
    return quantity, unit


def axis_label(column: str) -> str:
    """``"quantity (unit)"``, or the quantity alone when it has no unit."""
    quantity, unit = quantity_and_unit(column)
    return f"{quantity} ({unit})" if unit else quantity


def entry_label(column: str, value: object) -> str:
    """A legend entry for one value of a parameter: ``"quantity = value unit"``."""
    quantity, unit = quantity_and_unit(column)
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{quantity} = {shown} {unit}" if unit else f"{quantity} = {shown}"


def is_fidelity(column: str) -> bool:
    """Whether ``column`` holds a fidelity to a target Bell state.

    Examples:
        >>> is_fidelity("links.0.fidelity_mean"), is_fidelity("fidelity_stderr")
        (True, False)
    """
    return column.rsplit(".", 1)[-1] in FIDELITY_KEYS
