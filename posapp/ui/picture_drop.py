"""Pictures dropped on the Redeem screen: every QR code in them is read in the background; the
first is checked, the others wait behind "Next code in the picture" (F7) — a customer often
shows two vouchers in one photo. Mixed into RedeemView, whose words these are (context
"RedeemView", named explicitly so the translation tool and Qt agree on it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import fmt
from posapp.ui.image_scan import NoCodeInImage, image_bytes, read_qr_codes
from posapp.ui.view_models import VerdictView

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QPushButton

    from posapp.ui.order_view import OrderView
    from posapp.ui.session import Session
    from posapp.ui.verdict_card import VerdictCard


class PictureDrop:
    session: Session
    card: VerdictCard
    order: OrderView
    next_button: QPushButton
    waiting: list[str]
    current: VerdictView | None
    verdict_shown: SignalInstance

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        md = event.mimeData()
        if md.hasUrls() or md.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        md = event.mimeData()
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()]
        image = md.imageData() if not paths and md.hasImage() else None
        if not paths and image is None:
            return
        event.acceptProposedAction()
        if paths:
            self.scan_image(paths[0])
        else:
            self._read_picture(lambda: read_qr_codes(data=image_bytes(image)))

    def scan_image(self, path: str | None = None, data: bytes | None = None) -> None:
        """Read the QR codes of a picture (a file or PNG bytes) in the background, then scan
        the first; the others wait behind the "next code" button (F7)."""
        self._read_picture(lambda: read_qr_codes(path, data))

    def _read_picture(self, read: Callable[[], list[str]]) -> None:
        if self.session.user is None:
            return
        self.card.show()
        self.order.hide()
        self.card.show_checking(QCoreApplication.translate("RedeemView", "Reading the picture…"))
        BackgroundOp(cast(QObject, self), read, self._image_decoded).failure(
            self._image_failed
        ).run_in_background()

    def _image_decoded(self, texts: list[str]) -> None:
        first, *rest = texts
        self.session.feed_scan(first, "image")
        self.waiting = rest  # after feed_scan: a scan from elsewhere clears the list
        self._show_next()

    def next_code(self) -> None:
        """Check the next code of the last picture (two vouchers shown in one photo)."""
        if self.waiting:
            text, *self.waiting = self.waiting
            self.session.feed_scan(text, "image")
            self._show_next()

    def _show_next(self) -> None:
        self.next_button.setVisible(bool(self.waiting))
        self.next_button.setText(
            fmt(
                QCoreApplication.translate("RedeemView", "Next code in the picture ({n})  F7"),
                n=len(self.waiting),
            )
        )

    def _image_failed(self, error: BaseException) -> None:
        if isinstance(error, NoCodeInImage):
            message = QCoreApplication.translate(
                "RedeemView",
                "No QR code found in that picture. Try a sharper picture, or type the code.",
            )
        else:
            message = fmt(
                QCoreApplication.translate(
                    "RedeemView",
                    "That picture cannot be read: {error}. Try another one, or type the code.",
                ),
                error=str(error),
            )
        view = VerdictView(ok=False, message=message)
        self.current = view
        self.card.show_verdict(view)
        self.verdict_shown.emit(view)
