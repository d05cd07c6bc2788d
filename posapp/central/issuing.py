"""Issuing (发券/领券): binding codes to members within the rule's limits and audience.

The limits hold under concurrency without a read-then-write: the total is a conditional
``UPDATE rules SET issued_count = issued_count + n WHERE issued_count + n <= total_issue``
and the per-member count a conditional update of the member's row in member_claims
(created first with INSERT ... ON CONFLICT DO NOTHING). On PostgreSQL the second of two
racing updates waits for the first and re-checks its WHERE on the committed row; on
SQLite writers are serialised. A refused limit rolls the whole unit back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any, cast

from fastapi import APIRouter
from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from posapp.central.auth import DB, AdminOnly, Settings
from posapp.central.changes import next_seqs
from posapp.central.codes import bump_codes, code_to_dict, generate_batch
from posapp.central.models import CodeRow, MemberClaim, RuleRow
from posapp.central.problems import Problem
from posapp.central.rules import load_rule
from posapp.central.schemas import ClaimIn, IssueIn, ProfileIn
from posapp.domain.code import CodeState
from posapp.domain.rule import AudienceKind, CampaignStatus, Rule
from posapp.domain.timeutil import utcnow

router = APIRouter(tags=["admin: issuing"])


class Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def _limit(detail: str, **params: Any) -> Refused:
    return Refused(Problem(409, "limit_reached", detail, params=params))


def check_issuable(rule: Rule, now: datetime) -> None:
    """Refuse issuing outside the campaign (status, issuing window)."""
    head = rule.head
    if head.status is not CampaignStatus.ACTIVE:
        raise Refused(
            Problem(
                409,
                "campaign_not_active",
                f"Rule {rule.id} is {head.status.value}; it issues nothing.",
            )
        )
    if head.issue_start is not None and now < head.issue_start:
        raise Refused(
            Problem(
                409,
                "campaign_not_active",
                f"Rule {rule.id} issues from {head.issue_start.isoformat()}.",
            )
        )
    if head.issue_end is not None and now >= head.issue_end:
        raise Refused(
            Problem(
                409,
                "campaign_not_active",
                f"Rule {rule.id} stopped issuing at {head.issue_end.isoformat()}.",
            )
        )


def in_audience(rule: Rule, member_id: str, profile: ProfileIn | None) -> bool:
    """Tell whether member may receive the rule's coupon (领取门槛).

    Pushed issues (no profile) are the operator's own targeting: only a named audience is
    enforced there. Claims bring the member's profile and meet every audience kind.
    """
    audience = rule.head.audience
    match audience.kind:
        case AudienceKind.ALL:
            return True
        case AudienceKind.NAMED:
            return member_id in audience.values
    if profile is None:
        return True
    match audience.kind:
        case AudienceKind.NEW_MEMBERS:
            return profile.is_new is True
        case AudienceKind.OLD_MEMBERS:
            return profile.is_new is False
        case AudienceKind.LEVELS:
            return profile.level is not None and profile.level in audience.values
        case AudienceKind.REGIONS:
            return profile.region is not None and profile.region in audience.values
    return False  # pragma: no cover


def _take_total(session: Session, rule: Rule, n: int) -> None:
    stmt = update(RuleRow).where(RuleRow.id == rule.id)
    if rule.head.total_issue is not None:
        stmt = stmt.where(RuleRow.issued_count + n <= RuleRow.total_issue)
    done = session.execute(
        stmt.values(issued_count=RuleRow.issued_count + n),
        execution_options={"synchronize_session": False},
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise _limit(
            f"Rule {rule.id} has reached its total of {rule.head.total_issue} codes.",
            total_issue=rule.head.total_issue,
        )


def _take_member(session: Session, rule: Rule, member_id: str) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(MemberClaim)
        .values(rule_id=rule.id, member_id=member_id, count=0)
        .on_conflict_do_nothing(index_elements=["rule_id", "member_id"])
    )
    stmt = update(MemberClaim).where(
        MemberClaim.rule_id == rule.id, MemberClaim.member_id == member_id
    )
    limit = rule.head.per_member_limit
    if limit is not None:
        stmt = stmt.where(MemberClaim.count < limit)
    done = session.execute(
        stmt.values(count=MemberClaim.count + 1),
        execution_options={"synchronize_session": False},
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise _limit(
            f"Member {member_id} already holds {limit} of rule {rule.id}.",
            per_member_limit=limit,
            member_id=member_id,
        )


def _free_codes(session: Session, rule: Rule, n: int, length: int) -> list[CodeRow]:
    """Lock n unissued codes of rule (skipping ones another issuer holds), making more if short."""
    rows = list(
        session.scalars(
            select(CodeRow)
            .where(CodeRow.rule_id == rule.id, CodeRow.state == CodeState.UNISSUED.value)
            .order_by(CodeRow.code)
            .limit(n)
            .with_for_update(skip_locked=True)
        )
    )
    if len(rows) < n:
        batch = generate_batch(session, rule, n - len(rows), length)
        rows += list(session.scalars(select(CodeRow).where(CodeRow.batch_id == batch.id)))
    return rows


def issue_codes(
    session: Session, rule: Rule, member_ids: Sequence[str], length: int
) -> list[dict[str, Any]]:
    """Bind one code to each member (limits checked); all or nothing."""
    now = utcnow()
    check_issuable(rule, now)
    _take_total(session, rule, len(member_ids))
    for member in sorted(member_ids):  # one lock order for every issuer: no deadlock
        _take_member(session, rule, member)
    return [code_to_dict(r) for r in _bind(session, rule, member_ids, length, now)]


def _bind(
    session: Session, rule: Rule, members: Sequence[str], length: int, now: datetime
) -> list[CodeRow]:
    """Give each member (limits already taken) a free code of rule, in members' order."""
    rows = _free_codes(session, rule, len(members), length)
    for row, member in zip(rows, members, strict=True):
        row.state = CodeState.ISSUED.value
        row.member_id = member
        row.received_at = now
    session.flush()
    bump_codes(session, [r.code for r in rows])
    return rows


