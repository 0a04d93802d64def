"""Reading a sweep folder for a plot writes nothing into it, in each journal state."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from qinternet.sweep.plot_read import read_sweep
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.store import STORE_FILENAME, SweepStore, SweepStoreError
from qinternet.sweep.worker import Outcome

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _point(index: int) -> SweepPoint:
    return SweepPoint(index, (("x", float(index)),), "{}", f"{index:032x}", index)


def _record(store: SweepStore, index: int) -> None:
    point = _point(index)
    outcome = Outcome(point.point_id, True, {"rate_hz": 10.0 * index})
    store.record(point, outcome, attempts=1)


def _store(folder: Path, num_points: int) -> SweepStore:
    store = SweepStore.create(folder, sweep_id="c" * 32, description={"parameters": ["x"]})
    for index in range(num_points):
        _record(store, index)
    return store


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        path.name: (path.stat().st_mtime_ns, path.stat().st_size, path.read_bytes())
        for path in folder.iterdir()
    }


def test_closed_store_is_read_without_a_journal(tmp_path: Path) -> None:
    _store(tmp_path, 3).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILENAME]
    before = _snapshot(tmp_path)
    table = read_sweep(tmp_path)
    assert table.frame["rate_hz"].tolist() == [0.0, 10.0, 20.0]
    assert table.description["parameters"] == ["x"]
    assert _snapshot(tmp_path) == before


def test_running_sweep_is_read_with_its_journal(tmp_path: Path) -> None:
    store = _store(tmp_path, 2)  # still open: its points are in the -wal file
    try:
        assert (tmp_path / f"{STORE_FILENAME}-wal").stat().st_size > 0
        names = sorted(p.name for p in tmp_path.iterdir())
        assert read_sweep(tmp_path).frame["rate_hz"].tolist() == [0.0, 10.0]
        assert sorted(p.name for p in tmp_path.iterdir()) == names
        _record(store, 2)  # a point committed while the plot reads
        assert read_sweep(tmp_path).frame["rate_hz"].tolist() == [0.0, 10.0, 20.0]
    finally:
        store.close()


def test_journal_without_its_index_is_read_from_a_copy(tmp_path: Path) -> None:
    running = tmp_path / "running"
    copied = tmp_path / "copied"
    store = _store(running, 2)
    try:
        copied.mkdir()
        for name in (STORE_FILENAME, f"{STORE_FILENAME}-wal"):
            shutil.copyfile(running / name, copied / name)
    finally:
        store.close()
    before = _snapshot(copied)
    assert read_sweep(copied).frame["rate_hz"].tolist() == [0.0, 10.0]  # both only in -wal
    assert _snapshot(copied) == before


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    _store(tmp_path, 2).close()
    (tmp_path / STORE_FILENAME).chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        assert read_sweep(tmp_path).frame["rate_hz"].tolist() == [0.0, 10.0]
    finally:
        tmp_path.chmod(0o755)


def test_folders_that_hold_no_sweep(tmp_path: Path) -> None:
    with pytest.raises(SweepStoreError, match="no sweep results here"):
        read_sweep(tmp_path)
    (tmp_path / STORE_FILENAME).write_text("not a database")
    with pytest.raises(SweepStoreError, match=f"cannot read {STORE_FILENAME}"):
        read_sweep(tmp_path)
