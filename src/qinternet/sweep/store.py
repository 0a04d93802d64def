"""The result store: one SQLite file in the output folder, one transaction per point.

Each finished point is committed on its own (WAL journal), so a crash or ``kill -9``
loses at most the points still running; re-opening the folder resumes, skipping the
points already done. A point that failed after its retries is stored with its error
and is tried again when the sweep is re-run; a done point is never rewritten, and the
point id is the primary key, so no point is ever stored twice.

A folder holds one sweep (same base scenario, base seed and varied parameters; the
values may grow). Opening it for a different sweep is refused unless ``force``, which
deletes the old store. Results load as a pandas DataFrame and export to Parquet and
CSV, each written to a temporary file and renamed into place.

Examples:
    >>> import tempfile
    >>> from qinternet.sweep.spec import SweepPoint
    >>> from qinternet.sweep.worker import Outcome
    >>> folder = tempfile.mkdtemp()
    >>> store = SweepStore.create(folder, sweep_id="a" * 32, description={"parameters": ["x"]})
    >>> point = SweepPoint(0, (("x", 1.5),), "{}", "0" * 32, 7)
    >>> store.record(point, Outcome(point.point_id, True, {"rate_hz": 2.0}), attempts=1)
    >>> store.done_ids() == {point.point_id}
    True
    >>> store.load()[["x", "rate_hz", "status"]].values.tolist()
    [[1.5, 2.0, 'done']]
    >>> store.close()
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qinternet.core.errors import QinternetError
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.worker import Outcome

STORE_FILENAME = "sweep.sqlite"
PARQUET_FILENAME = "results.parquet"
CSV_FILENAME = "results.csv"
SQLITE_BUSY_TIMEOUT_S = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS points (
    point_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    params TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    result TEXT NOT NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    wall_s REAL NOT NULL,
    finished_at REAL NOT NULL
);
"""
_RECORD = """
INSERT INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (point_id) DO UPDATE SET
    position = excluded.position, status = excluded.status, result = excluded.result,
    error = excluded.error, attempts = excluded.attempts, wall_s = excluded.wall_s,
    finished_at = excluded.finished_at
WHERE points.status != 'done'
"""
BOOKKEEPING_COLUMNS = ("point_id", "seed", "status", "error", "attempts", "wall_s")


class SweepStoreError(QinternetError):
    """An output folder that cannot hold this sweep (another sweep, not a store)."""


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # durable against process crashes
        connection.executescript(_SCHEMA)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise SweepStoreError(f"{path}: not a sweep store ({error})") from None
    return connection


def _remove_store(folder: Path) -> None:
    for name in (STORE_FILENAME, f"{STORE_FILENAME}-wal", f"{STORE_FILENAME}-shm"):
        (folder / name).unlink(missing_ok=True)
    for name in (PARQUET_FILENAME, CSV_FILENAME):
        (folder / name).unlink(missing_ok=True)


