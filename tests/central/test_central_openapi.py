"""The committed OpenAPI document is the till's contract: it must match the app."""

from __future__ import annotations

import json

from posapp.central.openapi_doc import COMMITTED, render


def test_committed_openapi_is_up_to_date() -> None:
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert json.loads(committed or "{}") == json.loads(render()), (
        "resources/openapi.json is out of date with the app. Regenerate it with\n"
        "    .venv/bin/python -m posapp.central.openapi_doc\n"
        "and commit the result (tell the till engineer: it is their contract)."
    )


def test_every_till_call_of_the_contract_is_there() -> None:
    paths = json.loads(render())["paths"]
    for path in (
        "/v1/me",
        "/v1/sync",
        "/v1/redemptions",
        "/v1/redemptions/batch",
        "/v1/redemptions/{redemption_id}/reverse",
        "/v1/orders/{order_no}",
        "/v1/vouchers/verify",
        "/v1/health",
    ):
        assert path in paths, path
