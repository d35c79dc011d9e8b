"""Citizen ID numbers (公民身份号码, GB 11643-1999): the only module that touches a raw number.

A full number is validated, normalised (15 -> 18 characters), then reduced to
what may be kept: the masked form (first 6 + 8 `*` + last 4) and an HMAC-SHA256
keyed with settings.ID_HASH_KEY, so that a repair or objection request can be
matched to its entry without the number ever being stored or logged.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul

from django.conf import settings

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"  # ISO 7064 MOD 11-2: remainder -> check character
_SPACES = re.compile(r"[\s\u3000\-]+")
MASK = "*" * 8


class InvalidPersonalData(ValueError):
    """Raised with a message in Chinese that can be shown to the person who typed the value
    (the message never repeats the value)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidIdNumber(InvalidPersonalData):
    pass


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

    @property
    def adult_from(self) -> date:
        return adult_from(self.birth_date)

    @property
    def sealed_adult_from(self) -> str:
        """The 18th birthday, encrypted: enough to re-check age later, useless without the key."""
        return seal_date(self.adult_from)

    @property
    def lookup_key(self) -> str:
        """Keyed hash of the masked form: what failed lookups count against (the person targeted).

        Every candidate an attacker walks for one listed person shares this key, so the budget
        of cms.home.sensitive_pages holds whatever number and whichever client is tried.
        """
        return keyed_digest("lookup:" + self.masked)


def normalize_text(raw: str) -> str:
    """NFKC: full-width digits, letters and spaces to their ordinary forms (the one place that does it)."""
    return unicodedata.normalize("NFKC", raw or "")


# Full-width digits and Latin letters only: full-width punctuation such as （，） belongs in
# Chinese prose and is kept (NFKC would turn it into ASCII).
_WIDTH = {
    code: code - 0xFEE0
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_WIDTH[0x3000] = 0x20  # ideographic space


def narrow(text: str) -> str:
    """Full-width digits, Latin letters and the ideographic space to ASCII; prose punctuation kept."""
    return text.translate(_WIDTH)


# --- Names of persons --------------------------------------------------------------------
_MIDDLE_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "．": "·", "･": "·"})
_SPACE_NEXT_TO_WIDE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_PERSON_NAME = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134fA-Za-z·]+"
    r"(?: [A-Za-z·]+)*$"
)


class InvalidPersonName(InvalidPersonalData):
    pass


def clean_person_name(raw, max_length: int = 50) -> str:
    """A person's name: Chinese characters, `·` and Latin letters (single spaces between Latin
    words); anything else, a number above all, is refused with a message in Chinese."""
    text = narrow(str(raw or "")).translate(_MIDDLE_DOTS)
    text = _SPACE_NEXT_TO_WIDE.sub("", re.sub(r"\s+", " ", text).strip())
    if not text:
        raise InvalidPersonName("请填写姓名")
    if contains_id_number(text):
        raise InvalidPersonName("姓名中不能包含身份证号码，请只填写姓名")
    if not _PERSON_NAME.match(text):
        raise InvalidPersonName("姓名只能包含汉字、间隔号“·”和英文字母")
    if len(text) > max_length:
        raise InvalidPersonName(f"姓名不能超过{max_length}个字")
    return text


def normalize(raw: str) -> str:
    """Full-width digits and letters to ASCII, spaces and dashes removed, `x` to `X`."""
    return _SPACES.sub("", normalize_text(raw)).upper()


_DIGIT_OFFSET = ord("0") * sum(_WEIGHTS)


def check_character(first17: str) -> str:
    # On the code points (an import checks 100,000 numbers); a digit that is not ASCII becomes
    # "?" and gives a check character no valid number has.
    codes = first17.encode("ascii", "replace")
    return _CHECK_CHARACTERS[(sum(map(mul, codes, _WEIGHTS)) - _DIGIT_OFFSET) % 11]


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
    if not number.isascii():  # digits of other scripts count as digits for str.isdigit()
        raise InvalidIdNumber("身份证号码前17位应为数字，最后一位为数字或X")
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
    return hmac.digest(secret, number.encode("ascii"), "sha256").hex()  # one-shot, in C


