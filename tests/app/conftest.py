"""The app tests reuse the UI tests' real world (service + registered till) and till window, and
the check that no widget, runner or thread outlives a test."""

from __future__ import annotations

from tests.ui.conftest import nothing_outlives_the_test, till, world  # noqa: F401
