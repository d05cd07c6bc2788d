"""`posapp db check` names a database URL it cannot read in words, not SQLAlchemy's."""

from __future__ import annotations

import pytest

from posapp.cli import main


@pytest.mark.parametrize("url", ["nonsense", "nonsense://"])
def test_a_database_url_that_is_not_one_is_said_in_words(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--target", "central", "--db", url]) == 2
    err = capsys.readouterr().err
    assert f"{url!r} is not a database URL" in err and "postgresql+psycopg://" in err, err
    assert "SQLAlchemy" not in err and "plugin" not in err and "Traceback" not in err, err
