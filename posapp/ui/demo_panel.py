"""The demo's panel of QR codes: click one and it is shown to the scanner, as if held up to it."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.results import LoginRefusal, RedeemResult, User
from posapp.ui.background import BackgroundOp
from posapp.ui.confirm_guard import GUARD_S
from posapp.ui.view_models import VerdictView

if TYPE_CHECKING:
    from posapp.scan.pipeline import Image
    from posapp.settings import Paths
    from posapp.sync.service import TillService


class DemoCodeSpec(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def payload(self) -> str: ...


class World(Protocol):
    """What the demo window needs of `posapp.demo`'s running world.

    A protocol, not an import: posapp.demo imports this module to open the window.
    """

    @property
    def paths(self) -> Paths: ...

    @property
    def service(self) -> TillService: ...

    @property
    def cashier(self) -> tuple[str, str]: ...  # name, PIN

    @property
    def manager(self) -> tuple[str, str] | None: ...

    @property
    def codes(self) -> Sequence[DemoCodeSpec]: ...

    def data_names(self) -> list[str]: ...


@dataclass(frozen=True)
class DemoCode:
    key: str  # stable name, e.g. "gift", "expired" (tests pick by it)
    label: str  # what the button says (already translated)
    payload: str  # the QR's text


def qr_png(payload: str, scale: int = 6) -> bytes:
    """Render a QR code to PNG bytes (runs in the background)."""
    import segno

    buf = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


class DemoPanel(QFrame):
    picked = Signal(str, bytes)  # key, the QR as PNG: feed it to the camera / scan path

    COLUMNS = 3
    BUTTON_W = 128  # what "Cash coupon" under its QR needs; fewer columns when narrower

    def __init__(self, codes: list[DemoCode], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoPanel")
        self.codes = codes
        self.images: dict[str, bytes] = {}
        self.buttons: dict[str, QToolButton] = {}
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.grid = grid = QGridLayout()
        grid.setSpacing(6)
        self.columns = self.COLUMNS
        for i, code in enumerate(codes):
            b = QToolButton()
            b.setObjectName(f"demo_{code.key}")
            b.setText(code.label)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            b.setIconSize(QSize(56, 56))
            b.setMinimumSize(QSize(96, 92))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard on the scan field
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            b.clicked.connect(lambda _c=False, k=code.key: self.pick(k))
            grid.addWidget(b, i // self.COLUMNS, i % self.COLUMNS)
            self.buttons[code.key] = b
        # the codes scroll rather than push the status bar off a 768-pixel screen
        codes_box = QWidget()
        codes_box.setObjectName("demoCodes")
        box = QVBoxLayout(codes_box)
        box.setContentsMargins(0, 0, 0, 0)
        # the wrapped hint scrolls too: outside, its height for the width would become part
        # of the window's minimum height (Qt takes a column's height-for-width as its minimum)
        box.addWidget(self.hint)
        box.addLayout(grid)
        box.addStretch(1)
        self.codes_scroll = QScrollArea()
        self.codes_scroll.setWidgetResizable(True)
        self.codes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.codes_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.codes_scroll.setWidget(codes_box)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.codes_scroll, 1)
        self.retranslate()
        items = [(c.key, c.payload) for c in codes]
        BackgroundOp(
            self, lambda: {k: qr_png(p) for k, p in items}, self._rendered
        ).run_in_background()

    def sizeHint(self) -> QSize:
        # Asks for two rows of codes, not all of them: the screen's column takes this as its
        # minimum height once a wrapped label is in it, and the rest scrolls.
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self.minimumSizeHint().height() + 2 * 92))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        columns = max(2, min(4, self.codes_scroll.viewport().width() // self.BUTTON_W))
        if columns != self.columns:
            self.columns = columns
            for i, key in enumerate(self.buttons):
                self.grid.addWidget(self.buttons[key], i // columns, i % columns)

    def _rendered(self, images: dict[str, bytes]) -> None:
        self.images = images
        for key, png in images.items():
            pix = QPixmap.fromImage(QImage.fromData(png))
            self.buttons[key].setIcon(QIcon(pix))

    def pick(self, key: str) -> None:
        code = next((c for c in self.codes if c.key == key), None)
        if code is None:
            return
        png = self.images.get(key) or qr_png(code.payload)
        self.picked.emit(key, png)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for key, button in self.buttons.items():  # labels too, after a live language switch
            if key in DEMO_LABELS:
                button.setText(demo_label(key))
        self.title.setText(self.tr("Demo vouchers"))
        self.hint.setText(
            self.tr(
                "Click a code to hold it up to the camera. Some can be redeemed; "
                "the others show why not."
            )
        )


class HeldUpVoucher:
    """The demo's camera: a synthetic camera showing an empty counter, and for a moment after a
    click the voucher held up to it. Frames go through the real camera worker, decoder and
    acceptance, like a real camera's."""

    WIDTH, HEIGHT = 640, 480

    def __init__(self, fps: float = 15.0, hold_s: float = 1.2) -> None:
        import numpy as np

        from posapp.scan.synthetic import SyntheticCamera

        self._blank = np.full((self.HEIGHT, self.WIDTH), 214, dtype=np.uint8)
        self._camera = SyntheticCamera(frames=[self._blank], fps=fps, name="demo camera")
        self._hold_s = hold_s
        self._held: Image | None = None
        self._until = 0.0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "demo camera"

    def hold(self, png: bytes) -> None:
        """Show this QR (PNG bytes) to the camera for a moment, centred on the counter."""
        import cv2
        import numpy as np

        qr = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
        frame = self._blank.copy()
        if qr is not None:
            side = min(self.HEIGHT - 80, max(qr.shape[:2]) * 2)
            qr = cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST)
            y, x = (self.HEIGHT - side) // 2, (self.WIDTH - side) // 2
            frame[y : y + side, x : x + side] = qr
        with self._lock:
            self._held = frame
            self._until = time.monotonic() + self._hold_s

    def open(self) -> None:
        self._camera.open()

    def read(self) -> Image:
        frame = self._camera.read()  # paced like a camera
        with self._lock:
            if self._held is not None and time.monotonic() < self._until:
                return self._held
        return frame

    def close(self) -> None:
        self._camera.close()

    def interrupt(self) -> None:
        self._camera.interrupt()


