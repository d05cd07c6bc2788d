"""The basket file of `posapp till check|redeem --basket FILE` (README "Basket files").

`read_basket` reads it with the POS endpoint's strict rules and says each problem in the
operator's words ("line 2 (sku B): quantity must not be negative"), as a `CliError`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posapp.sync.cli_output import CliError

if TYPE_CHECKING:
    from posapp.domain.basket import Basket

LINE_FIELDS = (
    "sku", "unit_price_cents", "quantity", "name", "category", "brand", "tags", "weight_g",
    "promoted",
)  # fmt: skip
BASKET_FIELDS = ("lines", "has_other_promotions", "order_no")
_CENTS_EXAMPLE = "e.g. 12000 for ¥120.00"


def _where(loc: tuple[int | str, ...], data: Any) -> tuple[str, str]:
    """Say where a problem is ("line 2 (sku B)") and the field's name."""
    if len(loc) >= 2 and loc[0] == "lines" and isinstance(loc[1], int):
        n = loc[1]
        line = data["lines"][n] if isinstance(data, dict) else None
        sku = line.get("sku") if isinstance(line, dict) else None
        where = f"line {n + 1}" + (f" (sku {sku})" if isinstance(sku, str) and sku else "")
        return where, ".".join(str(x) for x in loc[2:])
    return "the basket", ".".join(str(x) for x in loc)


def _problem_text(error: Any, data: Any) -> str:
    """One pydantic error about a basket file, in words."""
    where, field = _where(tuple(error.get("loc", ())), data)
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        if field == "unit_price_cents":
            return (
                f"{where}: unit_price_cents is missing: give each line its price after "
                f"promotions in cents, {_CENTS_EXAMPLE}"
            )
        return f"{where}: {field} is missing"
    if kind == "extra_forbidden":
        known = LINE_FIELDS if where.startswith("line") else BASKET_FIELDS
        name = field.rpartition(".")[2]
        return f"{where}: {name!r} is not a basket field (the fields are {', '.join(known)})"
    if kind.startswith("int_"):
        if field.endswith("_cents"):
            return f"{where}: {field} must be a whole number of cents, {_CENTS_EXAMPLE}"
        return f"{where}: {field} must be a whole number"
    if kind == "greater_than_equal":
        return f"{where}: {field} must not be negative"
    if kind == "less_than_equal":
        return f"{where}: {field} is too large (at most {ctx.get('le')})"
    if kind.startswith("bool_"):
        return f"{where}: {field} must be true or false"
    if kind == "string_type":
        return f"{where}: {field} must be text in double quotes"
    if kind == "string_too_short":
        return f"{where}: {field} must not be empty"
    if kind == "string_too_long":
        return f"{where}: {field} is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        if field == "order_no":
            return f"{where}: an order number is 1 to 32 letters, digits or '-'"
        return f"{where}: {field} must not hold control characters (tabs, line breaks)"
    if kind in ("list_type", "too_long", "too_short"):
        if field == "lines" and kind == "too_short":
            return "the basket has no lines"
        return f"{where}: {field} must be a list" + (
            f" of at most {ctx.get('max_length')} entries" if kind == "too_long" else ""
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where}: {field or 'each line'} must be an object {{...}}"
    return f"{where}: {field}: {error.get('msg', 'not usable')}"


def read_basket(path: Path) -> Basket:
    """Read a basket file (README "Basket files") with the POS endpoint's strict rules."""
    from pydantic import Field, ValidationError

    from posapp.domain.basket import Basket
    from posapp.wire.fields import Flag, OrderNo, Strict
    from posapp.wire.redemption import MAX_LINES, BasketLine

    class BasketFile(Strict):
        lines: list[BasketLine] = Field(min_length=1, max_length=MAX_LINES)
        has_other_promotions: Flag = False
        order_no: OrderNo | None = None

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CliError(f"cannot read the basket file {path}: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CliError(f"{path} is not a text file (UTF-8); a basket file is JSON") from None
    except json.JSONDecodeError as e:
        raise CliError(
            f"{path} is not valid JSON: the first problem is at line {e.lineno}, column "
            f"{e.colno}. A basket file looks like "
            '{"lines": [{"sku": "RICE-5KG", "unit_price_cents": 12000}]}'
        ) from None
    if isinstance(data, list):
        data = {"lines": data}
    if not isinstance(data, dict):
        raise CliError(f'{path} must hold an object {{"lines": [...]}} or a list of lines')
    try:
        parsed = BasketFile.model_validate(data)
    except ValidationError as e:
        problems = [_problem_text(x, data) for x in e.errors()[:5]]
        more = len(e.errors()) - len(problems)
        raise CliError(
            f"{path} cannot be used as a basket:\n  "
            + "\n  ".join(problems)
            + (f"\n  (and {more} more)" if more > 0 else "")
        ) from None
    return Basket(
        lines=tuple(x.to_line() for x in parsed.lines),
        has_other_promotions=parsed.has_other_promotions,
        order_no=parsed.order_no,
    )
