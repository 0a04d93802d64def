"""What the command line imports: each command loads only what it uses (checked in a fresh
interpreter through ``sys.modules``, never by timing)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "barrett_kok_link.yaml"
HEAVY = ("numpy", "scipy", "simpy", "pydantic", "numba", "matplotlib", "pandas", "dask", "networkx")


def modules_after(argv: list[str]) -> set[str]:
    """The top-level and ``qinternet.cli`` modules loaded by running ``qinternet ARGV``."""
    script = (
        "import contextlib, io, json, sys\n"
        "from qinternet.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_imports_no_numerical_library_and_no_command() -> None:
    loaded = modules_after(["--help"])
    assert sorted(name for name in HEAVY if name in loaded) == []
    assert sorted(name for name in loaded if name.startswith("qinternet.cli.")) == [
        "qinternet.cli.main"
    ]


def test_version_imports_no_numerical_library() -> None:
    loaded = modules_after(["--version"])
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_validate_loads_the_schema_but_no_plotting_sweeps_or_kernels() -> None:
    loaded = modules_after(["validate", str(EXAMPLE)])
    assert "pydantic" in loaded  # it does validate
    for unused in ("matplotlib", "pandas", "dask", "numba", "scipy.stats", "scipy.optimize"):
        assert unused not in loaded, unused
    assert "qinternet.cli.run" not in loaded


def test_validate_of_a_link_loads_no_chain_routing_or_run_module() -> None:
    loaded = modules_after(["validate", str(EXAMPLE)])
    assert "qinternet.network.build" in loaded  # it does build the link
    unused = [
        "networkx",
        "scipy",
        "rich",
        "stim",
        "difflib",  # "did you mean" loads it for a mistake
        "qinternet.network.requests",
        "qinternet.network.routing",
        "qinternet.network.run",
        "qinternet.network.ghz",
        "qinternet.network.sequence_json",
        "qinternet.sim.chain",
        "qinternet.sim.repeater",
        "qinternet.sim.requests",
        "qinternet.sim.ghz",
        "qinternet.sim.delivery_process",
    ]
    assert [name for name in unused if name in loaded] == []


def test_validate_of_a_link_builds_its_configuration_without_the_processes() -> None:
    loaded = modules_after(["validate", str(EXAMPLE)])
    assert "qinternet.sim.link_process" in loaded  # the link's configuration is built
    unused = [
        "simpy",
        "qinternet.sim.storage",
        "qinternet.sim.slots",
        "qinternet.sim.running",
        "qinternet.sim.monitor",
        "qinternet.physics.maps",
        "qinternet.physics.applications",
    ]
    assert [name for name in unused if name in loaded] == []


def test_validate_of_a_link_loads_the_physics_of_its_scheme_alone() -> None:
    loaded = modules_after(["validate", str(EXAMPLE)])
    assert "qinternet.physics.links.barrett_kok" in loaded  # the link's scheme is evaluated
    schemes = sorted(name for name in loaded if name.startswith("qinternet.network.schemes."))
    # multimode: the temporal modes every station-heralded scheme takes (one here)
    assert schemes == [
        "qinternet.network.schemes.barrett_kok",
        "qinternet.network.schemes.multimode",
        "qinternet.network.schemes.registry",
    ]
    links = sorted(name for name in loaded if name.startswith("qinternet.physics.links."))
    assert links == [
        "qinternet.physics.links._heralding",
        "qinternet.physics.links._types",
        "qinternet.physics.links.barrett_kok",
        "qinternet.physics.links.multiplexing",
    ]
    unused = [
        "qinternet.physics.devices.transfer",
        "qinternet.physics.devices.free_space",
        "qinternet.physics.devices.orbit",
        "qinternet.physics.devices.phase_noise",
        "qinternet.physics.devices.photon_modes",
        "qinternet.physics.devices.transducer",
        "qinternet.physics.devices.node_operations",
        "qinternet.physics.devices.presets",  # its nodes name no preset
    ]
    assert [name for name in unused if name in loaded] == []


def test_a_scheme_registered_by_its_module_loads_when_first_named() -> None:
    script = (
        "import json, sys\n"
        "from qinternet.core.errors import InvalidParameterError\n"
        "from qinternet.network.schemes import SchemeSpec, build_scheme, register_scheme\n"
        "from qinternet.network.schemes import validate_scheme\n"
        "home = 'qinternet.network.schemes.dlcz'\n"
        "before = home in sys.modules\n"
        "try:\n"
        "    register_scheme('dlcz', SchemeSpec, build_scheme)\n"
        "except InvalidParameterError as error:\n"
        "    refusal = str(error)\n"
        "spec = validate_scheme({'kind': 'dlcz', 'visibility': 0.5})\n"
        "print(json.dumps([before, home in sys.modules, type(spec).__name__, spec.visibility,\n"
        "                  refusal]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == [
        False,
        True,
        "DlczScheme",
        0.5,
        "kind='dlcz': is registered already (by DlczScheme); unregister_scheme('dlcz') first",
    ]


RUN_LINK = ["run", str(EXAMPLE), "--duration-s", "0.01"]
NOT_FOR_A_LINK = [
    "networkx",
    "scipy",
    "numba",
    "dask",
    "matplotlib",
    "pandas",
    "stim",
    "qinternet.network.ghz",
    "qinternet.network.graph",
    "qinternet.network.requests",
    "qinternet.network.routing",
    "qinternet.sim.chain",
    "qinternet.sim.repeater",
    "qinternet.sim.requests",
    "qinternet.sim.ghz",
    "qinternet.physics.maps.fusion",
    "qinternet.physics.maps.graph_state",
    "qinternet.physics.maps.purification",
    "qinternet.physics.applications.distributed",
    "qinternet.physics.applications.telescope",
    "qinternet.physics.applications.tomography",
]
"""What a link-layer run without an application never uses."""


def test_run_of_a_link_as_json_loads_no_graph_chain_or_table_library() -> None:
    loaded = modules_after([*RUN_LINK, "--json"])
    assert {"qinternet.sim.link_batch", "qinternet.network.results"} <= loaded
    # The link layer on its own takes the batch route: no event queue, so no SimPy.
    not_used = [*NOT_FOR_A_LINK, "rich", "simpy", "qinternet.sim.link_events"]
    assert [name for name in not_used if name in loaded] == []


def test_run_of_a_link_loads_rich_only_to_print_its_table() -> None:
    loaded = modules_after(RUN_LINK)
    assert {"rich.table", "rich.console"} <= loaded  # the table is printed
    assert "rich.progress" not in loaded  # no progress bar off a terminal
    assert [name for name in NOT_FOR_A_LINK if name in loaded] == []


def test_only_the_program_leaves_its_objects_to_the_operating_system_at_exit() -> None:
    # As the program (argv from sys.argv), main freezes the collector's objects, so the
    # interpreter's shutdown does not search them; called with argv (a test, a library
    # user) it leaves the collector alone.
    script = (
        "import contextlib, gc, io, json, sys\n"
        "from qinternet.cli.main import main\n"
        f"sys.argv = ['qinternet', 'validate', {str(EXAMPLE)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    given = main(sys.argv[1:])\n"
        "    frozen_given, collecting = gc.get_freeze_count(), gc.isenabled()\n"
        "    program = main()\n"
        "print(json.dumps([given, frozen_given, collecting, program, gc.get_freeze_count() > 0,\n"
        "                  gc.isenabled()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    # The collector pauses while a command's modules load, and runs again after.
    assert json.loads(done.stdout) == [0, 0, True, 0, True, True]


def _plugins_scanned(environment: dict[str, str]) -> bool:
    """Whether pydantic searched the installed packages for its plugins while
    ``qinternet validate`` ran with ``environment``."""
    script = (
        "import contextlib, io, sys\n"
        "from qinternet.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(EXAMPLE)!r}])\n"
        "loader = sys.modules.get('pydantic.plugin._loader')\n"
        "print(loader is not None and loader._plugins is not None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    )
    return done.stdout.strip() == "True"


def test_pydantic_plugins_are_searched_only_when_the_user_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert not _plugins_scanned(dict(os.environ))
    # A user's own setting (here: every plugin but one) is kept, and the search happens.
    assert _plugins_scanned({**os.environ, "PYDANTIC_DISABLE_PLUGINS": "some_plugin"})


LAZY_PACKAGES = sorted(
    ".".join(("qinternet", *init.parent.relative_to(ROOT / "src" / "qinternet").parts))
    for init in (ROOT / "src" / "qinternet").rglob("__init__.py")
    if "lazy_exports(globals()" in init.read_text(encoding="utf-8")
)


def test_the_lazy_packages_are_found() -> None:
    assert {"qinternet", "qinternet.physics.maps", "qinternet.physics.applications"} <= set(
        LAZY_PACKAGES
    )


@pytest.mark.parametrize("package_name", LAZY_PACKAGES)
def test_every_lazy_name_is_public_and_is_its_home_module_s_object(package_name: str) -> None:
    package = importlib.import_module(package_name)
    homes: dict[str, str] = package._HOMES
    assert set(homes) <= set(package.__all__)
    for name in package.__all__:
        value = getattr(package, name)
        if name in homes:
            assert value is getattr(importlib.import_module(homes[name]), name), name


@pytest.mark.parametrize("command", ["presets", "demo"])
def test_a_command_imports_only_its_own_module(command: str) -> None:
    loaded = modules_after([command, "--help"])
    commands = {name for name in loaded if name.startswith("qinternet.cli.")}
    assert commands == {"qinternet.cli.main", f"qinternet.cli.{command}"}


def test_a_reader_that_goes_away_gets_no_traceback() -> None:
    # The pipe is closed before the command writes: its first write finds no reader.
    process = subprocess.Popen(
        [sys.executable, "-m", "qinternet.cli", "presets"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    with process.stderr:
        error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert error == ""
