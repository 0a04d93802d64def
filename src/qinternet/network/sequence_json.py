"""Read a SeQUeNCe network topology (JSON or YAML) as a qinternet scenario.

SeQUeNCe (Wu et al., Quantum Sci. Technol. 6, 045027 (2021)) describes a router network
by ``nodes`` (``QuantumRouter`` with ``memo_size`` memories, ``BSMNode`` stations),
quantum connections (``qconnections``: ``node1``, ``node2``, ``distance`` in m,
``attenuation`` in dB/m, ``type: meet_in_the_middle``, i.e. a Bell-state measurement
halfway), or explicit quantum channels (``qchannels``: ``source``, ``destination``,
``distance``, ``attenuation``) from two routers to one ``BSMNode``, classical
connections with delays in ps, and ``stop_time`` in ps. Its routers generate
entanglement by the two-photon protocol of Barrett and Kok, so every link becomes a
``barrett_kok`` link of the same fibre, and the scenario runs the link layer.

What a qinternet scenario does not take from such a file is named in the scenario's
``description``: explicit classical delays (qinternet derives them from the fibre),
per-node seeds and component templates.

Examples:
    >>> topology = {
    ...     "nodes": [{"name": "a", "type": "QuantumRouter", "seed": 0, "memo_size": 10},
    ...               {"name": "b", "type": "QuantumRouter", "seed": 1, "memo_size": 10}],
    ...     "qconnections": [{"node1": "a", "node2": "b", "attenuation": 0.0002,
    ...                       "distance": 2000, "type": "meet_in_the_middle"}],
    ...     "cconnections": [{"node1": "a", "node2": "b", "delay": 1000000000}],
    ...     "stop_time": 2000000000000,
    ... }
    >>> scenario = scenario_from_sequence(topology, name="two routers")
    >>> link = scenario.links[0]
    >>> link.arms_m, link.attenuation_db_per_km, scenario.duration_s
    ((1000.0, 1000.0), 0.2, 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qinternet.core.errors import ScenarioError
from qinternet.network.files import read_yaml
from qinternet.network.scenario import Scenario, parse_scenario

PICOSECOND_S = 1e-12
DB_PER_KM_PER_DB_PER_M = 1e3
ROUTER, STATION = "QuantumRouter", "BSMNode"


def _field(entry: Mapping[str, Any], key: str, where: str, source: str) -> Any:
    if not isinstance(entry, Mapping) or key not in entry:
        raise ScenarioError(f"{source}: {where}.{key}: missing")
    return entry[key]


def _number(entry: Mapping[str, Any], key: str, where: str, source: str) -> float:
    value = _field(entry, key, where, source)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{source}: {where}.{key}={value!r}: must be a number")
    return float(value)


def _link(
    ends: tuple[str, str], arms_m: tuple[float, float], attenuation_db_per_m: float
) -> dict[str, Any]:
    return {
        "nodes": list(ends),
        "arm_lengths_m": list(arms_m),
        "attenuation_db_per_km": attenuation_db_per_m * DB_PER_KM_PER_DB_PER_M,
        "scheme": {"kind": "barrett_kok"},
    }


def _station_links(
    config: Mapping[str, Any], stations: set[str], source: str
) -> list[dict[str, Any]]:
    """Links from explicit ``qchannels``: two routers' fibres into one BSM node."""
    arms: dict[str, list[tuple[str, float, float]]] = {name: [] for name in stations}
    for i, channel in enumerate(config.get("qchannels", [])):
        where = f"qchannels[{i}]"
        station = _field(channel, "destination", where, source)
        if station not in stations:
            raise ScenarioError(
                f"{source}: {where}.destination={station!r}: not a {STATION} of the file"
            )
        arms[station].append(
            (
                str(_field(channel, "source", where, source)),
                _number(channel, "distance", where, source),
                _number(channel, "attenuation", where, source),
            )
        )
    links = []
    for station, fibres in arms.items():
        if len(fibres) != 2:
            raise ScenarioError(
                f"{source}: {STATION} {station!r}: {len(fibres)} quantum channels lead to it; "
                "a Bell-state measurement station joins exactly two routers"
            )
        (a, arm_a_m, loss_a), (b, arm_b_m, loss_b) = fibres
        if loss_a != loss_b:
            raise ScenarioError(
                f"{source}: {STATION} {station!r}: its two channels differ in attenuation "
                f"({loss_a} and {loss_b} dB/m); a qinternet link has one fibre type"
            )
        links.append(_link((a, b), (arm_a_m, arm_b_m), loss_a))
    return links


