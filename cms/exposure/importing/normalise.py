"""Normalising the cells of an import file: widths, spaces, dates, categories.

Files from the city's credit system are typed by many hands: full-width
digits (２０２６), stray and ideographic spaces, dates in several spellings
or as Excel serial numbers.  These functions turn a cell into one canonical
value or raise CellError with a reason in Chinese.
"""

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from ..choices import Category, Severity

# Full-width digits and Latin letters only: full-width punctuation such as
# （，） belongs in Chinese prose and is kept.
_WIDTH = {
    code: code - 0xFEE0
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_WIDTH[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_NEXT_TO_WIDE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_SERIAL = re.compile(r"^\d{1,7}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_CATEGORY_NUMBER = re.compile(r"^第?([1-4一二三四])类?$")
_CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}


class CellError(ValueError):
    """A reason in Chinese why one cell is not acceptable."""


def without_control_characters(value):
    """A cell with control characters other than whitespace comes from a damaged export.

    NUL above all: PostgreSQL text cannot hold it (SQLite stores it silently). Refuse the cell
    rather than guess what it meant."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise CellError("含有不可见的控制字符（如 NUL），文件可能已损坏，请从原系统重新导出")
    return value


def to_text(value) -> str:
    """Any cell value (str, number, date from XLSX, None) as a trimmed string with narrow digits."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_WIDTH)
    return _SPACES.sub(" ", text).strip()


def compact(value) -> str:
    """Codes and names that never contain spaces (文书号, 认定部门, 严重程度…)."""
    return to_text(value).replace(" ", "")


def clean_name(value) -> str:
    """A person's name: no spaces next to Chinese characters, single spaces between Latin words."""
    return _SPACE_NEXT_TO_WIDE.sub("", to_text(value))


def parse_date(value) -> date:
    """2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, a date cell or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value)
    return _parse_date_text(compact(value))


@lru_cache(maxsize=4096)  # a file repeats the same few hundred dates
def _parse_date_text(text: str) -> date:
    if not text:
        raise CellError("不能为空")
    match = _DATE.match(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(f"日期“{text}”不存在") from None
    if re.fullmatch(r"\d{8}", text):
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise CellError(f"日期“{text}”不存在") from None
    if _SERIAL.match(text):
        return _from_serial(float(text))
    raise CellError(
        f"日期格式不正确（{text[:20]}），应为2026-03-01、2026/3/1、2026年3月1日或Excel日期"
    )


def _from_serial(serial) -> date:
    if not 1 <= serial <= 2958465 or serial != int(serial):
        raise CellError("Excel日期数值无效")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_category(value) -> int:
    """失信类别: 1–4 (also 第1类, 一) or the full name of one of the four kinds."""
    text = compact(value)
    if not text:
        raise CellError("不能为空")
    match = _CATEGORY_NUMBER.match(text)
    if match:
        number = match.group(1)
        return _CHINESE_NUMBERS.get(number) or int(number)
    for category in Category:
        if text == category.label.replace(" ", "") or text == category.label.removesuffix("的行为"):
            return category.value
    raise CellError("应为1–4或四类严重失信行为之一的名称")


def parse_severity(value) -> str:
    text = compact(value)
    for severity in Severity:
        if text == severity.label:
            return severity.value
    if not text:
        raise CellError("不能为空")
    raise CellError(f"应为{'、'.join(s.label for s in Severity)}之一")


def months_text(months: int) -> str:
    if months == 0:
        return "认定日期当天"
    if months % 12 == 0:
        return f"{months // 12}年"
    return f"{months}个月"
