"""A till that redeems in a loop until killed; run by test_crash_safety as a subprocess.

It imports everything once, then for each "run START" line on stdin forks a child that
opens the till and writes off codes from START on, printing "R <id> <code>" after each
commit returned (the moment the cashier would see "redeemed"). The test SIGKILLs the
child at a random moment. Forking skips the interpreter start-up for each of the 50+ runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import posapp.store.migrate  # noqa: F401  (imported before forking, not in each child)
from posapp.domain.basket import Basket
from posapp.sync.service import TillFiles, TillService


def child(data_dir: Path, codes: list[str], start: int) -> None:
    till = TillService(
        TillFiles(db=data_dir / "till.sqlite3", config=data_dir / "till.json", lock_dir=data_dir)
    )
    bill = Basket.from_total(15000)
    for i in range(start, len(codes)):
        result = till.redeem(codes[i], bill, "crash-test")
        if result.redeemed:
            os.write(1, f"R {i} {result.redemption_id} {codes[i]}\n".encode())
        else:
            os.write(1, f"X {i} {result.message()}\n".encode())
    os.write(1, b"END\n")
    os._exit(0)


def main() -> None:
    data_dir = Path(sys.argv[1])
    codes = Path(sys.argv[2]).read_text().split()
    with tempfile.TemporaryDirectory() as warm:  # configure the ORM once, before forking
        TillService(TillFiles(Path(warm) / "w.sqlite3", Path(warm) / "w.json", Path(warm))).close()
    os.write(1, b"READY\n")
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "run":
            break
        pid = os.fork()
        if pid == 0:
            child(data_dir, codes, int(words[1]))
        os.write(1, f"PID {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"EXIT {status}\n".encode())


if __name__ == "__main__":
    main()
