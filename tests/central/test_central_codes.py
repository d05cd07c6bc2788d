"""Code generation: the unique constraint decides, collisions are drawn again."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from posapp.central import codes as codes_module
from posapp.central.db import Database
from posapp.central.migrate import upgrade
from posapp.central.models import CodeRow, RuleRow
from posapp.domain.codes import generate_code, is_valid_code
from posapp.domain.rule import rule_from_dict, rule_to_dict
from posapp.domain.timeutil import utcnow

RULE = rule_from_dict(
    {
        "id": "R",
        "name": "x",
        "kind": "reduction",
        "face_value": {"min_cents": 1, "max_cents": 9},
        "body": {},
    }
)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    upgrade(database.engine)
    now = utcnow()
    with database.write() as s:
        s.add(
            RuleRow(
                id="R",
                name="x",
                kind="reduction",
                data=rule_to_dict(RULE),
                version=1,
                total_issue=None,
                issued_count=0,
                seq=0,
                created_at=now,
                updated_at=now,
            )
        )
    yield database
    database.close()


def test_collisions_with_existing_codes_are_drawn_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.write() as s:
        codes_module.generate_batch(s, RULE, 50, 12)
    with db.read() as s:
        existing = list(s.scalars(select(CodeRow.code)))
    # Every other drawn code is one that exists already.
    fresh = (generate_code() for _ in itertools.count())
    drawn = itertools.chain.from_iterable(zip(itertools.cycle(existing), fresh))
    monkeypatch.setattr(codes_module, "generate_code", lambda length: next(drawn))
    with db.write() as s:
        batch = codes_module.generate_batch(s, RULE, 40, 12)
    with db.read() as s:
        made = list(s.scalars(select(CodeRow).where(CodeRow.batch_id == batch.id)))
        total = s.scalar(select(func.count()).select_from(CodeRow))
        seqs = list(s.scalars(select(CodeRow.seq)))
    assert len(made) == 40 and total == 90
    assert not {c.code for c in made} & set(existing)
    assert all(is_valid_code(c.code) and 1 <= c.face_value_cents <= 9 for c in made)
    assert len(set(seqs)) == 90  # every row its own change number


def test_listing_codes_pages_without_overlap(world: Any) -> None:
    """The code list (券码列表) pages by code; a page never repeats the previous one."""
    first = world.admin.ok("get", "/v1/codes?limit=3")
    assert len(first["items"]) == 3 and first["next"] == first["items"][-1]["code"]
    more = world.admin.ok("get", f"/v1/codes?limit=3&after={first['next']}")
    assert len(more["items"]) == 3
    assert not {c["code"] for c in first["items"]} & {c["code"] for c in more["items"]}
