"""A writable cache folder for numba's compiled kernels, wherever qinternet is installed.

numba caches a compiled kernel beside its source (``__pycache__``) or in the user's cache
folder; an install that the user cannot write, with no writable home, would make every
first call of a kernel fail. Before numba is imported (by the packages that hold kernels),
:func:`ensure_numba_cache_dir` points ``NUMBA_CACHE_DIR`` at a private temporary folder
when the package's own ``__pycache__`` cannot be written. A ``NUMBA_CACHE_DIR`` the user
set is left alone.

Examples:
    >>> import os, tempfile
    >>> writable = tempfile.mkdtemp()
    >>> ensure_numba_cache_dir(os.path.join(writable, "__pycache__"), environ={})
    >>> environ = {}
    >>> folder = ensure_numba_cache_dir("/proc/no-such-package/__pycache__", environ=environ)
    >>> folder == environ["NUMBA_CACHE_DIR"] and os.path.isdir(folder)
    True
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import MutableMapping
from pathlib import Path


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def ensure_numba_cache_dir(
    package_cache: str | os.PathLike[str], *, environ: MutableMapping[str, str] | None = None
) -> str | None:
    """Set ``NUMBA_CACHE_DIR`` to a private temporary folder if ``package_cache`` (the
    kernels' ``__pycache__``) cannot be written and none is set; return the folder set."""
    environ = os.environ if environ is None else environ
    if environ.get("NUMBA_CACHE_DIR") or _writable(Path(package_cache)):
        return None
    folder = Path(tempfile.gettempdir()) / f"qinternet-numba-{os.getuid()}"
    if not _writable(folder):
        folder = Path(tempfile.mkdtemp(prefix="qinternet-numba-"))
    environ["NUMBA_CACHE_DIR"] = str(folder)
    return str(folder)
