"""The table ``qinternet run`` prints for a ``delivery`` scenario (:mod:`.run_tables` calls it
for a result of that protocol, whose module is then loaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.cli.run_tables import estimate_cell, named_table, number_cell, table_title

if TYPE_CHECKING:
    from rich.table import Table

    from qinternet.network.results import RunResult


def delivery_table(result: RunResult, compact: bool) -> Table:
    """One row: the link, its cycles and exact rate, the heralded fraction, the mean
    delivered fidelity, the model's prediction and ``eta_link``."""
    from rich.markup import escape

    from qinternet.network.delivery import DeliveryResult

    assert isinstance(result, DeliveryResult)
    plan, stats = result.plan, result.statistics
    name = f"{plan.link.node_a}-{plan.link.node_b}"
    what = f"a pair every {plan.cycle_s:g} s (window {plan.window_s:.4g} s), "
    columns = ("link", "cycles", "rate (Hz)", "heralded", "fidelity", "model F", "eta_link")
    table = named_table(table_title(result, what), columns, [name])
    table.add_row(
        escape(name),
        str(stats.num_cycles),
        number_cell(result.rate_hz),
        estimate_cell(stats.heralded_fraction, compact),
        estimate_cell(stats.fidelity, compact),
        f"{plan.predicted_fidelity:.4f}",
        number_cell(plan.eta_link),
    )
    return table
