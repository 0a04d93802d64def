"""Plot panels: scales, error-bar columns, one series per other parameter, PLOB lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.plot import plot_panel, plot_results, stderr_column


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "d": [1.0, 10.0, 100.0, 1.0, 10.0, 100.0],
            "t2": [0.1, 0.1, 0.1, 1.0, 1.0, 1.0],
            "rate_hz": [1000.0, 10.0, 0.0, 2000.0, 20.0, 2.0],
            "rate_stderr_hz": [1.0, 0.5, 0.0, 2.0, 1.0, 0.5],
            "plob_bound_hz": [1e4, 1e3, 1e1, 1e4, 1e3, 1e1],
            "fidelity_mean": [0.9, 0.8, float("nan"), 0.95, 0.9, 0.85],
            "fidelity_stderr": [0.01] * 6,
            "status": ["done"] * 5 + ["failed"],
        }
    )


def test_one_series_per_other_parameter_with_bounds() -> None:
    panel = plot_panel(_frame(), x="d", y="rate_hz", parameters=["d", "t2"])
    assert [s.label for s in panel.series] == ["t2=0.1", "t2=1.0"]
    assert panel.series[1].x == (1.0, 10.0)  # the failed point is not drawn
    assert (panel.x_scale, panel.y_scale) == ("log", "log")
    assert panel.num_omitted == 1  # the zero rate cannot sit on a log axis
    assert [b.label for b in panel.bounds] == ["PLOB bound, t2=0.1", "PLOB bound, t2=1.0"]
    assert panel.series[0].yerr == (1.0, 0.5)


def test_nan_values_are_skipped_and_linear_scale_kept() -> None:
    panel = plot_panel(_frame(), x="d", y="fidelity_mean", parameters=["d", "t2"])
    assert panel.y_scale == "linear"
    assert panel.series[0].y == (0.9, 0.8)
    assert panel.bounds == ()


def test_stderr_columns() -> None:
    columns = ["rate_stderr_hz", "fidelity_stderr", "waiting_time_s_stderr"]
    assert stderr_column("rate_hz", columns) == "rate_stderr_hz"
    assert stderr_column("fidelity_mean", columns) == "fidelity_stderr"
    assert stderr_column("waiting_time_s", columns) == "waiting_time_s_stderr"
    assert stderr_column("pairs", columns) is None


def test_nothing_to_plot() -> None:
    frame = _frame().assign(status="failed")
    with pytest.raises(InvalidParameterError, match="no finite values"):
        plot_panel(frame, x="d", y="rate_hz")


def test_files_are_written_whole(tmp_path: Path) -> None:
    report = plot_results(_frame(), x="d", ys=["rate_hz"], out=tmp_path / "a.png")
    assert report.image.stat().st_size > 0
    assert report.sidecar.name == "a.plot.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.plot.json", "a.png"]
