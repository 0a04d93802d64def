"""Package names imported on first use (PEP 562), so importing a package stays cheap.

Examples:
    >>> import types
    >>> package = types.ModuleType("demo")
    >>> getattr_, dir_ = lazy_exports(package.__dict__, {"sqrt": "math"}, ["sqrt"])
    >>> getattr_("sqrt")(9.0), "sqrt" in package.__dict__
    (3.0, True)
    >>> dir_()
    ['sqrt']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any


def lazy_exports(
    namespace: MutableMapping[str, Any], homes: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for the names in ``homes``.

    Args:
        namespace: the package's ``globals()``; a name once imported is stored there, so
            later look-ups skip ``__getattr__``.
        homes: each lazy name and the module that defines it.
        public: the package's ``__all__``.
    """
    package = namespace.get("__name__", "module")
    listed = set(public)

    def get_attribute(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def listing() -> list[str]:
        return sorted({*(key for key in namespace if not key.startswith("_")), *listed})

    return get_attribute, listing
