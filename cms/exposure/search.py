"""Public search of the exposure list: by exact name (optionally last 4 of the ID), or 查询本人.

Both go through ExposureEntry.objects.public(); a full ID number only ever
passes through cms.home.privacy and is never logged or returned.
"""

import re

from cms.home.privacy import InvalidIdNumber, normalize, parse_id_number

from .importing.normalise import clean_name
from .models import ExposureEntry

RESULT_LIMIT = 50
_LAST4 = re.compile(r"^\d{3}[\dX]$")


class SearchError(ValueError):
    """A message in Chinese for the person searching."""


def search_by_name(name, last4="", *, today=None):
    name = clean_name(name)
    if not name:
        raise SearchError("请输入要查询的姓名")
    entries = ExposureEntry.objects.public(today).filter(name=name)
    last4 = normalize(last4)
    if last4:
        if not _LAST4.match(last4):
            raise SearchError("身份证号码后4位应为4位数字（最后一位可为X）")
        entries = entries.filter(masked_id__endswith=last4)
    return (
        entries.for_display()
        .select_related("batch")
        .order_by("-decision_date", "pk")[:RESULT_LIMIT]
    )


def search_own_records(raw_id_number, *, today=None):
    """查询本人: the entries whose keyed hash matches; raises SearchError (never echoing the number)."""
    try:
        id_hash = parse_id_number(raw_id_number).keyed_hash
    except InvalidIdNumber as exc:
        raise SearchError(exc.message) from None
    return (
        ExposureEntry.objects.public(today)
        .filter(id_hash=id_hash)
        .for_display()
        .select_related("batch")
        .order_by("-decision_date", "pk")[:RESULT_LIMIT]
    )