class SweepStore:
    """An open result store (see the module docstring); close it, or use ``with``."""

    def __init__(self, folder: Path, connection: sqlite3.Connection) -> None:
        self.folder = folder
        self._connection = connection

    @classmethod
    def create(
        cls,
        folder: str | Path,
        *,
        sweep_id: str,
        description: Mapping[str, Any],
        force: bool = False,
    ) -> SweepStore:
        """Open the store of ``folder`` for the sweep ``sweep_id``, creating it if needed.

        Args:
            folder: the output folder (created if missing).
            sweep_id: the sweep's content id; a store of another sweep is refused.
            description: JSON-ready facts kept with the store (``parameters``: the
                column names of the axes, in order; scenario name, seed, ...).
            force: replace a store that holds a different sweep.

        Raises:
            SweepStoreError: if the folder holds a different sweep and not ``force``,
                or its store is not readable.
        """
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SweepStoreError(f"{path}: cannot create ({error.strerror})") from None
        if (path / STORE_FILENAME).exists():
            existing = cls.open(path)
            stored_id = existing.description().get("sweep_id")
            if stored_id == sweep_id:
                return existing
            summary = existing.summary()
            existing.close()
            if not force:
                raise SweepStoreError(
                    f"{path} holds a different sweep ({summary}); use --force to replace it"
                )
            _remove_store(path)
        connection = _connect(path / STORE_FILENAME)
        facts = {**dict(description), "sweep_id": sweep_id, "created": time.time()}
        with connection:
            connection.executemany(
                "INSERT OR REPLACE INTO sweep VALUES (?, ?)",
                [(key, json.dumps(value)) for key, value in facts.items()],
            )
        return cls(path, connection)

    @classmethod
    def open(cls, folder: str | Path) -> SweepStore:
        """Open the existing store of ``folder`` (to read or resume it).

        Raises:
            SweepStoreError: if the folder holds no sweep store.
        """
        path = Path(folder)
        if not (path / STORE_FILENAME).is_file():
            raise SweepStoreError(f"{path}: no sweep results here (no {STORE_FILENAME})")
        store = cls(path, _connect(path / STORE_FILENAME))
        if "sweep_id" not in store.description():
            store.close()
            raise SweepStoreError(f"{path}: {STORE_FILENAME} describes no sweep")
        return store

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self._connection.close()

    def description(self) -> dict[str, Any]:
        """The facts stored with the sweep (``sweep_id``, ``parameters``, ...)."""
        rows = self._connection.execute("SELECT key, value FROM sweep").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def summary(self) -> str:
        """One line: scenario, base seed, parameters and counts."""
        facts = self.description()
        counts = self.counts()
        varied = ", ".join(facts.get("parameters", [])) or "nothing"
        return (
            f"scenario {facts.get('scenario', '?')!r}, base seed {facts.get('base_seed', '?')}, "
            f"varying {varied}; {counts['done']} done, {counts['failed']} failed"
        )

    def counts(self) -> dict[str, int]:
        """Number of points stored as ``done`` and as ``failed``."""
        rows = self._connection.execute("SELECT status, COUNT(*) FROM points GROUP BY status")
        counts = {"done": 0, "failed": 0}
        counts.update(dict(rows.fetchall()))
        return counts

    def done_ids(self) -> set[str]:
        """Ids of the points already done (skipped when the sweep resumes)."""
        rows = self._connection.execute("SELECT point_id FROM points WHERE status = 'done'")
        return {row[0] for row in rows}

    def record(self, point: SweepPoint, outcome: Outcome, *, attempts: int) -> None:
        """Store the final outcome of ``point`` in one transaction.

        A done point is never overwritten; a failed one is replaced by a later attempt.
        """
        row = (
            point.point_id,
            point.index,
            json.dumps(dict(point.params)),
            point.seed,
            "done" if outcome.ok else "failed",
            json.dumps(dict(outcome.values)),
            outcome.error,
            attempts,
            outcome.wall_s,
            time.time(),
        )
        with self._connection:
            self._connection.execute(_RECORD, row)

    def load(self) -> pd.DataFrame:
        """Every stored point as a row: the parameters (one column each, in axis order),
        the results, then ``point_id``, ``seed``, ``status``, ``error``, ``attempts``,
        ``wall_s``; ordered by position in the sweep."""
        parameters = list(self.description().get("parameters", []))
        query = (
            "SELECT point_id, seed, status, error, attempts, wall_s, params, result "
            "FROM points ORDER BY position, point_id"
        )
        records = []
        result_columns: dict[str, None] = {}
        for (
            point_id,
            seed,
            status,
            error,
            attempts,
            wall_s,
            params,
            result,
        ) in self._connection.execute(query):
            values = json.loads(result)
            result_columns.update(dict.fromkeys(values))
            bookkeeping = {"point_id": point_id, "seed": seed, "status": status}
            bookkeeping.update(error=error or None, attempts=attempts, wall_s=wall_s)
            records.append({**json.loads(params), **values, **bookkeeping})
        columns = [*parameters, *result_columns, *BOOKKEEPING_COLUMNS]
        return pd.DataFrame.from_records(records, columns=columns)

    def export(self) -> tuple[Path, Path]:
        """Write ``results.parquet`` and ``results.csv`` (atomically) and return their paths."""
        frame = _uniform_columns(self.load())
        parquet = self.folder / PARQUET_FILENAME
        csv = self.folder / CSV_FILENAME
        for target, write in ((parquet, frame.to_parquet), (csv, frame.to_csv)):
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            write(temporary, index=False)
            os.replace(temporary, target)
        return parquet, csv


def _uniform_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns mixing strings with numbers become strings (Parquet needs one type)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            kinds = {type(v) for v in frame[column] if v is not None and v == v}
            if len(kinds) > 1 and str in kinds:
                frame[column] = frame[column].map(lambda v: None if v is None else str(v))
    return frame


def load_results(folder: str | Path) -> pd.DataFrame:
    """The results of the sweep stored in ``folder`` (see :meth:`SweepStore.load`).

    Raises:
        SweepStoreError: if ``folder`` holds no sweep store.
    """
    with SweepStore.open(folder) as store:
        return store.load()
