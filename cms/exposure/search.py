"""Public search of the exposure list: by exact name (optionally last 4 of the ID), or 查询本人.

Both go through ExposureEntry.objects.public(); a full ID number only ever passes through
cms.home.privacy and is never logged or returned. 查询本人 needs the name and the number, and
its failures count against the person's lookup budget (cms.home.sensitive_pages), which it
shares with the first step of objections and repair requests.
"""

import re

from cms.home.privacy import (
    InvalidIdNumber,
    InvalidPersonName,
    clean_person_name,
    contains_id_number,
    normalize,
    parse_id_number,
)
from cms.home.sensitive_pages import LookupLocked, guarded_lookup

from .models import ExposureEntry

RESULT_LIMIT = 50
_LAST4 = re.compile(r"^\d{3}[\dX]$")
ID_IN_NAME_SEARCH = (
    "按姓名查询不接受身份证号码。查询与本人有关的记录，请使用下方的“查询本人”（姓名和身份证号码）。"
)


class SearchError(ValueError):
    """A message in Chinese for the person searching."""


def search_by_name(name, last4="", *, today=None):
    if contains_id_number(name):
        raise SearchError(ID_IN_NAME_SEARCH)
    try:
        name = clean_person_name(name)
    except InvalidPersonName as exc:
        raise SearchError(exc.message) from None
    entries = ExposureEntry.objects.public(today).filter(name=name)
    last4 = normalize(last4)
    if last4:
        if not _LAST4.match(last4):
            raise SearchError("身份证号码后4位应为4位数字（最后一位可为X）")
        entries = entries.filter(masked_id__endswith=last4)
    return entries.for_display().with_batch().order_by("-decision_date", "pk")[:RESULT_LIMIT]


def search_own_records(name, raw_id_number, *, today=None):
    """查询本人: the public entries with this name and keyed hash.

    Raises SearchError (never echoing the number), also when the person's budget of failed
    lookups is spent.
    """
    try:
        name = clean_person_name(name)
        id_number = parse_id_number(raw_id_number)
    except (InvalidIdNumber, InvalidPersonName) as exc:
        raise SearchError(exc.message) from None

    def lookup():
        return list(
            ExposureEntry.objects.public(today)
            .filter(name=name, id_hash=id_number.keyed_hash)
            .for_display()
            .with_batch()
            .order_by("-decision_date", "pk")[:RESULT_LIMIT]
        )

    try:
        return guarded_lookup(id_number, lookup)
    except LookupLocked as exc:
        raise SearchError(exc.message) from None
