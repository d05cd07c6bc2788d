"""Cursors carry the database's identity: the feed starts over for a cursor it cannot place.

A cursor is "<epoch>.<change number>.<signature>". The service starts the feed from the
beginning, saying why in `reset`, for a cursor that is not its own (forged or garbled), one
from another epoch, or one ahead of its counter (a restored backup: it then starts a new
epoch, so every other till re-syncs too). Real service over loopback HTTP.
"""

from __future__ import annotations

from typing import Any

from central_helpers import World
from sqlalchemy import create_engine, text

from posapp.central.changes import FeedPosition


def position(db_url: str) -> FeedPosition:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            hi, epoch, key = conn.execute(
                text("SELECT value, epoch, cursor_key FROM change_counter")
            ).one()
            return FeedPosition(int(hi), str(epoch), str(key))
    finally:
        engine.dispose()


def test_a_cursor_carries_the_epoch_and_is_signed(world: World, central_server: Any) -> None:
    _, cursor = world.till.sync_all()
    here = position(central_server.db_url)
    epoch, seq, mac = cursor.split(".")
    assert epoch == here.epoch and int(seq) == here.hi and cursor == here.cursor(here.hi)
    # A till cannot move its cursor on (or back) by editing it: that is not a cursor here.
    forged = f"{epoch}.{int(seq) - 3}.{mac}"
    page = world.till.ok("get", f"/v1/sync?cursor={forged}")
    assert page["reset"] == "unreadable" and page["items"]
    assert position(central_server.db_url).epoch == here.epoch  # and nothing else happens


def test_a_cursor_of_another_epoch_starts_the_feed_over(world: World, central_server: Any) -> None:
    here = position(central_server.db_url)
    elsewhere = FeedPosition(here.hi, "0123456789abcdef", here.key)
    page = world.till.ok("get", f"/v1/sync?cursor={elsewhere.cursor(here.hi)}&limit=5")
    assert page["reset"] == "other_epoch" and len(page["items"]) == 5 and page["more"]
    assert page["cursor"].startswith(here.epoch + ".")
    rest = world.till.ok("get", f"/v1/sync?cursor={page['cursor']}")
    assert rest["reset"] is None


def test_a_cursor_ahead_of_the_counter_starts_a_new_epoch_for_every_till(
    world: World, central_server: Any
) -> None:
    _, other_cursor = world.till2.sync_all()
    here = position(central_server.db_url)
    ahead = here.cursor(here.hi + 10)  # what a till synced before a restore holds
    page = world.till.ok("get", f"/v1/sync?cursor={ahead}")
    assert page["reset"] == "restored" and page["items"]
    now = position(central_server.db_url)
    assert now.epoch != here.epoch and page["cursor"].startswith(now.epoch + ".")
    # Till 2's cursor is not ahead, but it was given out before the restore was noticed.
    again = world.till2.ok("get", f"/v1/sync?cursor={other_cursor}")
    assert again["reset"] == "other_epoch"


def test_a_cursor_given_to_another_till_starts_the_feed_over_for_this_one(world: World) -> None:
    _, cursor = world.till.sync_all()
    newcomer, _ = world.new_till()  # registered now, holding an earlier registration's cache
    page = newcomer.ok("get", f"/v1/sync?cursor={cursor}")
    assert page["reset"] == "unreadable" and page["items"]
    assert world.till.ok("get", f"/v1/sync?cursor={cursor}")["reset"] is None