DEMO_LABELS = {
    "gift": QT_TRANSLATE_NOOP("DemoPanel", "Gift coupon"),
    "discount": QT_TRANSLATE_NOOP("DemoPanel", "Discount"),
    "reduction": QT_TRANSLATE_NOOP("DemoPanel", "Money off"),
    "cash": QT_TRANSLATE_NOOP("DemoPanel", "Cash coupon"),
    "product": QT_TRANSLATE_NOOP("DemoPanel", "Tea only"),
    "signed": QT_TRANSLATE_NOOP("DemoPanel", "Signed"),
    "expired": QT_TRANSLATE_NOOP("DemoPanel", "Expired"),
    "redeemed": QT_TRANSLATE_NOOP("DemoPanel", "Already used"),
    "voided": QT_TRANSLATE_NOOP("DemoPanel", "Cancelled"),
    "wrong_store": QT_TRANSLATE_NOOP("DemoPanel", "Other store"),
    "partner_gift": QT_TRANSLATE_NOOP("DemoPanel", "Partner gift"),
    "order": QT_TRANSLATE_NOOP("DemoPanel", "Order QR"),
    "not_a_coupon": QT_TRANSLATE_NOOP("DemoPanel", "Not a coupon"),
    "forged": QT_TRANSLATE_NOOP("DemoPanel", "Forged"),
}


def demo_label(key: str) -> str:
    """A button label for a demo code's key (keys come from the demo seed)."""
    source = DEMO_LABELS.get(key)
    if source is None:
        return key.replace("_", " ")
    return QCoreApplication.translate("DemoPanel", str(source))


def run_demo(
    world: World, language: str | None = None, check: bool = False, timeout_s: float = 60
) -> int:
    """Open the till app on the demo world; with check, redeem one coupon headless and exit."""
    from PySide6.QtCore import QTimer

    from posapp.ui.app import open_till

    till = open_till(world.paths, service=world.service, language=language, show=not check)
    session, window = till.session, till.window
    session.demo = True
    window.retranslate()
    codes = [DemoCode(c.key, demo_label(c.key), c.payload) for c in world.codes]
    panel = DemoPanel(codes)
    window.redeem.side_panel.addWidget(panel)
    camera = HeldUpVoucher()
    window.redeem.camera.set_state("starting")
    till.camera.start(source=camera)
    panel.picked.connect(lambda _key, png: camera.hold(png))
    name, pin = world.cashier

    def say(line: str) -> None:
        print(line, flush=True)

    def logged_in(user: User | LoginRefusal) -> None:
        if isinstance(user, LoginRefusal):
            say(f"demo: could not log in as {name}: {user.message()}")
            till.app.exit(1)
            return
        session.set_user(user)
        say(f"demo: logged in as {user.name} ({user.role})")
        if check:
            key = pick_check_code(codes)
            say(f"demo: holding up the '{key}' voucher to the demo camera")
            panel.pick(key)

    BackgroundOp(window, lambda: world.service.login(name, pin), logged_in).run_in_background()

    if check:

        def confirm_like_a_cashier() -> None:
            # a verdict is read before it is confirmed; the till refuses a confirm sooner
            QTimer.singleShot(round(GUARD_S * 1000) + 50, window.redeem.confirm_redeem)

        def verdict(view: VerdictView) -> None:
            if view.ok and not view.is_order:
                facts = view.facts
                say(f"demo: verdict: valid {facts.kind if facts else ''} coupon {view.code}")
                if facts is not None and facts.needs_bill:
                    window.redeem.bill.set_total(30000)
                    return
                confirm_like_a_cashier()
            elif view.ok:
                return
            else:
                say(f"demo: verdict: cannot be used: {view.message}")
                till.app.exit(1)

        def quoted(view: VerdictView) -> None:
            if view.ok and view.quote is not None and window.redeem.confirm.isEnabled():
                confirm_like_a_cashier()

        def redeemed(res: RedeemResult) -> None:
            say(f"demo: written off: {res.code} ({res.status}), redemption {res.redemption_id}")
            till.app.exit(0)

        window.redeem.verdict_shown.connect(verdict)
        window.redeem.verdict_shown.connect(quoted)
        window.redeem.redeemed.connect(redeemed)

        def timed_out() -> None:
            say("demo: timed out")
            till.app.exit(2)

        QTimer.singleShot(int(timeout_s * 1000), timed_out)
    else:
        print(
            "demo: the till app is open. Click a voucher in the demo panel to scan it.", flush=True
        )
    code = till.app.exec()
    till.close()
    return int(code)


def pick_check_code(codes: list[DemoCode]) -> str:
    for key in ("gift", "reduction", "cash", "discount"):
        if any(c.key == key for c in codes):
            return key
    return codes[0].key
