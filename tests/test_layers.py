"""The layer contract (DESIGN.md §4), checked on every test run."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "posapp"

# layer -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "posapp",  # nothing from the project but itself (checked below)
        "PySide6",
        "sqlalchemy",
        "alembic",
        "requests",
        "httpx",
        "fastapi",
        "uvicorn",
        "psycopg",
        "cv2",
        "pyzbar",
        "numpy",
    ),
    "store": ("PySide6", "posapp.sync", "posapp.scan", "posapp.ui", "posapp.central", "requests"),
    "sync": ("PySide6", "posapp.scan", "posapp.ui", "posapp.central", "fastapi"),
    "scan": ("PySide6", "posapp.sync", "posapp.store", "posapp.ui", "posapp.central"),
    "central": ("PySide6", "posapp.ui", "posapp.scan", "posapp.sync", "posapp.store"),
    # the HTTP contract both sides share: domain words and HTTP, nothing of either side
    "wire": (
        "PySide6",
        "sqlalchemy",
        "fastapi",
        "posapp.ui",
        "posapp.scan",
        "posapp.sync",
        "posapp.store",
        "posapp.central",
    ),
    # The database kit under both store and central: SQLAlchemy, Alembic and the domain only.
    "dbkit": (
        "posapp",  # nothing from the project but itself and the domain (checked below)
        "PySide6",
        "requests",
        "httpx",
        "fastapi",
        "uvicorn",
        "psycopg",
        "cv2",
        "pyzbar",
        "numpy",
    ),
}
# Project modules a layer that forbids "posapp" as a whole may still import.
OWN_IMPORTS: dict[str, tuple[str, ...]] = {
    "domain": ("posapp.domain",),
    "dbkit": ("posapp.dbkit", "posapp.domain"),
}


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def offending(layer: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for name in imports_of(path):
            if any(_within(name, own) for own in OWN_IMPORTS.get(layer, ())):
                continue
            for prefix in FORBIDDEN[layer]:
                if _within(name, prefix):
                    bad.append(f"{path.relative_to(ROOT.parent)} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
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


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    # Guard against a checker that silently passes everything.
    f = tmp_path / "x.py"
    f.write_text("import sqlalchemy\nfrom PySide6.QtCore import QObject\n")
    assert imports_of(f) == ["sqlalchemy", "PySide6.QtCore"]


def test_the_dbkit_contract_refuses_the_parts_built_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = tmp_path / "posapp" / "dbkit"
    kit.mkdir(parents=True)
    (kit / "x.py").write_text(
        "import sqlalchemy\n"
        "from posapp.domain.code import CodeInfo\n"
        "from posapp.dbkit.sqlite import BEGIN_OPTION\n"
        "from posapp.store.db import Database\n"
        "import posapp.central.models\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path / "posapp")
    where = Path("posapp", "dbkit", "x.py")
    assert offending("dbkit") == [
        f"{where} imports posapp.store.db",
        f"{where} imports posapp.central.models",
    ]
