"""Measurement records: the settings and ±1 outcomes of every shot, sampled or read from CSV.

A record is what a lab writes down: for each shot, the basis each qubit was measured in
(``X``, ``Y`` or ``Z``) and the outcome of each qubit, +1 or -1 (+1 for the first
eigenvector: |0>, |+>, |+i>). The estimators of :mod:`qinternet.analysis.verification`
take records, never the state, so simulated and lab data go through the same code.

CSV layout (one row per shot, header first)::

    setting_0,setting_1,...,setting_{n-1},outcome_0,...,outcome_{n-1}
    X,X,X,1,-1,-1

Examples:
    >>> import numpy as np
    >>> from qinternet.states.multipartite import ghz_state
    >>> records = sample_records(ghz_state(3), ["ZZZ"], 100, np.random.default_rng(1))
    >>> records.num_shots, records.num_qubits
    (100, 3)
    >>> bool(np.all(records.outcomes == records.outcomes[:, :1]))  # GHZ: all Z outcomes agree
    True
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_count
from qinternet.states import apply_unitary
from qinternet.states.types import Ket, State

SETTING_LETTERS = "XYZ"
"""The measurement bases a record may name."""

_HADAMARD = np.array([[1, 1], [1, -1]], dtype=np.complex128) / math.sqrt(2.0)
_ROTATIONS = {
    "X": _HADAMARD,
    "Y": _HADAMARD @ np.diag([1.0, -1j]),  # H S^dagger maps |+i> to |0>
}


def _settings_array(settings: Any, num_rows: int | None) -> NDArray[np.str_]:
    try:
        rows = [list(row) for row in settings]
    except TypeError:
        raise InvalidParameterError("settings", settings, "must be rows of 'X', 'Y', 'Z'") from None
    lengths = {len(row) for row in rows}
    if not rows or len(lengths) != 1 or 0 in lengths:
        raise InvalidParameterError(
            "settings", settings, "must be a non-empty 2-D array (shots x qubits)"
        )
    array = np.array([[str(v) for v in row] for row in rows], dtype="<U1")
    bad = ~np.isin(array, list(SETTING_LETTERS))
    if bad.any():
        shot, qubit = (int(v) for v in np.argwhere(bad)[0])
        raise InvalidParameterError(
            f"settings[{shot}][{qubit}]", rows[shot][qubit], "must be 'X', 'Y' or 'Z'"
        )
    if num_rows is not None and array.shape[0] != num_rows:
        raise InvalidParameterError(
            "settings", settings, f"has {array.shape[0]} rows, the outcomes {num_rows}"
        )
    return array


def _outcomes_array(outcomes: Any) -> NDArray[np.int8]:
    try:
        array = np.asarray(outcomes, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError("outcomes", outcomes, "must be numbers +1 or -1") from None
    if array.ndim != 2 or array.size == 0:
        raise InvalidParameterError(
            "outcomes",
            outcomes,
            f"must be a non-empty 2-D array (shots x qubits), got {array.shape}",
        )
    bad = ~np.isin(array, (1.0, -1.0))
    if bad.any():
        shot, qubit = (int(v) for v in np.argwhere(bad)[0])
        raise InvalidParameterError(
            f"outcomes[{shot}][{qubit}]", array[shot, qubit], "must be +1 or -1"
        )
    return array.astype(np.int8)


@dataclass(frozen=True, eq=False)
class MeasurementRecords:
    """Settings and outcomes of ``num_shots`` shots on ``num_qubits`` qubits.

    Attributes:
        settings: (num_shots, num_qubits) array of 'X', 'Y', 'Z' (rows may be strings).
        outcomes: (num_shots, num_qubits) array of +1/-1.

    Raises:
        InvalidParameterError: naming the field (and shot and qubit) for a setting not in
            {X, Y, Z}, an outcome not ±1, or shapes that differ.
    """

    settings: NDArray[np.str_]
    outcomes: NDArray[np.int8]

    def __post_init__(self) -> None:
        outcomes = _outcomes_array(self.outcomes)
        settings = _settings_array(self.settings, outcomes.shape[0])
        if settings.shape != outcomes.shape:
            raise InvalidParameterError(
                "outcomes",
                self.outcomes,
                f"shape {outcomes.shape} differs from the settings' {settings.shape}",
            )
        settings.flags.writeable = False
        outcomes.flags.writeable = False
        object.__setattr__(self, "settings", settings)
        object.__setattr__(self, "outcomes", outcomes)

    @property
    def num_shots(self) -> int:
        """Number of shots (rows)."""
        return int(self.outcomes.shape[0])

    @property
    def num_qubits(self) -> int:
        """Number of qubits (columns)."""
        return int(self.outcomes.shape[1])

    def setting_strings(self) -> NDArray[np.str_]:
        """The setting of every shot as one string, e.g. ``"XXZ"``."""
        return np.array(["".join(row) for row in self.settings])

    def by_setting(self) -> dict[str, NDArray[np.int8]]:
        """The outcomes grouped by setting string (rows in their original order)."""
        strings = self.setting_strings()
        return {s: self.outcomes[strings == s] for s in dict.fromkeys(strings.tolist())}


def concatenate(records: Sequence[MeasurementRecords]) -> MeasurementRecords:
    """The shots of several records, one after another (same number of qubits).

    Raises:
        InvalidParameterError: for no records or records of different qubit numbers.
    """
    if not records or len({r.num_qubits for r in records}) != 1:
        raise InvalidParameterError("records", records, "need records of one qubit number")
    return MeasurementRecords(
        np.concatenate([r.settings for r in records]), np.concatenate([r.outcomes for r in records])
    )


def outcome_distribution(state: State, setting: str) -> NDArray[np.float64]:
    """Probabilities of the 2^n outcome bit strings when measuring ``setting``.

    Index b holds the bits of the outcomes (qubit 0 most significant; bit 0 is +1).

    Raises:
        InvalidStateError: if ``state`` is not a state of qubits.
        InvalidParameterError: if ``setting`` is not a string of X, Y, Z of its length.
    """
    if any(d != 2 for d in state.dims):
        raise InvalidStateError("state", state, f"must be a state of qubits, got {state.dims}")
    checked = _settings_array([setting], None)[0]
    if checked.size != state.num_subsystems:
        raise InvalidParameterError("setting", setting, f"needs {state.num_subsystems} letters")
    rotated = state
    for qubit, letter in enumerate(checked):
        if letter != "Z":
            rotated = apply_unitary(rotated, _ROTATIONS[str(letter)], [qubit])
    if isinstance(rotated, Ket):
        probabilities = np.abs(rotated.vector) ** 2
    else:
        probabilities = np.real(np.diag(rotated.to_density().matrix))
    probabilities = np.clip(probabilities, 0.0, None)
    return np.asarray(probabilities / probabilities.sum(), dtype=np.float64)


def sample_records(
    state: State, settings: Sequence[str], num_shots: int, rng: np.random.Generator
) -> MeasurementRecords:
    """Simulated records: ``num_shots`` shots of every setting in ``settings``.

    Raises:
        InvalidParameterError: for a bad setting or ``num_shots < 1``.
        InvalidStateError: if ``state`` is not a state of qubits.
    """
    shots = check_count(num_shots, "num_shots", 1)
    if isinstance(settings, str) or not settings:
        raise InvalidParameterError("settings", settings, "must be a non-empty list of strings")
    n = state.num_subsystems
    weights = 1 - 2 * ((np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)[None, :]) & 1)
    all_settings, all_outcomes = [], []
    for setting in settings:
        draws = rng.choice(2**n, size=shots, p=outcome_distribution(state, setting))
        all_outcomes.append(weights[draws])
        all_settings.extend([list(setting)] * shots)
    return MeasurementRecords(np.array(all_settings), np.concatenate(all_outcomes))


def _header(num_qubits: int) -> list[str]:
    return [f"setting_{q}" for q in range(num_qubits)] + [f"outcome_{q}" for q in range(num_qubits)]


def write_records_csv(records: MeasurementRecords, path: str | Path) -> None:
    """Write ``records`` as CSV (header, then one row per shot)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_header(records.num_qubits))
        for setting, outcome in zip(records.settings, records.outcomes, strict=True):
            writer.writerow([*setting.tolist(), *(int(v) for v in outcome)])


