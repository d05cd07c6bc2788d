from __future__ import annotations

from typing import Any

import pytest
from central_helpers import World, build_world


@pytest.fixture
def world(central_server: Any) -> World:
    return build_world(central_server.url, central_server.admin_token)
