"""Fuzz the running service from its own OpenAPI document (schemathesis): no 5xx, ever.

Bounded: a few examples per operation and mode, and a time budget for the whole run.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest
import requests
import schemathesis
from central_helpers import World
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

BUDGET_S = 25.0
EXAMPLES = 6


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(world: World, central_server: Any) -> None:
    schema = schemathesis.openapi.from_url(world.url + "/openapi.json")
    started = time.monotonic()
    failures: list[str] = []
    ran = 0
    session = requests.Session()

    def run(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def fuzz(case: Any) -> None:
            nonlocal ran
            ran += 1
            response = case.call(base_url=world.url, session=session, headers=headers, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{operation.label}: {response.status_code} {response.text[:300]}")

        with contextlib.suppress(Unsatisfiable):  # e.g. a call with nothing to make invalid
            fuzz()

    for result in schema.get_all_operations():
        operation = result.ok()
        till_call = any(tag.startswith("till") for tag in operation.definition.raw.get("tags", []))
        token = world.till.token if till_call else world.admin.token
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() - started < BUDGET_S:
                run(operation, mode, {"Authorization": f"Bearer {token}"})
    assert ran > 50
    assert failures == []
    # the service still works after the storm
    assert world.till.get("/v1/me").status_code == 200