def _text(file: Path) -> str:
    """The file as UTF-8 text (a byte-order mark dropped), else an error naming the line
    and column of the first byte that is not text."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidParameterError("path", str(file), f"cannot be read ({error})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidParameterError(
            f"{file} line 1 column 1", data[:2], "is a UTF-16 byte-order mark; save as UTF-8"
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    offset, reason = data.find(b"\x00"), "is a NUL byte: a binary file, not CSV text"
    if offset < 0:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            offset, reason = error.start, "is not UTF-8 (Latin-1? binary?); save as UTF-8"
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    line = data.count(b"\n", 0, offset) + 1
    raise InvalidParameterError(
        f"{file} line {line} column {column}", data[offset : offset + 1], reason
    )


def read_records_csv(path: str | Path) -> MeasurementRecords:
    """Read records written by :func:`write_records_csv` (or by a lab in that layout).

    UTF-8 text, with or without a byte-order mark; blank lines are skipped.

    Raises:
        InvalidParameterError: naming the file, line and column of bytes that are not
            UTF-8 text, a malformed header, a row of the wrong length, a setting not in
            {X, Y, Z} or an outcome not ±1.
    """
    file = Path(path)
    reader = csv.reader(io.StringIO(_text(file), newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader if row]
    except csv.Error as error:
        raise InvalidParameterError(f"{file} line {reader.line_num}", "", str(error)) from None
    if not rows:
        raise InvalidParameterError(f"{file} line 1 (header) column 1", "", "file is empty")
    header = [cell.strip() for cell in rows[0][1]]
    num_qubits = len(header) // 2
    expected = _header(max(num_qubits, 1))
    if header != expected:
        column = next(
            (i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b),
            min(len(header), len(expected)),
        )
        raise InvalidParameterError(
            f"{file} line {rows[0][0]} (header) column {column + 1}",
            ",".join(header),
            "must be setting_0..setting_{n-1},outcome_0..outcome_{n-1}",
        )
    if len(rows) < 2:
        raise InvalidParameterError(
            f"{file} line {rows[0][0] + 1} (rows) column 1", 0, "the file holds no shots"
        )
    settings, outcomes = [], []
    for line, row in rows[1:]:
        cells = [cell.strip() for cell in row]
        if len(cells) != 2 * num_qubits:
            raise InvalidParameterError(
                f"{file} line {line} column {min(len(cells), 2 * num_qubits) + 1}",
                ",".join(row),
                f"the row has {len(cells)} fields, the header {2 * num_qubits}",
            )
        for q, letter in enumerate(cells[:num_qubits]):
            if letter not in SETTING_LETTERS or len(letter) != 1:
                raise InvalidParameterError(
                    f"{file} line {line} column setting_{q}", letter, "must be 'X', 'Y' or 'Z'"
                )
        values = []
        for q, cell in enumerate(cells[num_qubits:]):
            if cell not in ("1", "+1", "-1"):
                raise InvalidParameterError(
                    f"{file} line {line} column outcome_{q}", cell, "must be +1 or -1"
                )
            values.append(int(cell))
        settings.append(cells[:num_qubits])
        outcomes.append(values)
    return MeasurementRecords(np.array(settings), np.array(outcomes))


def compatible_shots(settings: NDArray[np.str_], pauli: str) -> NDArray[np.bool_]:
    """Which shots (rows of ``settings``) measured every non-identity letter of ``pauli``."""
    support = [q for q, letter in enumerate(pauli) if letter != "I"]
    return np.all(settings[:, support] == np.array(list(pauli))[support], axis=1)


def pauli_products(outcomes: NDArray[np.int8], pauli: str) -> NDArray[np.float64]:
    """Per shot, the product of the outcomes on the support of ``pauli``."""
    support = [q for q, letter in enumerate(pauli) if letter != "I"]
    return np.prod(outcomes[:, support], axis=1).astype(np.float64)
