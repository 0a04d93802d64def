"""The SQLite result store: one row per point, resume, refusal of another sweep, exports."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from qinternet.sweep import SweepSpec
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.store import STORE_FILENAME, SweepStore, SweepStoreError, load_results
from qinternet.sweep.worker import Outcome

SpecFactory = Callable[..., SweepSpec]
StoreFactory = Callable[[Path, SweepSpec], SweepStore]


def _point(index: int, value: float) -> SweepPoint:
    return SweepPoint(index, (("x", value),), "{}", f"{index:032x}", index)


def test_done_points_are_never_overwritten(tmp_path: Path) -> None:
    with SweepStore.create(tmp_path, sweep_id="s" * 32, description={"parameters": ["x"]}) as store:
        point = _point(1, 0.5)
        store.record(point, Outcome(point.point_id, True, {"y": 1.0}), attempts=1)
        store.record(point, Outcome(point.point_id, True, {"y": 2.0}), attempts=1)
        frame = store.load()
    assert frame["y"].tolist() == [1.0]


def test_failed_point_is_replaced_by_a_later_success(tmp_path: Path) -> None:
    with SweepStore.create(tmp_path, sweep_id="s" * 32, description={"parameters": ["x"]}) as store:
        point = _point(0, 0.5)
        store.record(point, Outcome(point.point_id, False, error="Boom: once"), attempts=3)
        assert store.counts() == {"done": 0, "failed": 1}
        assert store.done_ids() == set()
        store.record(point, Outcome(point.point_id, True, {"y": 3.0}), attempts=1)
        assert store.counts() == {"done": 1, "failed": 0}
        rows = store.load()
    assert rows[["status", "y", "attempts"]].values.tolist() == [["done", 3.0, 1]]


def test_failed_rows_keep_their_error(tmp_path: Path) -> None:
    with SweepStore.create(tmp_path, sweep_id="s" * 32, description={"parameters": ["x"]}) as store:
        point = _point(0, 0.5)
        store.record(point, Outcome(point.point_id, False, error="ValueError: bad"), attempts=2)
        frame = store.load()
    assert frame[["status", "error", "attempts"]].values.tolist() == [
        ["failed", "ValueError: bad", 2]
    ]


def test_same_sweep_reopens_other_sweep_is_refused(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec("distance_km=1,2")
    open_store(tmp_path, spec).close()
    open_store(tmp_path, small_spec("distance_km=3")).close()  # same sweep, more values
    other = small_spec("distance_km=1,2", base_seed=99)
    with pytest.raises(SweepStoreError, match=r"holds a different sweep.*--force"):
        open_store(tmp_path, other)
    replaced = SweepStore.create(
        tmp_path, sweep_id=other.sweep_id, description={"parameters": ["distance_km"]}, force=True
    )
    assert replaced.description()["sweep_id"] == other.sweep_id
    replaced.close()


def test_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(SweepStoreError, match="no sweep results"):
        load_results(tmp_path)
    (tmp_path / STORE_FILENAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(SweepStoreError, match="not a sweep store"):
        SweepStore.open(tmp_path)


def test_exports_match_the_table(tmp_path: Path) -> None:
    with SweepStore.create(tmp_path, sweep_id="s" * 32, description={"parameters": ["x"]}) as store:
        for i, value in enumerate([0.5, "far"]):
            point = SweepPoint(i, (("x", value),), "{}", f"{i:032x}", i)
            store.record(point, Outcome(point.point_id, True, {"y": float(i)}), attempts=1)
        parquet, csv = store.export()
        frame = store.load()
    from_parquet = pd.read_parquet(parquet)
    assert from_parquet["y"].tolist() == frame["y"].tolist() == [0.0, 1.0]
    assert from_parquet["x"].tolist() == ["0.5", "far"]  # mixed column stored as text
    assert (
        pd.read_csv(csv, dtype={"point_id": str})["point_id"].tolist() == frame["point_id"].tolist()
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_primary_key_holds_each_point_once(tmp_path: Path) -> None:
    with SweepStore.create(tmp_path, sweep_id="s" * 32, description={"parameters": ["x"]}) as store:
        point = _point(0, 1.0)
        for _ in range(3):
            store.record(point, Outcome(point.point_id, False, error="E: x"), attempts=1)
    with sqlite3.connect(tmp_path / STORE_FILENAME) as connection:
        assert connection.execute("SELECT COUNT(*) FROM points").fetchone() == (1,)
    connection.close()