def keyed_digest(text: str) -> str:
    """HMAC-SHA256 of any text derived from an ID number (e.g. its masked form), hex encoded."""
    return hmac.new(
        settings.ID_HASH_KEY.encode("utf-8"), text.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def age_on(birth: date, day: date) -> int:
    """Completed years on `day` (a 29 February birthday counts from 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def adult_from(birth: date) -> date:
    """The first day on which age_on() is 18 (1 March for a 29 February birthday in a common year)."""
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:
        return date(birth.year + 18, 3, 1)


# --- Sealed dates --------------------------------------------------------------------------
# The 18th birthday of a listed person must be kept to re-check "never a minor" whenever the
# decision date changes, but in clear it would give back the birth date, which together with
# the masked form is the whole number.  It is kept encrypted with a key derived from
# ID_HASH_KEY, so the database alone reveals nothing: AES-256-GCM with a random nonce
# ("g1:" + base64url(nonce + ciphertext + tag)), one library call per date (an import seals
# 100,000 of them).  Dates sealed earlier with Fernet (AES-CBC + HMAC) still open.
_SEALED_GCM = "g1:"
_NONCE_BYTES = 12


def _fernet() -> Fernet:
    return _fernet_for(settings.ID_HASH_KEY)


@lru_cache(maxsize=4)
def _fernet_for(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"xyyj sealed dates").derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _aead_for(secret: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"xyyj sealed dates gcm"
    ).derive(secret.encode("utf-8"))
    return AESGCM(key)


def seal_date(day: date) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _aead_for(settings.ID_HASH_KEY).encrypt(nonce, day.isoformat().encode("ascii"), None)
    return _SEALED_GCM + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def open_sealed_date(token: str) -> date | None:
    """The sealed date, or None if there is none or it was sealed with another key."""
    if not token:
        return None
    try:
        if token.startswith(_SEALED_GCM):
            raw = base64.urlsafe_b64decode(token[len(_SEALED_GCM) :])
            plain = _aead_for(settings.ID_HASH_KEY).decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None
            )
        else:
            plain = _fernet().decrypt(token.encode("ascii"))
        return date.fromisoformat(plain.decode("ascii"))
    except (InvalidToken, InvalidTag, ValueError, binascii.Error):
        return None


# --- ID numbers inside free text ----------------------------------------------------------
# Names, 失信行为, 认定依据, reasons and file names must never carry a full number.  A run of
# digits (full-width, or split by spaces or dashes) is an ID number if an 18-character window
# of it passes the GB 11643 check (valid address digit, birth date and check character), or if
# the whole run is 15 digits with a valid birth date (the old form has no check character).
# At least 15 characters: a shorter run (2026, 〔2026〕1号) cannot be a number.
_RUN = re.compile(r"[0-9](?:[\s\-\u2010-\u2015]{0,2}[0-9Xx]){14,}")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")


def _is_full_number(candidate: str) -> bool:
    try:
        if len(candidate) == 18:
            if candidate[:17].isdigit() and check_character(candidate[:17]) == candidate[17]:
                parse_id_number(candidate)
                return True
            return False
        if len(candidate) == 15 and candidate.isdigit():
            parse_id_number(candidate)
            return True
    except InvalidIdNumber:
        return False
    return False


def find_id_numbers(text: str) -> list[str]:
    """The masked forms of the full ID numbers hidden in `text` (empty if there is none)."""
    found = []
    for match in _RUN.finditer(normalize_text(text)):
        run = _SEPARATORS.sub("", match.group()).upper()
        if len(run) == 15 and _is_full_number(run):
            found.append(mask_id_number(upgrade_15_to_18(run)))
            continue
        for start in range(len(run) - 17):
            window = run[start : start + 18]
            if "X" not in window[:17] and _is_full_number(window):
                found.append(mask_id_number(window))
                break
    return found


def contains_id_number(text: str) -> bool:
    return bool(find_id_numbers(text))


def redact_id_numbers(text: str) -> str:
    """`text` with every full ID number in it replaced by its masked form (unchanged if none)."""
    if not contains_id_number(text):
        return text

    def mask_run(match):
        masked = find_id_numbers(match.group())
        return masked[0] if masked else match.group()

    return _RUN.sub(mask_run, narrow(text))


def masked_cell(text: str) -> str:
    """A value safe to repeat in an error message: masked if it is or holds an ID number."""
    if not contains_id_number(text):
        return text
    number = normalize(text)
    if len(number) in (15, 18) and _is_full_number(number):
        return mask_id_number(number)
    return "（含身份证号码，已隐去）"
