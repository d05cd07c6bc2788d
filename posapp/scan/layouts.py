"""Undo what a keyboard layout does to a USB scanner's keystrokes.

A scanner in keyboard mode sends key positions for a US layout; the computer turns them
into characters with *its* layout. On a German (QWERTZ) till, a scanned ``Y`` arrives as
``Z``, ``/`` as ``-`` and ``:`` as ``Ö``; on a French (AZERTY) till, the digits arrive as
``&é"'(-è_çà`` and ``Q`` as ``A``. Reading the characters back through the till's layout
gives the scanner's text. Handled here:

- German QWERTZ and French AZERTY (both ISO), letters, digits and punctuation. Dead keys
  (de ``´ ``` on US ``= +``, fr ``^ ¨`` on US ``[ {``) give their accent when the next key
  cannot take it (``´1``), which is undone; before a vowel they merge into one letter
  (``=e`` arrives as ``é``), which is not;
- full-width characters from a CJK input method (``ＱＲ１２`` → ``QR12``), always: no payload
  of ours contains them;
- Caps Lock (the scanner's Shift inverts the case) by swapping case.

Which fix applies is decided by `wedge.choose_text` (configured layout, or trying each one).
"""

from __future__ import annotations

# Key positions, row by row, as (US character, host character) strings of equal length.
_US_PLAIN = "1234567890-=" + "qwertyuiop[]\\" + "asdfghjkl;'" + "zxcvbnm,./"
_US_SHIFT = "!@#$%^&*()_+" + "QWERTYUIOP{}|" + 'ASDFGHJKL:"' + "ZXCVBNM<>?"

_HOSTS: dict[str, tuple[str, str]] = {
    # German QWERTZ (´ and ` are dead keys).
    "de": (
        "1234567890ß´" + "qwertzuiopü+#" + "asdfghjklöä" + "yxcvbnm,.-",
        '!"§$%&/()=?`' + "QWERTZUIOPÜ*'" + "ASDFGHJKLÖÄ" + "YXCVBNM;:_",
    ),
    # French AZERTY (^ and ¨ are dead keys).
    "fr": (
        "&é\"'(-è_çà)=" + "azertyuiop^$*" + "qsdfghjklmù" + "wxcvbn,;:!",
        "1234567890°+" + "AZERTYUIOP¨£µ" + "QSDFGHJKLM%" + "WXCVBN?./§",
    ),
}


def _reverse_table(layout: str) -> dict[int, str]:
    plain, shift = _HOSTS[layout]
    table: dict[int, str] = {}
    for us, host in zip(_US_PLAIN + _US_SHIFT, plain + shift, strict=True):
        if host != us:
            table[ord(host)] = us
    return table


_REVERSE: dict[str, dict[int, str]] = {name: _reverse_table(name) for name in _HOSTS}
LAYOUTS: tuple[str, ...] = ("us", *_HOSTS)

_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def from_full_width(text: str) -> str:
    """Turn full-width ASCII (U+FF01-U+FF5E) and the ideographic space into plain ASCII."""
    return text.translate(_FULL_WIDTH)


def from_layout(text: str, layout: str) -> str:
    """Return what a US-layout scanner meant, given what a `layout` host turned it into."""
    if layout == "us":
        return text
    try:
        return text.translate(_REVERSE[layout])
    except KeyError:
        raise ValueError(f"unknown keyboard layout {layout!r}; known: {LAYOUTS}") from None


def from_caps_lock(text: str) -> str:
    """Undo Caps Lock: the scanner's Shift made upper case lower and lower case upper."""
    return text.swapcase()
