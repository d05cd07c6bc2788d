"""CSV export of a batch's or a rule's codes, streamed in chunks (never one big string)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from sqlalchemy import ColumnElement, select

from posapp.central.auth import DB, AdminOnly
from posapp.central.db import Database
from posapp.central.keys import signing_key
from posapp.central.models import Batch, CodeRow
from posapp.central.problems import Problem, not_found
from posapp.central.rules import load_rule
from posapp.central.schemas import Id
from posapp.domain.rule import Rule
from posapp.domain.signing import sign_voucher
from posapp.domain.timeutil import format_utc, to_iso, utcnow
from posapp.domain.validity import window
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter(tags=["admin: codes"])

HEADER = ("code", "face_value_cents", "batch_id", "state", "member_id", "qr_payload")
ROWS_PER_CHUNK = 2000


def _refuse_if_ended(rule: Rule) -> None:
    """Codes can be exported any number of times, until the rule's validity has ended."""
    end = window(rule.head.validity, None).end
    if end is not None and utcnow() >= end:
        raise Problem.from_verdict(
            Verdict(
                Reason.EXPIRED, {"code": rule.id, "end": format_utc(end), "end_iso": to_iso(end)}
            )
        )


def _rows(db: Database, rule: Rule, where: ColumnElement[bool]) -> Iterator[str]:
    """Yield the CSV in chunks; rows come from a server-side cursor, not one big list."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    validity = rule.head.validity
    with db.read() as s:
        key = signing_key(s)
        assert key is not None
        stmt = (
            select(
                CodeRow.code,
                CodeRow.face_value_cents,
                CodeRow.batch_id,
                CodeRow.state,
                CodeRow.member_id,
                CodeRow.received_at,
            )
            .where(where)
            .order_by(CodeRow.code)
            .execution_options(yield_per=ROWS_PER_CHUNK, stream_results=True)
        )
        for n, row in enumerate(s.execute(stmt), start=1):
            end = window(validity, row.received_at).end
            payload = sign_voucher(key.private_key, key.kid, row.code, rule.id, end)
            writer.writerow(
                (
                    row.code,
                    row.face_value_cents,
                    row.batch_id,
                    row.state,
                    row.member_id or "",
                    payload,
                )
            )
            if n % ROWS_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def _stream(db: Database, rule: Rule, where: ColumnElement[bool], name: str) -> StreamingResponse:
    _refuse_if_ended(rule)
    return StreamingResponse(
        _rows(db, rule, where),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the codes as CSV"}
}


@router.get(
    "/v1/batches/{batch_id}/export",
    response_class=StreamingResponse,
    responses=_CSV,
    summary="Export a batch as CSV",
)
def export_batch(batch_id: Id, db: DB, _: AdminOnly) -> StreamingResponse:
    with db.read() as s:
        batch = s.get(Batch, batch_id)
        if batch is None:
            raise not_found("batch", batch_id)
        rule = load_rule(s, batch.rule_id)
    return _stream(db, rule, CodeRow.batch_id == batch_id, batch_id)


@router.get(
    "/v1/rules/{rule_id}/export",
    response_class=StreamingResponse,
    responses=_CSV,
    summary="Export a rule's codes as CSV",
)
def export_rule(rule_id: Id, db: DB, _: AdminOnly) -> StreamingResponse:
    with db.read() as s:
        rule = load_rule(s, rule_id)
    return _stream(db, rule, CodeRow.rule_id == rule_id, rule_id)
