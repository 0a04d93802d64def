"""No records file makes ``qinternet verify`` print a traceback.

Hypothesis (derandomized: the same examples on every run) writes odd CSV files: headers
of 1 to 4 qubits or misspelt, settings from valid and invalid letters, outcomes from
valid and invalid numbers, rows of the wrong length, blank lines, non-UTF-8 bytes, and
raw bytes. In-process, for every file and target: exit status 0 or 2, no exception out
of ``main``, on status 2 exactly one line on standard error naming the file or a flag,
on status 0 one strict JSON object.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from qinternet.cli.main import main

LETTERS = ["X", "Y", "Z", "x", "W", "", " X", "XY"]
OUTCOMES = ["1", "-1", "+1", "0", "2", "1.0", "", "nan", "-0"]


def _header(num_qubits: int) -> list[str]:
    return [f"setting_{q}" for q in range(num_qubits)] + [f"outcome_{q}" for q in range(num_qubits)]


@st.composite
def odd_csv(draw: st.DrawFn) -> bytes:
    n = draw(st.integers(1, 4))
    header = _header(n)
    if draw(st.booleans()):
        header = draw(st.permutations(header)) if draw(st.booleans()) else header[:-1]
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 30))):
        settings = [draw(st.sampled_from(LETTERS[:3] * 6 + LETTERS)) for _ in range(n)]
        outcomes = [draw(st.sampled_from(OUTCOMES[:2] * 8 + OUTCOMES)) for _ in range(n)]
        row = settings + outcomes
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        lines.append(",".join(row))
    text = "\n".join(lines) + ("\n" if draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1"]))
    data = text.encode(encoding)
    if draw(st.integers(0, 5)) == 0:
        data = draw(st.binary(max_size=64))
    return data


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(
    data=odd_csv(),
    target=st.sampled_from(
        [["ghz"], ["w"], ["bell"], ["graph", "--edges", "0-1,1-2"], ["graph", "--edges", "0-1"]]
    ),
)
def test_no_records_file_makes_a_traceback(data: bytes, target: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.csv"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["verify", str(path), "--target", target[0], *target[1:], "--json"])
    event(f"status {status}")
    assert status in (0, 2)
    if status == 2:
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1, err.getvalue()
        assert str(path) in lines[0] or "--edges" in lines[0], lines[0]
    else:
        report = json.loads(
            out.getvalue(), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c))
        )
        assert report["qubits"] >= 2
