"""The table ``qinternet run`` prints for a teleportation application (within 80 columns).

One row: the sender and receiver, the mean delivered pair's fidelity and that of the
resource (the pair once the receiver has waited for the two bits), the average
teleportation fidelity through it, whether that beats the classical 2/3, and the qubits
teleported per second (:mod:`qinternet.network.teleportation`); ``-`` where a number is
missing (no pair delivered).

Examples:
    >>> from rich.console import Console
    >>> report = {"between": ["Alice", "Bob"], "link": None, "pair_fidelity": 0.86,
    ...     "resource_fidelity": 0.85, "average_fidelity": 0.9, "beats_classical": True,
    ...     "teleported_rate_hz": 12.5}
    >>> console = Console(width=80)
    >>> with console.capture() as capture:
    ...     console.print(teleportation_table(report))
    >>> print(capture.get().splitlines()[-2].rstrip())
     Alice -> Bob        0.8600      0.8500     0.9000        yes      12.5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["teleportation_table"]

_VERDICT = {True: "yes", False: "no", None: "-"}


def teleportation_table(report: dict[str, Any]) -> Table:
    """The row of ``report`` (a ``TeleportationReport.to_json()``)."""
    from rich.markup import escape

    from qinternet.cli.run_tables import named_table, number_cell
    from qinternet.network.telescope import pair_source

    name = " -> ".join(report["between"])
    title = f"teleportation from the mean pair of {pair_source(report['link'])}"
    columns = ("sender -> receiver", "pair F", "resource F", "average F", "beats 2/3", "qubits/s")
    table = named_table(title, columns, [name])
    table.add_row(
        escape(name),
        number_cell(report["pair_fidelity"], ".4f"),
        number_cell(report["resource_fidelity"], ".4f"),
        number_cell(report["average_fidelity"], ".4f"),
        _VERDICT[report["beats_classical"]],
        number_cell(report["teleported_rate_hz"]),
    )
    return table
