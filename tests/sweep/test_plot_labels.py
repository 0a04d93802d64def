"""Axis labels: the table of known columns, the readable fallback, legend entries."""

from __future__ import annotations

import pytest

from qinternet.sweep.plot_labels import axis_label, entry_label, is_fidelity, quantity_and_unit


@pytest.mark.parametrize(
    ("column", "label"),
    [
        ("rate_hz", "pair rate (Hz)"),
        ("distance_km", "distance (km)"),
        ("pairs", "delivered pairs"),
        ("waiting_time_s", "waiting time for a pair (s)"),
        ("requests.2.key_rate_bps", "secret key rate, request 2 (bit/s)"),
        ("links.0.length_km", "fibre length, link 0 (km)"),
        ("nodes.*.emitter.max_attempt_rate_hz", "maximum attempt rate, nodes.*.emitter (Hz)"),
    ],
)
def test_known_columns(column: str, label: str) -> None:
    assert axis_label(column) == label


@pytest.mark.parametrize(
    ("column", "label"),
    [
        ("pump_power_mw", "pump power mw"),  # no known unit: words only
        ("loss_db_per_km", "loss (dB/km)"),
        ("repetition_khz", "repetition (kHz)"),
        ("jitter_ps", "jitter (ps)"),
        ("dwell_ms", "dwell (ms)"),
        ("clicks_per_s", "clicks (1/s)"),
        ("_s", "s"),  # a bare suffix is a name, not a unit
        ("links.x.gain_db", "gain, links.x (dB)"),
    ],
)
def test_unknown_columns_read_from_the_name(column: str, label: str) -> None:
    assert axis_label(column) == label


def test_legend_entries_and_fidelity_columns() -> None:
    assert (
        entry_label("nodes.*.memory.t2_s", 0.01)
        == "memory coherence time T2, nodes.*.memory = 0.01 s"
    )
    assert entry_label("num_memories", 4) == "memories per node = 4"
    assert quantity_and_unit("fidelity_mean") == ("fidelity to the target Bell state", "")
    assert [is_fidelity(c) for c in ("fidelity_mean", "requests.0.expected_fidelity")] == [True] * 2
    assert [is_fidelity(c) for c in ("fidelity_stderr", "rate_hz", "chsh")] == [False] * 3
