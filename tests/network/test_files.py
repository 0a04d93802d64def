"""Any file, one clear error: encodings, binary, duplicate keys, anchor bombs, nesting."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from qinternet.cli.main import main
from qinternet.core.errors import ScenarioError
from qinternet.network.files import MAX_ENTRIES, MAX_FILE_BYTES, read_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"


def write(tmp_path: Path, content: bytes, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"], ids=str
)
def test_unicode_files_with_a_byte_order_mark_read_alike(tmp_path: Path, encoding: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    assert read_yaml(write(tmp_path, raw)) == read_yaml(EXAMPLE)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name: Zürich\n".encode("latin-1"), "not UTF-8 text (byte 0xfc at offset 7)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (b"seed: 1\nname: a\nseed: 2\n", "line 3: key 'seed' given twice"),
        (b"a: [1, 2\n", "not valid YAML"),
        (b"? [a, b]\n: 1\n", "line 1: a key must be a name"),
    ],
    ids=["latin-1", "binary", "duplicate key", "broken YAML", "list as key"],
)
def test_a_bad_file_is_one_error_naming_it(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ScenarioError, match=re.escape(message)) as caught:
        read_yaml(path)
    assert str(caught.value).startswith(str(path))


def test_an_anchor_bomb_is_refused_before_it_grows(tmp_path: Path) -> None:
    # Nine levels of nine aliases each: 9^9 = 387 million strings once expanded.
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines).encode())
    # Entries once expanded: a list is 1 + its items; the root mapping 1 + 10 keys + values.
    sizes = [10]
    for _ in range(9):
        sizes.append(1 + 9 * sizes[-1])
    expanded = 1 + 10 + sum(sizes)
    with pytest.raises(ScenarioError, match=f"expand it to {expanded} entries, over {MAX_ENTRIES}"):
        read_yaml(path)  # counted, never built


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, b"memory: &m {t2_s: 1.0}\nnodes: [{memory: *m}, {memory: *m}]\n")
    assert read_yaml(path)["nodes"][1]["memory"] == {"t2_s": 1.0}


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_deep_nesting_is_one_error(tmp_path: Path, depth: int) -> None:
    path = write(tmp_path, b"name: " + b"[" * depth + b"]" * depth)
    with pytest.raises(ScenarioError, match=re.escape(str(path))):
        read_yaml(path)


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk written
    with pytest.raises(ScenarioError, match="over the"):
        read_yaml(path)


def test_a_folder_or_a_missing_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        read_yaml(tmp_path)
    with pytest.raises(ScenarioError, match="cannot read"):
        read_yaml(tmp_path / "missing.yaml")


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize(
    "content",
    [
        "name: Zürich\n".encode("latin-1"),
        b"\x00\x01\x02",
        b"name: " + b"[" * 5000 + b"]" * 5000,
        b"seed: 1\nseed: 2\n",
        b"",
    ],
    ids=["latin-1", "binary", "deep", "duplicate", "empty"],
)
def test_the_command_line_says_one_line_and_exits_2(
    tmp_path: Path, command: str, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, content)
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err
