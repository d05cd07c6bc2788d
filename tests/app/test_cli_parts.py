"""`posapp --version` from the package metadata; a part left out of a build is skipped."""

from __future__ import annotations

import sys

import pytest

from posapp import __version__
from posapp.cli import build_parser, main


def test_version_comes_from_the_package_metadata(capsys) -> None:
    from importlib.metadata import version

    assert __version__ == version("posapp")
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"posapp {__version__}"


def test_a_part_missing_from_the_bundle_is_skipped(monkeypatch) -> None:
    # What the till bundle looks like: no posapp.central and no posapp.demo at all.
    for name in [m for m in sys.modules if m.startswith(("posapp.central", "posapp.demo"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "posapp.central", None)
    monkeypatch.setitem(sys.modules, "posapp.demo", None)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"app", "selfcheck", "till", "decode"} <= set(commands)
    assert not {"server", "admin", "demo"} & set(commands)


def test_a_real_missing_dependency_is_not_hidden(monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "posapp.ui.cli", raising=False)
    monkeypatch.setitem(sys.modules, "posapp.ui.selfcheck_dependency", None)

    def broken(name: str):
        raise ModuleNotFoundError("No module named 'PySide6'", name="PySide6")

    import importlib

    real = importlib.import_module
    monkeypatch.setattr(
        importlib, "import_module", lambda n: broken(n) if n == "posapp.ui.cli" else real(n)
    )
    with pytest.raises(ModuleNotFoundError):
        build_parser()