def scenario_from_sequence(
    config: Mapping[str, Any],
    *,
    name: str,
    source: str = "<sequence topology>",
    seed: int = 0,
    duration_s: float | None = None,
) -> Scenario:
    """The qinternet scenario of a SeQUeNCe router-network topology.

    Args:
        config: the topology as SeQUeNCe reads it (the parsed JSON or YAML file).
        name: the scenario's name.
        source: the file name, for error messages.
        seed: the scenario's seed (SeQUeNCe seeds each node; qinternet seeds the run).
        duration_s: simulated time; default the file's ``stop_time``.

    Raises:
        ScenarioError: naming the field, for a node type or connection type qinternet
            does not model, a missing or non-numeric field, a station that does not join
            exactly two routers, or no duration.
    """
    if not isinstance(config, Mapping):
        raise ScenarioError(f"{source}: a SeQUeNCe topology is a mapping with 'nodes'")
    nodes, stations = [], set()
    for i, node in enumerate(_field(config, "nodes", "topology", source)):
        kind = _field(node, "type", f"nodes[{i}]", source)
        node_name = str(_field(node, "name", f"nodes[{i}]", source))
        if kind == STATION:
            stations.add(node_name)
        elif kind == ROUTER:
            memories = int(_number(node, "memo_size", f"nodes[{i}]", source))
            if memories < 1:
                raise ScenarioError(
                    f"{source}: nodes[{i}].memo_size={memories}: a router needs memories"
                )
            nodes.append({"name": node_name, "num_memories": memories})
        else:
            raise ScenarioError(
                f"{source}: nodes[{i}].type={kind!r}: qinternet reads {ROUTER} and {STATION} "
                "nodes of a router network"
            )
    links = []
    for i, connection in enumerate(config.get("qconnections", [])):
        where = f"qconnections[{i}]"
        kind = _field(connection, "type", where, source)
        if kind != "meet_in_the_middle":
            raise ScenarioError(f"{source}: {where}.type={kind!r}: expected 'meet_in_the_middle'")
        # SeQUeNCe puts the station at distance // 2 from each router.
        arm_m = float(_number(connection, "distance", where, source) // 2)
        ends = (
            str(_field(connection, "node1", where, source)),
            str(_field(connection, "node2", where, source)),
        )
        links.append(_link(ends, (arm_m, arm_m), _number(connection, "attenuation", where, source)))
    links += _station_links(config, stations, source)
    if duration_s is None:
        if "stop_time" not in config:
            raise ScenarioError(f"{source}: stop_time: missing (or give a duration)")
        duration_s = _number(config, "stop_time", "topology", source) * PICOSECOND_S
    left_out = [
        key
        for key, what in (
            ("cconnections", "classical delays"),
            ("cchannels", "classical delays"),
            ("templates", "component templates"),
        )
        if config.get(key)
    ]
    description = f"Read from the SeQUeNCe topology {Path(source).name}."
    if left_out:
        description += f" Not carried over: {', '.join(sorted(set(left_out)))}"
        description += " (qinternet derives classical delays from the fibre)."
    data = {
        "name": name,
        "description": description,
        "seed": seed,
        "duration_s": duration_s,
        "nodes": nodes,
        "links": links,
    }
    return parse_scenario(data, source=source)


def load_sequence_topology(path: str | Path, **options: Any) -> Scenario:
    """Read a SeQUeNCe topology file (``.json``, or ``.yaml``/``.yml``) as a scenario.

    Keyword options go to :func:`scenario_from_sequence`; the name defaults to the file's.

    Raises:
        ScenarioError: if the file cannot be read or parsed, or does not convert.
    """
    file = Path(path)
    config = read_yaml(file)  # JSON is YAML: one reader, every fault worded alike
    options.setdefault("name", file.stem)
    return scenario_from_sequence(config, source=str(file), **options)
