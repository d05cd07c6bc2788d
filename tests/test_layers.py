"""The layer contract (DESIGN.md §4), checked on every test run.

Every part of posapp (each package, each top-level module) has a rule: which parts of posapp it
may import, and which packages besides the standard library. And no module imports itself back
through others: there is no import cycle anywhere in posapp.

Imports are read from the AST of every module, including imports inside functions and under
TYPE_CHECKING: an import the code only makes later, or only for its types, is still an arrow.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "posapp"


@dataclass(frozen=True)
class Rule:
    """What one part may import. `project`: posapp modules, each with everything under it;
    "posapp" alone means the root package itself (its version), not everything in it.
    `packages`: distributions besides the standard library, by top-level name."""

    project: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()


# The till service and the types it hands out: all the GUI may see of the sync layer. It never
# touches the engine, the HTTP client or the outbox, nor the store below them.
TILL_SERVICE = (
    "posapp.sync.service",
    "posapp.sync.results",
    "posapp.sync.tally",
    "posapp.sync.day_book",
    "posapp.sync.changes",
    "posapp.sync.orders",
    "posapp.sync.member_coupons",
    "posapp.sync.catalogue",
)

RULES: dict[str, Rule] = {
    # packages: the layers, arrows pointing down
    "domain": Rule(("posapp.domain",), ("cryptography",)),
    "store": Rule(
        ("posapp", "posapp.store", "posapp.domain", "posapp.dbkit", "posapp.wire"),
        ("sqlalchemy", "alembic"),
    ),
    # the HTTP contract both sides share: domain words, pydantic models and one HTTP client
    "wire": Rule(("posapp", "posapp.wire", "posapp.domain"), ("pydantic", "requests", "urllib3")),
    # the database kit under both store and central: SQLAlchemy, Alembic and the domain only
    "dbkit": Rule(("posapp.dbkit", "posapp.domain"), ("sqlalchemy", "alembic")),
    "sync": Rule(
        (
            "posapp",
            "posapp.sync",
            "posapp.store",
            "posapp.domain",
            "posapp.wire",
            "posapp.settings",
            "posapp.logs",
        ),
        ("requests", "sqlalchemy", "pydantic"),
    ),
    # the store's POS endpoint: stdlib HTTP over the till service, with the API's strict models
    "pos": Rule(
        (
            "posapp.pos",
            "posapp.domain",
            "posapp.wire.fields",
            "posapp.wire.redemption",
            *TILL_SERVICE,
            "posapp.settings",
        ),
        ("pydantic",),
    ),
    "scan": Rule(("posapp.scan", "posapp.domain"), ("cv2", "numpy", "pyzbar", "segno")),
    "central": Rule(
        (
            "posapp",
            "posapp.central",
            "posapp.domain",
            "posapp.dbkit",
            "posapp.wire",
            "posapp.settings",
            "posapp.logs",
        ),
        ("fastapi", "starlette", "pydantic", "uvicorn", "sqlalchemy", "alembic", "requests"),
    ),
    "ui": Rule(
        (
            "posapp",
            "posapp.ui",
            "posapp.domain",
            "posapp.scan",
            *TILL_SERVICE,
            "posapp.settings",
            "posapp.resources",
            "posapp.logs",
            "posapp.diagnostics",
            "posapp.install_checks",
            "posapp.pos",
        ),
        ("PySide6", "shiboken6", "numpy", "cv2", "segno"),
    ),
    # top-level modules
    "__init__": Rule(),  # the version only
    "__main__": Rule(("posapp.cli",)),
    # cli also imports each part's own cli module by name (COMMAND_MODULES), never at import time
    "cli": Rule(("posapp",)),
    # `posapp db check|revision`: the till's migrations, the service's when it is installed
    "db_cli": Rule(
        ("posapp", "posapp.dbkit", "posapp.store", "posapp.central"), ("sqlalchemy", "alembic")
    ),
    "settings": Rule((), ("platformdirs",)),
    "logs": Rule(),
    "resources": Rule(),
    "diagnostics": Rule(("posapp", "posapp.logs", "posapp.settings", "posapp.sync.results")),
    "install_checks": Rule(
        (
            "posapp",
            "posapp.resources",
            "posapp.settings",
            "posapp.scan",
            "posapp.store",
            "posapp.sync.service",
        )
    ),
    # the one module outside posapp/central that may import it: it runs the service in-process
    "demo": Rule(("posapp.central", "posapp.settings", "posapp.sync", "posapp.ui")),
}

# Single modules allowed one more import than their part, and why.
EXTRA: dict[str, tuple[str, ...]] = {
    "posapp/ui/screenshots.py": ("posapp.demo",),  # a developer tool that drives the demo world
}

# Import cycles that exist today and are being removed; nothing may be added here. The till
# service starts its sync worker, and the worker is handed the service (for its type). Whoever
# breaks that cycle (the split of service.py) empties this set: the test then insists on it.
KNOWN_CYCLES: set[frozenset[str]] = set()


# --- reading imports ----------------------------------------------------------------------------


def imports_of(path: Path) -> list[str]:
    """The absolute module names path imports, as written (`from a.b import c` gives a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules_under(root: Path) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def resolved_imports(path: Path, root: Path, modules: dict[str, Path]) -> list[str]:
    """Every import of path, with `from pkg import mod` and relative imports resolved to the
    module they load when that is one of ours."""
    me = module_name(path, root)
    package = me.split(".") if path.name == "__init__.py" else me.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.append(sub if sub in modules else source)
    return found


def part_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def allowed(name: str, rule: Rule, extra: tuple[str, ...] = (), project: str = "posapp") -> bool:
    top = name.split(".")[0]
    if top in sys.stdlib_module_names or top == "__future__":
        return True
    if top != project:
        return top in rule.packages
    for entry in (*rule.project, *extra):
        if name == entry or ("." in entry and name.startswith(entry + ".")):
            return True
    return False


def offending(part: str, root: Path = ROOT, rules: dict[str, Rule] = RULES) -> list[str]:
    modules = modules_under(root)
    bad = []
    for path in modules.values():
        if part_of(path, root) != part:
            continue
        rel = path.relative_to(root.parent).as_posix()
        for name in resolved_imports(path, root, modules):
            if not allowed(name, rules[part], EXTRA.get(rel, ()), root.name):
                bad.append(f"{rel} imports {name}")
    return bad


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (not the parents it loads too)."""
    modules = modules_under(root)
    return {
        name: {m for m in resolved_imports(path, root, modules) if m in modules and m != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


# --- the contract -------------------------------------------------------------------------------


def test_every_part_has_a_rule() -> None:
    parts = {part_of(p, ROOT) for p in ROOT.rglob("*.py")}
    assert parts == set(RULES), "give each new package or top-level module its rule"


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_only_downwards(layer: str) -> None:
    assert offending(layer) == []


def test_qt_only_under_ui() -> None:
    bad = [
        f"{p.relative_to(ROOT.parent)}"
        for p in ROOT.rglob("*.py")
        if "ui" not in p.relative_to(ROOT).parts[:1]
        and any(n == "PySide6" or n.startswith("PySide6.") for n in imports_of(p))
    ]
    assert bad == []


def test_the_gui_reaches_data_only_through_the_till_service() -> None:
    # Said by the ui rule already; spelt out because it is the rule most tempting to bend.
    forbidden = ("posapp.store", "posapp.central", "sqlalchemy", "requests", "fastapi", "httpx")
    bad = [
        f"{p.relative_to(ROOT.parent)} imports {n}"
        for p in (ROOT / "ui").rglob("*.py")
        for n in imports_of(p)
        if any(n == f or n.startswith(f + ".") for f in forbidden)
    ]
    assert bad == []


def test_only_central_and_the_demo_import_the_central_service() -> None:
    # (and `posapp db`, which checks the service's migrations when posapp.central is there)
    bad = [
        f"{p.relative_to(ROOT.parent)}"
        for p in ROOT.rglob("*.py")
        if part_of(p, ROOT) not in ("central", "demo", "db_cli")
        and any(n == "posapp.central" or n.startswith("posapp.central.") for n in imports_of(p))
    ]
    assert bad == []


def test_there_is_no_import_cycle() -> None:
    found = cycles(import_graph(ROOT))
    assert found - KNOWN_CYCLES == set(), "a new import cycle"
    assert KNOWN_CYCLES - found == set(), "a known cycle is gone: empty KNOWN_CYCLES"


# --- the checker itself -------------------------------------------------------------------------


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    # Guard against a checker that silently passes everything.
    f = tmp_path / "x.py"
    f.write_text("import sqlalchemy\nfrom PySide6.QtCore import QObject\n")
    assert imports_of(f) == ["sqlalchemy", "PySide6.QtCore"]
    pkg = _package(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/rules.py": "import json\n\ndef late():\n    import sqlalchemy\n",
            "high/__init__.py": "",
            "high/view.py": "from pkg.low import rules\n",
        },
    )
    rules = {"low": Rule(("pkg.low",)), "high": Rule(("pkg.high", "pkg.low"))}
    assert offending("low", pkg, rules) == ["pkg/low/rules.py imports sqlalchemy"]
    assert offending("high", pkg, rules) == []
    upward = {**rules, "high": Rule(("pkg.high",))}
    assert offending("high", pkg, upward) == ["pkg/high/view.py imports pkg.low.rules"]


def test_the_checker_sees_a_cycle(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {
            "a.py": "def later():\n    from pkg import b\n",  # inside a function
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n",
            "c.py": "import pkg.a\n",
            "d.py": "from pkg import a\n",  # imports into the cycle, is not part of it
        },
    )
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.c"}
    assert cycles(graph) == {frozenset({"pkg.a", "pkg.b", "pkg.c"})}
    (pkg / "c.py").write_text("import json\n")
    assert cycles(import_graph(pkg)) == set()


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
