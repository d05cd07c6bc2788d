"""The checks of an installed till (from source or a bundle) that need no window.

The package version, the shipped resources, zbar, decoding the bundled QR image, and creating
and migrating a till database. `posapp selfcheck` (posapp/ui/selfcheck.py) runs these, then
opens the real window. Each check returns one line saying what it found, or raises CheckFailed
with what to do about it. Nothing here touches the till's own data: the context's data dir is a
throw-away one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from posapp.settings import Paths
    from posapp.sync.service import TillService


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<4}  {self.name:<12} {self.detail}"


class CheckFailed(Exception):
    """A check's own verdict, with the reason a person can act on."""


@dataclass
class Context:
    """What the checks share: a throw-away data dir, and the till opened there."""

    data_dir: Path
    paths: Paths | None = None
    service: TillService | None = None

    def close(self) -> None:
        service, self.service = self.service, None
        if service is not None:
            service.close()


def version(_ctx: Context) -> str:
    from posapp import __version__

    if "unknown" in __version__:
        raise CheckFailed(f"no package metadata (version {__version__}); rebuild the bundle")
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    return f"posapp {__version__} ({frozen}, Python {sys.version.split()[0]})"


def resources(_ctx: Context) -> str:
    from posapp.resources import resource, resources_dir

    wanted = [
        resource("styles", "till.qss"),
        resource("i18n", "posapp_en.qm"),
        resource("i18n", "posapp_zh_CN.qm"),
        resource("selfcheck", "selfcheck.png"),
        resource("selfcheck", "selfcheck.txt"),
    ]
    missing = [str(p) for p in wanted if not p.is_file()]
    if missing:
        raise CheckFailed("missing: " + ", ".join(missing))
    return str(resources_dir())


def zbar(_ctx: Context) -> str:
    from posapp.scan.decoder import ZbarDecoder

    try:
        ZbarDecoder()
    except (ImportError, OSError) as e:
        raise CheckFailed(
            f"libzbar not loaded ({e}); install libzbar0 (Linux). The till would fall back "
            "to OpenCV's slower QR reader."
        ) from None
    return "libzbar loaded"


def qr_image(_ctx: Context) -> str:
    from posapp.resources import resource
    from posapp.scan.images import decode_image_file

    expected = resource("selfcheck", "selfcheck.txt").read_text(encoding="utf-8").strip()
    scan = decode_image_file(resource("selfcheck", "selfcheck.png"))
    texts = [r.text for r in scan.results]
    if texts != [expected]:
        raise CheckFailed(f"expected {expected!r}, read {texts!r}")
    kind = scan.results[0].payload.type
    if str(getattr(kind, "value", kind)) != "voucher":
        raise CheckFailed(f"{expected!r} read as {kind}, not as a voucher")
    return f"read {expected} as a voucher in {scan.ms:.0f} ms"


def database(ctx: Context) -> str:
    from posapp.settings import resolve_paths
    from posapp.store.migrate import current_revision, head_revision
    from posapp.sync.service import TillService

    paths = resolve_paths(ctx.data_dir).ensure()
    ctx.paths = paths
    service = TillService.open(paths)
    ctx.service = service
    status = service.status()
    revision, head = current_revision(service.db.engine), head_revision()
    if revision is None or revision != head:
        raise CheckFailed(f"schema at {revision}, expected {head}")
    integrity = service.db.integrity_check()
    if integrity != "ok":
        raise CheckFailed(f"integrity check: {integrity}")
    journal = str(service.db.pragma("journal_mode")).lower()
    return (
        f"created and migrated to {revision} (journal {journal}, "
        f"outbox {status.outbox_length}, registered {'yes' if status.registered else 'no'})"
    )


# In the order they run: a later check may use what an earlier one opened.
CHECKS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("version", version),
    ("resources", resources),
    ("zbar", zbar),
    ("qr image", qr_image),
    ("database", database),
)


def run(name: str, fn: Callable[[Context], str], ctx: Context) -> Check:
    """Run one check; any exception is its failure, said in one line."""
    try:
        return Check(name, True, fn(ctx))
    except Exception as e:
        detail = str(e) if isinstance(e, CheckFailed) else f"{type(e).__name__}: {e}"
        return Check(name, False, detail)
