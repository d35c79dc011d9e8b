"""Tracking numbers (查询编号) that cannot be guessed: "XY" + filing date + 12 random characters.

The alphabet has 32 characters without 0/O and 1/I, so 12 of them carry 60 random bits
(secrets, not random): the status page cannot be enumerated.
"""

import re
import secrets
from datetime import date

from cms.home.privacy import normalize_text

PREFIX = "XY"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RANDOM_LENGTH = 12
_SEPARATORS = re.compile(r"[\s\-_\u3000]+")


def new_tracking_number(day: date) -> str:
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}{day:%Y%m%d}{random_part}"


def normalize_tracking_number(raw: str) -> str:
    """What a person typed, as stored: full-width to ASCII, separators dropped, upper case."""
    return _SEPARATORS.sub("", normalize_text(raw)).upper()
