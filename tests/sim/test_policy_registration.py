"""Both swap policies are registered once ``qinternet.sim.chain`` is imported on its own
(the package exports its names on first use, so nothing else need load the policies)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_importing_the_chain_module_alone_registers_every_policy() -> None:
    script = (
        "import json\n"
        "from qinternet.sim.chain import ChainShell\n"
        "print(json.dumps({p.value: c.__name__ for p, c in ChainShell.policies.items()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == {"nested": "RepeaterChain", "asap": "AsapChain"}
