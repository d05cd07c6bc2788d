"""A copy of till.sqlite3 without the till's pepper file cannot check a PIN; a till upgraded from
a version without peppers still logs its users in, and seals their hashes as it does."""

from __future__ import annotations

import base64
import shutil
import stat
from pathlib import Path
from typing import Any

from live import Admin
from sqlalchemy import create_engine, select, text
from till_factories import files_in, fill, make_feed

from posapp.domain.pins import hash_pin, is_sealed, pepper_id, verify_pin
from posapp.settings import PIN_PEPPER_FILE
from posapp.store.models import UserRow
from posapp.store.state import peek_sync_state
from posapp.sync.engine import apply_page
from posapp.sync.login import pin_pepper
from posapp.sync.results import LoginProblem, LoginRefusal, User
from posapp.sync.service import TillService

PINS = {"Li Na": "4821", "Zhao Lei": "907153"}


def _hashes(till: TillService) -> dict[str, str]:
    with till.db.read() as s:
        return {r.id: r.pin_hash for r in s.scalars(select(UserRow))}


def _service_hashes(db_url: str) -> list[str]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [str(r[0]) for r in conn.execute(text("SELECT pin_hash FROM users"))]
    finally:
        engine.dispose()


def test_a_copy_of_the_database_alone_cannot_check_a_pin(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("S1", "Store 1")
    _, token = admin.till("S1")
    admin.user("S1", "Li Na", PINS["Li Na"])
    admin.user("S1", "Zhao Lei", PINS["Zhao Lei"], role="manager")

    till = TillService(files_in(tmp_path / "till"))
    till.register(central.url, token)
    assert till.sync_now().ok
    assert isinstance(till.login("Li Na", PINS["Li Na"]), User)
    till.close()

    stolen = tmp_path / "stolen"
    stolen.mkdir()
    shutil.copy(tmp_path / "till" / "till.sqlite3", stolen / "till.sqlite3")
    # Neither the service's hashes nor any part of them is in the file...
    raw = (stolen / "till.sqlite3").read_bytes()
    for service_hash in _service_hashes(central.db_url):
        digest = service_hash.rsplit("$", 1)[1]
        assert digest.encode() not in raw and base64.b64decode(digest) not in raw
    # ...and what is there verifies no PIN, not even the right one, without the pepper.
    thief = TillService(files_in(stolen))
    try:
        rows = _hashes(thief)
        assert len(rows) == 2 and all(is_sealed(h) for h in rows.values())
        assert not any(verify_pin(pin, h) for h in rows.values() for pin in PINS.values())
        for name, pin in PINS.items():
            refused = thief.login(name, pin)
            assert isinstance(refused, LoginRefusal), name
            assert refused.problem is LoginProblem.WRONG_PIN
    finally:
        thief.close()

    # The till itself, with its pepper, logs everyone in.
    till = TillService(files_in(tmp_path / "till"))
    try:
        for name, pin in PINS.items():
            assert isinstance(till.login(name, pin), User), name
        pepper_file = tmp_path / "till" / PIN_PEPPER_FILE
        assert stat.S_IMODE(pepper_file.stat().st_mode) == 0o600
    finally:
        till.close()


def test_a_hash_from_before_peppers_still_logs_in_and_is_sealed(tmp_path: Path) -> None:
    # A till as a version without peppers left it: the service's hash as it came, no pepper.
    till = TillService(files_in(tmp_path))
    try:
        fill(till, make_feed())
        with till.db.write() as s:
            s.get_one(UserRow, "u1").pin_hash = hash_pin("1234")
        (tmp_path / PIN_PEPPER_FILE).unlink(missing_ok=True)
        before = _hashes(till)["u1"]
        assert before.startswith("scrypt$") and verify_pin("1234", before)

        assert isinstance(till.login("u1", "1234"), User)
        after = _hashes(till)["u1"]
        pepper = pin_pepper(till.db)
        assert is_sealed(after) and pepper_id(pepper) in after
        assert verify_pin("1234", after, pepper) and not verify_pin("1234", after)
        refused = till.login("u1", "0000")
        assert isinstance(refused, LoginRefusal) and refused.problem is LoginProblem.WRONG_PIN
        assert isinstance(till.login("u1", "1234"), User)
    finally:
        till.close()


def test_a_till_that_lost_its_pepper_fetches_the_users_again(tmp_path: Path) -> None:
    feed = make_feed()
    till = TillService(files_in(tmp_path))
    try:
        fill(till, feed)
        assert isinstance(till.login("u1", "1234"), User)
        (tmp_path / PIN_PEPPER_FILE).unlink()

        # Its sealed hashes can never verify again: refused, and the next pull starts afresh.
        refused = till.login("u1", "1234")
        assert isinstance(refused, LoginRefusal)
        with till.db.read() as s:
            assert peek_sync_state(s).cursor is None
        assert _hashes(till)["u1"] == ""

        apply_page(till.db, feed.items, "c1", False, till.clock())  # that pull
        assert isinstance(till.login("u1", "1234"), User)
        assert pepper_id(pin_pepper(till.db)) in _hashes(till)["u1"]
    finally:
        till.close()


def test_a_damaged_pepper_file_is_set_aside_not_trusted(tmp_path: Path) -> None:
    till = TillService(files_in(tmp_path))
    try:
        (tmp_path / PIN_PEPPER_FILE).write_text("not a key\n")
        pepper = pin_pepper(till.db)
        assert (
            len(pepper) == 32 and bytes.fromhex((tmp_path / PIN_PEPPER_FILE).read_text()) == pepper
        )
        assert (tmp_path / (PIN_PEPPER_FILE + ".damaged")).read_text() == "not a key\n"
        assert stat.S_IMODE((tmp_path / PIN_PEPPER_FILE).stat().st_mode) == 0o600
        assert pin_pepper(till.db) == pepper  # made once, then kept
    finally:
        till.close()


def test_a_copy_taken_right_after_a_sync_holds_no_unsealed_hash(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("S1", "Store 1")
    _, token = admin.till("S1")
    admin.user("S1", "Li Na", PINS["Li Na"])
    till = TillService(files_in(tmp_path / "till"))
    try:
        till.register(central.url, token)
        assert till.sync_now().ok  # nobody has logged in yet
        hashes = _hashes(till)
        assert len(hashes) == 1 and all(is_sealed(h) for h in hashes.values())
    finally:
        till.close()
    raw = (tmp_path / "till" / "till.sqlite3").read_bytes()
    for service_hash in _service_hashes(central.db_url):
        assert service_hash.rsplit("$", 1)[1].encode() not in raw
