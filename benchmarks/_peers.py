"""Finding or building the Python environments of the peers measured in the same run.

A peer runs when an environment variable names a Python that has it, or, with
``QINTERNET_BUILD_PEERS=1``, from a virtual environment built under
``benchmarks/.peers/`` with ``pip install`` (kept for later runs). Otherwise, or when
the build or the import check fails, the benchmark prints why the peer is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PEERS_FOLDER = Path(__file__).resolve().parent / ".peers"
BUILD_VARIABLE = "QINTERNET_BUILD_PEERS"


@dataclass(frozen=True)
class PeerPython:
    """A Python that can run a peer, or the reason why there is none."""

    python: str | None
    where: str
    versions: str = ""

    def missing(self, peer: str) -> str:
        """The ``"<peer>: not run (<reason>)"`` text of a benchmark line."""
        return f"{peer}: not run ({self.where})"


def _versions(python: str, probe: str) -> tuple[bool, str]:
    try:
        done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    except OSError as error:
        return False, str(error)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return False, last
    return True, done.stdout.strip()


def peer_python(
    variable: str, folder_name: str, requirements: tuple[str, ...], probe: str
) -> PeerPython:
    """The Python named by ``variable``, or one built in ``.peers/folder_name``.

    ``probe`` is code run with that Python that imports the peer and prints its versions;
    a Python on which it fails is reported as missing with the error's last line.
    """
    given = os.environ.get(variable)
    if given:
        works, versions = _versions(given, probe)
        if not works:
            return PeerPython(None, f"{variable}={given}: {versions}")
        return PeerPython(given, variable, versions)
    if os.environ.get(BUILD_VARIABLE) != "1":
        return PeerPython(None, f"set {variable} or {BUILD_VARIABLE}=1")
    folder = PEERS_FOLDER / folder_name
    python = folder / "bin" / "python"
    if not (python.exists() and _versions(str(python), probe)[0]):
        try:
            if not python.exists():
                subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", *requirements],
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as error:
            last = (str(error.stderr or "").strip().splitlines() or [str(error)])[-1]
            return PeerPython(None, f"building {folder} failed: {last}")
    works, versions = _versions(str(python), probe)
    if not works:
        return PeerPython(None, f"{folder}: {versions}")
    return PeerPython(str(python), str(folder), versions)
