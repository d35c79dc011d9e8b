"""Citizen ID numbers (公民身份号码, GB 11643-1999): the only module that touches a raw number.

A full number is validated, normalised (15 -> 18 characters), then reduced to
what may be kept: the masked form (first 6 + 8 `*` + last 4) and an HMAC-SHA256
keyed with settings.ID_HASH_KEY, so that a repair or objection request can be
matched to its entry without the number ever being stored or logged.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"  # ISO 7064 MOD 11-2: remainder -> check character
_SPACES = re.compile(r"[\s\u3000\-]+")
MASK = "*" * 8


class InvalidIdNumber(ValueError):
    """Raised with a message in Chinese that can be shown to the person who typed the number."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    """A validated 18-character ID number. Its repr never shows the number."""

    value: str
    birth_date: date

    def __repr__(self):
        return f"IdNumber(masked={self.masked!r})"

    __str__ = __repr__

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)

    @property
    def keyed_hash(self) -> str:
        return hash_id_number(self.value)

    @property
    def last4(self) -> str:
        return self.value[-4:]

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def is_minor_on(self, day: date) -> bool:
        return self.age_on(day) < 18


def normalize(raw: str) -> str:
    """Full-width digits and letters to ASCII, spaces and dashes removed, `x` to `X`."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SPACES.sub("", text).upper()


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=False))
    return _CHECK_CHARACTERS[total % 11]


def upgrade_15_to_18(old: str) -> str:
    """An old 15-digit number (born 19xx) as its 18-character form."""
    body = old[:6] + "19" + old[6:]
    return body + check_character(body)


def _birth_date(yyyymmdd: str) -> date:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise InvalidIdNumber("身份证号码中的出生日期无效") from None


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """Validate and normalise; raise InvalidIdNumber with a Chinese message."""
    number = normalize(raw)
    if not number:
        raise InvalidIdNumber("请填写身份证号码")
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidIdNumber("15位身份证号码应全部为数字")
        number = upgrade_15_to_18(number)
    elif len(number) == 18:
        if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
            raise InvalidIdNumber("身份证号码前17位应为数字，最后一位为数字或X")
        if check_character(number[:17]) != number[17]:
            raise InvalidIdNumber("身份证号码校验位不正确，请核对后重新输入")
    else:
        raise InvalidIdNumber("身份证号码应为18位（或旧式15位）")
    if number[0] not in "12345678":
        raise InvalidIdNumber("身份证号码的地址码无效")
    birth = _birth_date(number[6:14])
    if birth.year < 1870 or birth > (today or date.today()):
        raise InvalidIdNumber("身份证号码中的出生日期无效")
    return IdNumber(value=number, birth_date=birth)


def mask_id_number(number: str) -> str:
    """`441702********123X`: the first 6 and the last 4 characters only."""
    return number[:6] + MASK + number[-4:]


def hash_id_number(number: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the normalised 18-character number, hex encoded."""
    secret = (key if key is not None else settings.ID_HASH_KEY).encode("utf-8")
    return hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()


def age_on(birth: date, day: date) -> int:
    """Completed years on `day` (a 29 February birthday counts from 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
