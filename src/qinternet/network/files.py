"""Reading scenario files: any bytes in, a plain mapping or one clear error out.

A scenario is YAML (JSON is YAML too) in UTF-8, or UTF-16/32 with a byte-order mark.
Everything else is refused by a :class:`~qinternet.core.errors.ScenarioError` that names
the file and the problem, before anything large is built: binary content, text in another
encoding (with the offset of the first byte that is not UTF-8), a file over
:data:`MAX_FILE_BYTES`, a key given twice in one mapping (YAML would keep the last one
silently), aliases that expand the file beyond :data:`MAX_ENTRIES` entries (an "anchor
bomb" multiplies a few lines into billions), or nesting too deep to parse. A number
with an exponent reads as a number, as in YAML 1.2 and JSON (``1e6``, ``1.0e6``; YAML 1.1
would read them as text).

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ok.yaml").write_text("name: demo\\nseed: 1\\n")
    >>> read_yaml(folder / "ok.yaml")
    {'name': 'demo', 'seed': 1}
    >>> _ = (folder / "rate.yaml").write_text("rate_hz: [1e6, 1.0e6, -2.5E-3, '1e6']\\n")
    >>> read_yaml(folder / "rate.yaml")
    {'rate_hz': [1000000.0, 1000000.0, -0.0025, '1e6']}
    >>> _ = (folder / "twice.yaml").write_text("seed: 1\\nseed: 2\\n")
    >>> try:
    ...     read_yaml(folder / "twice.yaml")
    ... except ScenarioError as error:
    ...     print(str(error).split(": ", 1)[1])
    line 2: key 'seed' given twice
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import yaml

from qinternet.core.errors import ScenarioError

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Larger files are refused: a 10,000-node scenario takes about 1 MB."""

MAX_ENTRIES = 2_000_000
"""A file whose aliases expand it to more entries than this is refused (anchor bombs);
a 10,000-node scenario holds about 200,000."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# libyaml's parser where it is installed (several times faster), the same safe constructor.
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BASE_LOADER):  # type: ignore[valid-type, misc]
    """Safe YAML that refuses repeated keys and alias expansion beyond :data:`MAX_ENTRIES`.
    (Deep nesting is refused by libyaml's parser, or ends in a RecursionError that
    :func:`read_yaml` words.)"""

    def construct_document(self, node: Any) -> Any:
        entries = _expanded_entries(node, {})
        if entries > MAX_ENTRIES:
            raise ScenarioError(
                f"its aliases (*name) expand it to {entries} entries, over {MAX_ENTRIES}: refused"
            )
        return super().construct_document(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise ScenarioError(f"line {key_node.start_mark.line + 1}: a key must be a name")
            if key in seen:
                raise ScenarioError(f"line {key_node.start_mark.line + 1}: key {key!r} given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# YAML 1.1 wants a dot and a signed exponent (1.0e+6); YAML 1.2 and JSON also read 1e6 and 1.0e6.
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+.0123456789"),
)


def _expanded_entries(node: Any, known: dict[int, int]) -> int:
    """How many nodes ``node`` stands for once every alias is copied out (each distinct
    node is counted once, so the count costs the size of the file, not of its expansion)."""
    if id(node) not in known:
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        known[id(node)] = 1 + sum(_expanded_entries(child, known) for child in children)
    return known[id(node)]


def decode(raw: bytes, file: Path | str) -> str:
    """The text of a scenario file's bytes (UTF-8, or UTF-16/32 with a byte-order mark)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in raw:
        raise ScenarioError(f"{file}: binary content (a NUL byte), not a YAML text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            f"{file}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None


def read_yaml(path: str | Path) -> Any:
    """The YAML document in ``path``, as plain Python data.

    Raises:
        ScenarioError: naming the file, for any file that cannot be read as described in
            the module docstring.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                f"{file}: {size} bytes, over the {MAX_FILE_BYTES} a scenario file may have"
            )
        text = decode(file.read_bytes(), file)
    except OSError as error:
        raise ScenarioError(f"{file}: cannot read ({error.strerror or error})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except ScenarioError as error:
        raise ScenarioError(f"{file}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ScenarioError(f"{file}: not valid YAML{where}") from None
    except RecursionError:
        raise ScenarioError(f"{file}: nested too deeply to read") from None
