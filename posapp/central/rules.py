"""Coupon rules: stored in the domain's one wire form (`rule_to_dict`), versioned on change."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from posapp.central.auth import DB, AdminOnly
from posapp.central.changes import next_seqs
from posapp.central.models import RuleRow, RuleVersion
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id, RuleIn
from posapp.domain.kinds import CouponKind
from posapp.domain.rule import Rule, rule_from_dict, rule_to_dict
from posapp.domain.scope import Acceptor, AcceptorKind
from posapp.domain.timeutil import utcnow

router = APIRouter(tags=["admin: rules"])


def visible_to(rule: Rule, acceptor: Acceptor) -> bool:
    """Tell whether a till of acceptor may see the rule: a merchant, only gifts naming it."""
    if acceptor.kind is AcceptorKind.MERCHANT and rule.kind is not CouponKind.GIFT:
        return False
    return rule.head.stores.accepts(acceptor)


_parsed: dict[tuple[str, int], Rule] = {}


def parse_rule(rule_id: str, version: int, data: dict[str, Any]) -> Rule:
    """Return the domain rule of a stored row, parsed once per version."""
    key = (rule_id, version)
    rule = _parsed.get(key)
    if rule is None:
        if len(_parsed) > 10_000:
            _parsed.clear()
        rule = _parsed[key] = rule_from_dict(data)
    return rule


def load_rule(session: Session, rule_id: str) -> Rule:
    row = session.get(RuleRow, rule_id)
    if row is None:
        raise not_found("rule", rule_id)
    return parse_rule(row.id, row.version, row.data)


def all_rules(session: Session) -> list[Rule]:
    return [rule_from_dict(r.data) for r in session.scalars(select(RuleRow).order_by(RuleRow.id))]


def _build(body: RuleIn, rule_id: str, version: int) -> Rule:
    try:
        return rule_from_dict(body.to_rule_dict(rule_id, version))
    except ValueError as e:
        raise Problem(422, "validation_error", str(e)) from None


def _rule_out(row: RuleRow) -> dict[str, Any]:
    return dict(row.data) | {"issued_count": row.issued_count}


@router.post("/v1/rules", status_code=201, summary="Create a rule (id optional)")
def create_rule(body: RuleIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    rule = _build(body, body.id or "R-" + uuid.uuid4().hex[:10], 1)
    now = utcnow()
    try:
        with db.write() as s:
            row = RuleRow(
                id=rule.id,
                name=rule.head.name,
                kind=rule.kind.value,
                data=rule_to_dict(rule),
                version=1,
                total_issue=rule.head.total_issue,
                issued_count=0,
                created_at=now,
                updated_at=now,
                seq=0,
            )
            s.add(row)
            s.add(RuleVersion(rule_id=rule.id, version=1, data=row.data, published_at=now))
            s.flush()
            row.seq = next_seqs(s)
            return _rule_out(row)
    except IntegrityError:
        raise Problem(409, "already_exists", f"A rule with id {rule.id!r} exists.") from None


@router.get("/v1/rules", summary="List rules")
def list_rules(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [_rule_out(r) for r in s.scalars(select(RuleRow).order_by(RuleRow.id))]


@router.get("/v1/rules/{rule_id}", summary="Read a rule")
def get_rule(rule_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        row = s.get(RuleRow, rule_id)
        if row is None:
            raise not_found("rule", rule_id)
        return _rule_out(row)


@router.put(
    "/v1/rules/{rule_id}",
    summary="Change a rule: bumps its version; codes already redeemed keep what they got",
)
def update_rule(rule_id: Id, body: RuleIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    if body.id is not None and body.id != rule_id:
        raise Problem(422, "validation_error", "The id in the body differs from the path.")
    with db.write() as s:
        row = s.get(RuleRow, rule_id, with_for_update=True)
        if row is None:
            raise not_found("rule", rule_id)
        if body.kind != row.kind:
            raise Problem(422, "validation_error", "A rule's kind cannot change; make a new rule.")
        rule = _build(body, rule_id, row.version + 1)
        if rule.head.total_issue is not None and rule.head.total_issue < row.issued_count:
            raise Problem(
                422,
                "validation_error",
                f"total_issue cannot go below the {row.issued_count} codes already issued.",
            )
        now = utcnow()
        s.execute(
            update(RuleVersion)
            .where(RuleVersion.rule_id == rule_id, RuleVersion.version == row.version)
            .values(superseded_at=now)
        )
        row.name = rule.head.name
        row.data = rule_to_dict(rule)
        row.version = rule.head.version
        row.total_issue = rule.head.total_issue
        row.updated_at = now
        s.add(RuleVersion(rule_id=rule_id, version=row.version, data=row.data, published_at=now))
        s.flush()
        row.seq = next_seqs(s)
        return _rule_out(row)
