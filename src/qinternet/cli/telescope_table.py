"""The table ``qinternet run`` prints for a telescope application (within 80 columns).

One row per interferometer: the entanglement-assisted one with the link's (the chain's
end-to-end) mean pair, the direct one through the link's (the whole chain's) fibre
(:mod:`qinternet.network.telescope`); ``-`` where a number is missing (no pair delivered,
or no usable event).

Examples:
    >>> from rich.console import Console
    >>> report = {"between": ["A", "B"], "link": 0, "pair_fidelity": 0.9,
    ...     "direct_transmission": 1.2345e-9, "assisted_visibility": 0.928571,
    ...     "direct_visibility": 6.3e-5, "assisted_rate_hz": 1.2,
    ...     "direct_rate_hz": 5e5, "assisted_error_rad_sqrt_s": 0.98,
    ...     "direct_error_rad_sqrt_s": 22.4, "better": "assisted"}
    >>> console = Console(width=80)
    >>> with console.capture() as capture:
    ...     console.print(telescope_table(report))
    >>> print(capture.get().splitlines()[-2].rstrip())
     direct    fibre t 1.23e-09     6.3e-05       500000                   22.4
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["telescope_table"]


def telescope_table(report: dict[str, Any]) -> Table:
    """The two interferometers of ``report`` (a ``TelescopeReport.to_json()``)."""
    from rich.markup import escape

    from qinternet.cli.run_tables import named_table, number_cell
    from qinternet.network.telescope import pair_source

    better = report["better"] or "neither"
    title = (
        f"telescope {escape('-'.join(report['between']))} from the mean pair of "
        f"{pair_source(report['link'])}: {better} better"
    )
    columns = ("", "resource", "visibility", "events (Hz)", "phase error (rad/√Hz)")
    table = named_table(title, columns, ["assisted", "direct"])
    fidelity = number_cell(report["pair_fidelity"], ".4f")
    for name, resource in (
        ("assisted", f"pair F {fidelity}"),
        ("direct", f"fibre t {number_cell(report['direct_transmission'], '.3g')}"),
    ):
        table.add_row(
            name,
            resource,
            number_cell(report[f"{name}_visibility"]),
            number_cell(report[f"{name}_rate_hz"]),
            number_cell(report[f"{name}_error_rad_sqrt_s"]),
        )
    return table
