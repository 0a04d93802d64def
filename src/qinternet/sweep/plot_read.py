"""Read a sweep folder for plotting without writing anything into it.

Opening the store as :meth:`SweepStore.open` does creates SQLite's ``-wal`` and
``-shm`` files (WAL mode) and needs a writable folder. Here, instead:

- with no ``-wal`` file the database file is complete (SQLite removes the journal
  when the last writer closes), and it is read as an immutable file: no lock, no
  journal, nothing created;
- with both ``-wal`` and ``-shm`` (a sweep running, or stopped before it closed) it is
  opened read-only as a concurrent reader, which sees the journal's committed points
  and creates no file;
- with a ``-wal`` but no ``-shm`` (a folder copied without it) the two files are
  copied to a temporary folder and read there, so the journal's points still count.

Examples:
    >>> import tempfile
    >>> from qinternet.sweep.store import SweepStore
    >>> folder = Path(tempfile.mkdtemp())
    >>> SweepStore.create(folder, sweep_id="b" * 32, description={"scenario": "x"}).close()
    >>> before = sorted(p.name for p in folder.iterdir())
    >>> read_sweep(folder).description["scenario"], sorted(p.name for p in folder.iterdir()) == before
    ('x', True)
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qinternet.sweep.store import STORE_FILENAME, SweepStore, SweepStoreError


@dataclass(frozen=True)
class SweepTable:
    """The results of one sweep folder and the facts stored with it."""

    folder: Path
    frame: pd.DataFrame
    description: dict[str, Any]


def _read(folder: Path, uri: str) -> SweepTable:
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise SweepStoreError(f"{folder}: cannot read {STORE_FILENAME} ({error})") from None
    store = SweepStore(folder, connection)
    try:
        description = store.description()
        if "sweep_id" not in description:
            raise SweepStoreError(f"{folder}: {STORE_FILENAME} describes no sweep")
        return SweepTable(folder, store.load(), description)
    except sqlite3.Error as error:
        raise SweepStoreError(f"{folder}: cannot read {STORE_FILENAME} ({error})") from None
    finally:
        store.close()


def read_sweep(folder: str | Path) -> SweepTable:
    """The results of the sweep in ``folder``, read without writing to the folder.

    Raises:
        SweepStoreError: if the folder holds no readable sweep store.
    """
    path = Path(folder)
    database = path / STORE_FILENAME
    if not database.is_file():
        raise SweepStoreError(f"{path}: no sweep results here (no {STORE_FILENAME})")
    journal = database.with_name(f"{STORE_FILENAME}-wal")
    shared = database.with_name(f"{STORE_FILENAME}-shm")
    uri = database.resolve().as_uri()
    if not journal.exists():
        return _read(path, f"{uri}?immutable=1")
    if shared.exists():
        return _read(path, f"{uri}?mode=ro")
    with tempfile.TemporaryDirectory(prefix="qinternet-plot-") as scratch:
        copy = Path(scratch) / STORE_FILENAME
        shutil.copyfile(database, copy)
        shutil.copyfile(journal, copy.with_name(journal.name))
        return _read(path, f"{copy.resolve().as_uri()}?mode=rw")
