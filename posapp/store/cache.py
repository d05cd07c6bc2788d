"""The cached copy of what the service lets this till accept: rules, codes, users, keys.

Writes come from the sync feed (items already read by posapp.wire.feed) as bulk upserts;
reads turn rows back into domain objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.rule import Rule, rule_from_dict
from posapp.domain.timeutil import to_iso
from posapp.store.models import CodeRow, KeyRow, ProductRow, RuleRow, UserRow
from posapp.wire.feed import CodeData, KeyData, ProductData, RuleWithdrawnData, UserData


def _upsert(
    session: Session, model: Any, rows: Sequence[dict[str, Any]], key: str, generation: int
) -> None:
    if not rows:
        return
    rows = [{**r, "generation": generation} for r in rows]
    table = model.__table__
    stmt = insert(table)
    update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    # Core, not the ORM's bulk path: a sync page of 5,000 codes is one executemany.
    session.connection().execute(
        stmt.on_conflict_do_update(index_elements=[key], set_=update), list(rows)
    )


# rules -------------------------------------------------------------------------------------


def rule_row(data: dict[str, Any], now: datetime) -> dict[str, Any]:
    rule = rule_from_dict(data)  # refuse what we could not read back later
    return {
        "id": rule.id,
        "kind": rule.kind.value,
        "name": rule.head.name,
        "version": rule.head.version,
        "data": data,
        "synced_at": now,
        "withdrawn": None,  # sent again: the till may accept it once more
    }


def upsert_rules(
    session: Session, rules: Iterable[dict[str, Any]], now: datetime, generation: int = 0
) -> None:
    _upsert(session, RuleRow, [rule_row(d, now) for d in rules], "id", generation)


def withdraw_rules(session: Session, gone: Iterable[RuleWithdrawnData], now: datetime) -> None:
    """Mark rules whose scope no longer covers this till; rules it never had are ignored."""
    for item in gone:
        row = session.get(RuleRow, item.id)
        if row is None:
            continue
        row.withdrawn = {"at": to_iso(now), "stores": item.stores}
        row.synced_at = now


def withdrawal(session: Session, rule_id: str) -> dict[str, Any] | None:
    """The withdrawal note of a cached rule, or None while this till may accept it."""
    row = session.get(RuleRow, rule_id)
    return None if row is None else row.withdrawn


_PARSED: dict[tuple[str, int], Rule] = {}


def get_rule(session: Session, rule_id: str) -> Rule | None:
    row = session.get(RuleRow, rule_id)
    if row is None:
        return None
    # Parsed once per (id, version): a change on the service always bumps the version.
    key = (row.id, row.version)
    rule = _PARSED.get(key)
    if rule is None:
        if len(_PARSED) > 4096:
            _PARSED.clear()
        rule = _PARSED[key] = rule_from_dict(row.data)
    return rule


# codes -------------------------------------------------------------------------------------


def code_row(d: CodeData) -> dict[str, Any]:
    redeemed = d.redeemed
    return {
        "code": d.code,
        "rule_id": d.rule_id,
        "batch_id": d.batch_id,
        "state": d.state,
        "face_value_cents": d.face_value_cents,
        "member_id": d.member_id,
        "received_at": d.received_at,
        "order_no": d.order_no,
        "redeemed_at": redeemed.at if redeemed else None,
        "redeemed_store": (redeemed.store_name or "") if redeemed else None,
        "redeemed_till": (redeemed.till_id or "") if redeemed else None,
    }


def upsert_codes(session: Session, codes: Iterable[CodeData], generation: int = 0) -> None:
    _upsert(session, CodeRow, [code_row(d) for d in codes], "code", generation)


def set_code_state(session: Session, code: str, state: CodeState) -> None:
    row = session.get(CodeRow, code)
    if row is not None:
        row.state = state.value


def get_code(session: Session, code: str) -> CodeInfo | None:
    row = session.get(CodeRow, code)
    return None if row is None else CodeInfo.from_row(row)


def codes_of_order(session: Session, order_no: str) -> list[CodeInfo]:
    rows = session.scalars(select(CodeRow).where(CodeRow.order_no == order_no).order_by("code"))
    return [CodeInfo.from_row(r) for r in rows]


def count_codes(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CodeRow)) or 0)


# users -------------------------------------------------------------------------------------


def upsert_users(session: Session, users: Iterable[UserData], generation: int = 0) -> None:
    rows = [
        {"id": u.id, "name": u.name, "role": u.role, "pin_hash": u.pin_hash, "active": u.active}
        for u in users
    ]
    _upsert(session, UserRow, rows, "id", generation)


def find_user(session: Session, who: str) -> UserRow | None:
    """Find an active user by id, or else by name (case-insensitive)."""
    row = session.get(UserRow, who)
    if row is None:
        row = session.scalars(
            select(UserRow).where(func.lower(UserRow.name) == who.strip().lower()).limit(1)
        ).first()
    return row if row is not None and row.active else None


# keys --------------------------------------------------------------------------------------


def upsert_keys(session: Session, keys: Iterable[KeyData], generation: int = 0) -> None:
    rows = [
        {"kid": k.kid, "public_key": k.public_key, "created_at": k.created_at, "revoked": k.revoked}
        for k in keys
    ]
    _upsert(session, KeyRow, rows, "kid", generation)


def public_keys(session: Session) -> dict[str, bytes]:
    """Usable keys as {kid: raw Ed25519 public key}; revoked keys are left out."""
    import base64

    rows = session.scalars(select(KeyRow).where(KeyRow.revoked.is_(False)))
    return {r.kid: base64.b64decode(r.public_key) for r in rows}


def revoked_kids(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(KeyRow.kid).where(KeyRow.revoked.is_(True))))


def codes_of_member(session: Session, member_id: str) -> list[CodeInfo]:
    """The codes bound to a member that may still be used (issued, not redeemed or voided)."""
    rows = session.scalars(
        select(CodeRow)
        .where(CodeRow.member_id == member_id, CodeRow.state == CodeState.ISSUED.value)
        .order_by(CodeRow.code)
    )
    return [CodeInfo.from_row(r) for r in rows]


# products ----------------------------------------------------------------------------------


def upsert_products(session: Session, products: Iterable[ProductData], generation: int = 0) -> None:
    rows = [
        {
            "sku": p.sku,
            "barcode": p.barcode,
            "name": p.name,
            "category": p.category,
            "brand": p.brand,
            "tags": list(p.tags),
            "weight_unit": p.weight_unit,
            "active": p.active,
        }
        for p in products
    ]
    _upsert(session, ProductRow, rows, "sku", generation)


def find_product(session: Session, text: str) -> ProductRow | None:
    """The active product a scanned barcode or a typed SKU names."""
    key = text.strip()
    row = session.scalars(
        select(ProductRow).where(ProductRow.barcode == key, ProductRow.active.is_(True)).limit(1)
    ).first()
    if row is None:
        row = session.get(ProductRow, key)
    return row if row is not None and row.active else None


# re-syncing from empty -----------------------------------------------------------------------


def sweep(session: Session, generation: int, now: datetime) -> dict[str, int]:
    """End a re-sync from empty: drop what the feed did not send again; return counts.

    The old rows served scans while the re-sync ran (no moment with an empty cache). Codes,
    keys and products the service no longer has go; rules and users stay for the names in
    this till's history and reversals of its write-offs, but are no longer accepted.
    """
    stale = {}
    for model in (CodeRow, KeyRow, ProductRow):
        result = session.execute(delete(model).where(model.generation < generation))
        stale[model.__tablename__] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    gone = {"at": to_iso(now), "stores": ""}
    result = session.execute(
        update(RuleRow).where(RuleRow.generation < generation).values(withdrawn=gone, synced_at=now)
    )
    stale["rules"] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    result = session.execute(
        update(UserRow)
        .where(UserRow.generation < generation, UserRow.active.is_(True))
        .values(active=False)
    )
    stale["users"] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return stale