def issue_group(
    session: Session, rule: Rule, members: Sequence[str], length: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Bind a code to each member that the limits allow, in one unit; return (issued, refused).

    Set-based: a handful of statements for the whole group, whatever its size. The rule row
    is locked first, and every writer of the rule's counts (claims too) updates that row
    before anything else, so while it is held the members' counts cannot move: they are read
    once, decided in order (the operator's order decides who gets the last codes of a
    total), and written back in one statement each.
    """
    now = utcnow()
    check_issuable(rule, now)
    issued_count, total = session.execute(
        select(RuleRow.issued_count, RuleRow.total_issue)
        .where(RuleRow.id == rule.id)
        .with_for_update()
    ).one()
    left = None if total is None else max(0, total - issued_count)
    held = dict(
        session.execute(
            select(MemberClaim.member_id, MemberClaim.count).where(
                MemberClaim.rule_id == rule.id, MemberClaim.member_id.in_(list(members))
            )
        ).all()
    )
    limit = rule.head.per_member_limit
    takers: list[str] = []
    refused: list[dict[str, Any]] = []
    for member in members:
        if (limit is not None and held.get(member, 0) >= limit) or left == 0:
            refused.append({"member_id": member, "code": "limit_reached"})
            continue
        takers.append(member)
        held[member] = held.get(member, 0) + 1
        left = None if left is None else left - 1
    if not takers:
        return [], refused
    session.execute(
        update(RuleRow)
        .where(RuleRow.id == rule.id)
        .values(issued_count=RuleRow.issued_count + len(takers)),
        execution_options={"synchronize_session": False},
    )
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    claims = dialect.insert(MemberClaim)
    session.execute(
        claims.on_conflict_do_update(
            index_elements=["rule_id", "member_id"], set_={"count": claims.excluded.count}
        ),
        [{"rule_id": rule.id, "member_id": m, "count": held[m]} for m in dict.fromkeys(takers)],
    )
    codes = _free_code_ids(session, rule, len(takers), length)
    _bind_codes(session, codes, takers, now)
    issued = [{"member_id": m, "code": c} for c, m in zip(codes, takers, strict=True)]
    return issued, refused


_BIND_PG = text(
    "UPDATE codes SET state = 'issued', member_id = v.m, received_at = :t, seq = v.s "
    "FROM unnest(CAST(:codes AS text[]), CAST(:members AS text[]), CAST(:seqs AS bigint[])) "
    "AS v(c, m, s) WHERE codes.code = v.c"
)


def _bind_codes(session: Session, codes: list[str], members: list[str], now: datetime) -> None:
    """Bind codes[i] to members[i], each with a new change number, in one statement."""
    first = next_seqs(session, len(codes))
    seqs = list(range(first, first + len(codes)))
    if session.get_bind().dialect.name == "postgresql":
        # One round trip for the whole group (arrays), not one UPDATE per code.
        session.execute(_BIND_PG, {"codes": codes, "members": members, "seqs": seqs, "t": now})
        return
    table = cast(Table, CodeRow.__table__)
    session.execute(
        update(table)
        .where(table.c.code == bindparam("k"))
        .values(
            state=CodeState.ISSUED.value,
            member_id=bindparam("m"),
            received_at=bindparam("t"),
            seq=bindparam("s"),
        ),
        [{"k": c, "m": m, "t": now, "s": q} for c, m, q in zip(codes, members, seqs, strict=True)],
    )


def _free_code_ids(session: Session, rule: Rule, n: int, length: int) -> list[str]:
    """Lock n unissued codes of rule (skipping ones another issuer holds), making more if short."""
    codes = list(
        session.scalars(
            select(CodeRow.code)
            .where(CodeRow.rule_id == rule.id, CodeRow.state == CodeState.UNISSUED.value)
            .order_by(CodeRow.code)
            .limit(n)
            .with_for_update(skip_locked=True)
        )
    )
    if len(codes) < n:
        batch = generate_batch(session, rule, n - len(codes), length)
        codes += list(session.scalars(select(CodeRow.code).where(CodeRow.batch_id == batch.id)))
    return codes


ISSUE_GROUP = 5000  # members per transaction: a few statements and one commit per group


@router.post("/v1/issues", summary="Bind codes of a rule to members (bulk)")
def issue(body: IssueIn, db: DB, settings: Settings, _: AdminOnly) -> dict[str, Any]:
    issued: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    with db.read() as s:
        rule = load_rule(s, body.rule_id)
    try:
        check_issuable(rule, utcnow())
    except Refused as r:
        raise r.problem from None
    wanted = []
    for member in dict.fromkeys(body.member_ids):  # keep order, drop repeats
        if in_audience(rule, member, None):
            wanted.append(member)
        else:
            refused.append({"member_id": member, "code": "not_in_audience"})
    for i in range(0, len(wanted), ISSUE_GROUP):
        group = wanted[i : i + ISSUE_GROUP]
        try:
            got, not_got = db.transact(
                partial(issue_group, rule=rule, members=group, length=settings.code_length)
            )
        except Refused as r:  # the campaign ended while issuing: refuse the rest alike
            refused += [{"member_id": m, "code": r.problem.code} for m in wanted[i:]]
            break
        issued += got
        refused += not_got
    return {"issued": issued, "refused": refused}


@router.post("/v1/claims", status_code=201, summary="A member claims a code (领券)")
def claim(body: ClaimIn, db: DB, settings: Settings, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        rule = load_rule(s, body.rule_id)
    if not in_audience(rule, body.member_id, body.profile or ProfileIn()):
        raise Problem(
            403, "not_in_audience", f"Member {body.member_id} may not claim rule {rule.id}."
        )
    try:
        rows = db.transact(lambda s: issue_codes(s, rule, [body.member_id], settings.code_length))
    except Refused as r:
        raise r.problem from None
    return rows[0]
