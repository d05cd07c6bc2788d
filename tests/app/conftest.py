"""The app tests reuse the UI tests' real world (service + registered till) and till window."""

from __future__ import annotations

from tests.ui.conftest import till, world  # noqa: F401
