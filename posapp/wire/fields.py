"""The field types of the HTTP contract, shared by every request and answer model.

Every string that reaches a database excludes control characters (PostgreSQL refuses NUL
in text, and nothing a person types needs them); every integer is a JSON integer (a
string or a boolean where cents are expected is refused, never cast) with a ceiling below
BIGINT, so no input can turn into a database error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

MAX_CENTS = 10**10  # 100 million yuan
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
Name = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"
    ),
]
Text = Annotated[str, StringConstraints(max_length=2000, pattern=_PRINTABLE)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_PRINTABLE)]
Sku = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
OrderNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,32}$", to_upper=True)]
CodeText = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=_PRINTABLE)]
Cents = Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)]
Count = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
Flag = StrictBool


def _sane_instant(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2200:
        raise ValueError("instants must fall between the years 2000 and 2200")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_sane_instant)]


class Strict(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
