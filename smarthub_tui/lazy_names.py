"""A package's names imported at their first use (PEP 562's module `__getattr__`), shared by `steps` and `widgets`.

Why: the full-screen start imports only what the welcome shows before it
takes keys (docs/architecture.md §2, "Startup paints first"); a package
that re-exports its modules' names would import every module with it.
Textual-free.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, names: dict[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: each of `names` (name -> module of the package) imported at its first lookup.

    The value is then put in `namespace` (the package's globals), so the next
    lookup finds it without coming here.
    """

    def module_getattr(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return module_getattr
