"""``qinternet validate FILE`` refuses exactly what ``qinternet run FILE`` refuses before
it simulates: every example, mutated 300 ways (seeded), gets the same verdict from both.

``run`` is stopped where simulation would start (its simulate function raises a private
exception, counted as "accepted"). The pure link-layer functions are memoized for the
test's speed: the same arguments give the same outcome, so no verdict changes.
"""

from __future__ import annotations

import copy
import functools
import pickle
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import qinternet.cli.run
import qinternet.physics.links
from qinternet.cli.main import main

EXAMPLES_DIR = Path(__file__).parents[2] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
MUTATIONS_PER_EXAMPLE = 300
Container = dict[str, Any] | list[Any]


class _SimulationReachedError(Exception):
    """Raised instead of simulating: ``run`` accepted the file."""


def _places(data: Any) -> Iterator[tuple[Container, Any]]:
    """Every (container, key or index) of ``data``, depth first."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in list(items):
        yield data, key
        yield from _places(value)


def _typo(key: str, rng: np.random.Generator) -> str:
    """``key`` with one character dropped, doubled or swapped with the next."""
    i = int(rng.integers(len(key)))
    kind = int(rng.integers(3))
    if kind == 0 and len(key) > 1:
        return key[:i] + key[i + 1 :]
    if kind == 1 or i == len(key) - 1:
        return key[:i] + key[i] + key[i:]
    return key[:i] + key[i + 1] + key[i] + key[i + 2 :]


def _new_value(value: Any, rng: np.random.Generator) -> Any:
    """A replacement for ``value``: a bad number, another type, null, a copy, ..."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        options: list[Any] = [-value, -1.0, 0, 0.0, 1e300, "nan", float("nan"), True, False]
        options += [value * 10, value / 10, int(value) + 1, str(value), [value], "fast"]
    elif isinstance(value, str):
        options = [value + "x", value[:-1], value.upper(), 3, None, [value], {"kind": value}]
    elif isinstance(value, bool):
        options = [not value, 1, "yes", None]
    elif isinstance(value, list):
        options = [value[:1], value[:-1], value + value[-1:], [], {}, "list", value[::-1]]
    else:
        options = [{}, [value], "map", 1.0, None]
    return copy.deepcopy(options[int(rng.integers(len(options)))])


def mutate(data: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """A copy of ``data`` with one random change: a value replaced, a key dropped, added
    or misspelt, a list entry repeated."""
    result = copy.deepcopy(data)
    places = list(_places(result))
    container, key = places[int(rng.integers(len(places)))]
    action = int(rng.integers(5))
    if isinstance(container, list):
        if action == 0:
            container.insert(key, copy.deepcopy(container[key]))
        elif action == 1:
            del container[key]
        else:
            container[key] = _new_value(container[key], rng)
        return result
    if action == 0:
        del container[key]
    elif action == 1:
        container[_typo(key, rng)] = container.pop(key)
    elif action == 2:
        container[_typo(key, rng) + "_extra"] = copy.deepcopy(container[key])
    else:
        container[key] = _new_value(container[key], rng)
    return result


def _memoized(function: Callable[..., Any]) -> Callable[..., Any]:
    cache: dict[bytes, Any] = {}

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            key = pickle.dumps((args, sorted(kwargs.items())))
        except (pickle.PicklingError, TypeError, AttributeError):
            return function(*args, **kwargs)
        if key not in cache:
            cache[key] = function(*args, **kwargs)
        return cache[key]

    return wrapper


@pytest.fixture(scope="module")
def fast_links() -> Iterator[None]:
    """Memoize the link-layer functions wherever the network package imported them."""
    patch = pytest.MonkeyPatch()
    pure = {
        getattr(qinternet.physics.links, name)
        for name in qinternet.physics.links.__all__
        if name.endswith("_link")
    }
    memo = {function: _memoized(function) for function in pure}
    for name, module in list(sys.modules.items()):
        if name.startswith("qinternet.network"):
            for attribute, value in list(vars(module).items()):
                if callable(value) and value in memo:
                    patch.setattr(module, attribute, memo[value])
    yield
    patch.undo()


def _verdict(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    try:
        status = main(argv)
    except _SimulationReachedError:
        status = 0
    capsys.readouterr()
    assert status in (0, 2), argv
    return "accepted" if status == 0 else "refused"


def _stop(*args: Any, **kwargs: Any) -> Any:
    raise _SimulationReachedError


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
@pytest.mark.usefixtures("fast_links")
def test_validate_refuses_what_run_refuses(
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(qinternet.cli.run, "run_built", _stop)
    data = yaml.safe_load(example.read_text())
    rng = np.random.default_rng([9, zlib.crc32(example.name.encode())])
    counts: Counter[str] = Counter()
    file = str(tmp_path / example.name)
    for i in range(MUTATIONS_PER_EXAMPLE):
        Path(file).write_text(yaml.dump(mutate(data, rng), Dumper=yaml.CSafeDumper))
        validated = _verdict(["validate", file], capsys)
        ran = _verdict(["run", file, "--json"], capsys)
        assert validated == ran, f"mutation {i} of {example.name}: {Path(file).read_text()}"
        counts[validated] += 1
    # Both verdicts occur: the mutations reach past parsing and are not all harmless.
    assert counts["refused"] > MUTATIONS_PER_EXAMPLE // 20, counts
    assert counts["accepted"] > MUTATIONS_PER_EXAMPLE // 20, counts
    print(f"{example.name}: {dict(counts)}")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (
            {"protocol": {"kind": "chain", "num_channels": 11}},
            "protocol.num_channels=11: a repeater",
        ),
        (
            {"protocol": {"kind": "chain", "purification_rounds": 4}},
            "times 2^purification_rounds = 16",
        ),
        ({"nodes": [{"name": "A", "memory": {"t1_s": 1.0, "t2_s": 3.0}}]}, "t2_s=3.0: must not"),
        ({"nodes": [{"name": "A", "emitter": {"emission_efficiency": True}}]}, "=True: must be a"),
        ({"nodes": [{"name": "A", "emiter": {}}]}, "nodes[0].emiter: unknown key; did you mean"),
    ],
)
def test_validate_and_run_refuse_what_cannot_be_built(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, Any],
    needle: str,
) -> None:
    monkeypatch.setattr(qinternet.cli.run, "run_built", _stop)
    data = yaml.safe_load((EXAMPLES_DIR / "barrett_kok_chain_3_nodes.yaml").read_text())
    for key, value in change.items():
        data[key] = value if key != "nodes" else [*value, *data["nodes"][1:]]
    file = tmp_path / "chain.yaml"
    file.write_text(yaml.safe_dump(data))
    for command in (["validate", str(file)], ["run", str(file), "--json"]):
        assert main(command) == 2
        error = capsys.readouterr().err
        assert f"qinternet {command[0]}: error: {file}: " in error
        assert needle in error
