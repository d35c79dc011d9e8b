"""Validation of one import row into a ValidRow that holds nothing but what may be stored.

The raw ID number is handed to cms.home.privacy and dropped: a ValidRow keeps
the masked form and the keyed hash only, so nothing downstream (the writer,
the preview's temporary file, error reports) can leak it.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils import timezone

from cms.home.privacy import (
    InvalidIdNumber,
    contains_id_number,
    parse_id_number,
    redact_id_numbers,
)

from ..choices import Severity
from ..models import KeyArea, SeverityPeriod
from ..models.reference import period_bounds
from .normalise import (
    CellError,
    clean_name,
    compact,
    months_text,
    parse_category,
    parse_date,
    parse_severity,
    to_text,
)

MAX_LENGTHS = {"姓名": 50, "认定部门": 100, "文书号": 100, "失信行为": 2000, "认定依据": 1000}
# Any cell longer than this is refused before it is parsed (a sane row is far shorter).
MAX_CELL_LENGTH = 4000
# Free text that is published: a full ID number in it would be published too.
FREE_TEXT_COLUMNS = ("失信行为", "认定依据", "认定部门", "文书号", "重点领域")
# C0/C1 controls (NUL included) and bidirectional overrides; tab and line breaks are spacing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __post_init__(self):
        # Whatever a reason quotes from a cell, it never repeats a full ID number.
        object.__setattr__(self, "message", redact_id_numbers(self.message))

    def __str__(self):
        where = f"第{self.line}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


class ValidRow(NamedTuple):
    """One checked row (a tuple: 100,000 of them are made per import)."""

    line: int
    name: str
    masked_id: str
    id_hash: str
    adult_from_sealed: str
    category: int
    severity: str
    key_area_id: int
    behaviour: str
    legal_basis: str
    authority: str
    document_number: str
    decision_date: date
    end_date: date

    def to_json(self) -> dict:
        data = self._asdict()
        data["decision_date"], data["end_date"] = (
            self.decision_date.isoformat(),
            self.end_date.isoformat(),
        )
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ValidRow":
        values = {name: data[name] for name in cls._fields}
        values["decision_date"] = date.fromisoformat(values["decision_date"])
        values["end_date"] = date.fromisoformat(values["end_date"])
        return cls(**values)

    @property
    def severity_label(self):
        return Severity(self.severity).label

    @property
    def document_key(self):
        return (self.authority, self.document_number)


# Most columns repeat across a file (one authority, a few legal bases, categories, dates, common
# names): each distinct short value of those is checked once and its outcome remembered.
MEMO_ENTRIES = 60_000  # all columns together: a few tens of MB at most
MEMO_VALUE_LENGTH = 100  # longer cells are checked every time, never remembered


class _Refused:
    """A remembered CellError: the reason a value is not acceptable."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class RowValidator:
    """Validates rows against the reference data loaded once (key areas, period bounds)."""

    def __init__(self, *, today=None):
        self.today = today or timezone.localdate()
        self.key_areas = dict(KeyArea.objects.filter(active=True).values_list("name", "pk"))
        self.bounds = SeverityPeriod.objects.bounds()
        self._memo_room = MEMO_ENTRIES
        # (column, parser, memo or None); the ID number is never remembered.
        self._columns = [
            (column, parser, None if column in ("身份证号码", "文书号") else {})
            for column, parser in (
                ("姓名", lambda v: self._required(clean_name(v), "姓名")),
                ("失信类别", parse_category),
                ("严重程度", parse_severity),
                ("重点领域", self._key_area),
                ("失信行为", lambda v: self._required(to_text(v), "失信行为")),
                ("认定依据", lambda v: self._required(to_text(v), "认定依据")),
                ("认定部门", lambda v: self._required(compact(v), "认定部门")),
                ("文书号", lambda v: self._required(compact(v), "文书号")),
                ("认定日期", self._decision_date),
                ("公示截止日期", parse_date),
                ("身份证号码", self._id_number),
            )
        ]

    def validate(self, line: int, raw: dict) -> tuple[ValidRow | None, list[RowError]]:
        errors: list[RowError] = []
        values = {}
        for column, parser, memo in self._columns:
            value = raw.get(column)
            if memo is None:
                outcome = _check(column, parser, value)
            else:
                # bool is an int (True == 1): keep the type apart for anything but text.
                key = value if value.__class__ is str else (value.__class__, value)
                outcome = memo.get(key, memo)
                if outcome is memo:
                    outcome = _check(column, parser, value)
                    if self._memo_room > 0 and (
                        value.__class__ is not str or len(value) <= MEMO_VALUE_LENGTH
                    ):
                        memo[key] = outcome
                        self._memo_room -= 1
            if outcome.__class__ is _Refused:
                errors.append(RowError(line, column, outcome.message))
                outcome = None
            values[column] = outcome

        id_number, decision_date = values["身份证号码"], values["认定日期"]
        severity, end_date = values["严重程度"], values["公示截止日期"]
        if (
            id_number is not None
            and decision_date is not None
            and id_number.is_minor_on(decision_date)
        ):
            errors.append(RowError(line, "身份证号码", "认定日期时未满18周岁，依法不予公示"))
        if end_date is not None and decision_date is not None and severity is not None:
            self._check_period(line, severity, decision_date, end_date, errors)
        if errors:
            return None, errors
        return ValidRow(
            line=line,
            name=values["姓名"],
            masked_id=id_number.masked,
            id_hash=id_number.keyed_hash,
            adult_from_sealed=id_number.sealed_adult_from,
            category=values["失信类别"],
            severity=severity,
            key_area_id=values["重点领域"],
            behaviour=values["失信行为"],
            legal_basis=values["认定依据"],
            authority=values["认定部门"],
            document_number=values["文书号"],
            decision_date=decision_date,
            end_date=end_date,
        ), []

    @staticmethod
    def _required(text, column=None):
        if column in FREE_TEXT_COLUMNS and contains_id_number(text):
            raise CellError("不能包含身份证号码（公示内容只能出现脱敏号码），请删除后重新导入")
        if not text:
            raise CellError("不能为空")
        limit = MAX_LENGTHS.get(column)
        if limit and len(text) > limit:
            raise CellError(f"不能超过{limit}个字")
        return text

    def _key_area(self, value):
        text = self._required(compact(value), "重点领域")
        if text not in self.key_areas:
            raise CellError(f"“{text[:20]}”不是已登记的重点领域（可在后台“重点领域”中维护）")
        return self.key_areas[text]

    def _decision_date(self, value):
        day = parse_date(value)
        if day > self.today:
            raise CellError("认定日期不能晚于今天")
        return day

    def _id_number(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("身份证号码被存为数字格式，请将该列设为文本后重新导出")
        try:
            # The parsed number lives only in this call chain; errors never contain it.
            return parse_id_number(to_text(value), today=self.today)
        except InvalidIdNumber as exc:
            raise CellError(exc.message) from None

    def _check_period(self, line, severity, decision_date, end_date, errors):
        months = self.bounds.get(severity)
        if months is None:
            errors.append(
                RowError(line, "严重程度", "未配置该严重程度的公示期限（后台“公示期限”）")
            )
            return
        earliest, latest = period_bounds(decision_date, months)
        if not earliest <= end_date <= latest:
            label = Severity(severity).label
            period = (
                f"不超过{months_text(months[1])}"
                if months[0] == 0
                else f"为{months_text(months[0])}至{months_text(months[1])}"
            )
            errors.append(
                RowError(
                    line,
                    "公示截止日期",
                    f"{label}失信的公示期{period}，截止日期应在{earliest:%Y-%m-%d}至{latest:%Y-%m-%d}之间",
                )
            )


def _check(column, parser, value):
    """The parsed value of one cell, or _Refused with the reason."""
    try:
        return parser(_safe_cell(column, value))
    except CellError as exc:
        return _Refused(str(exc))


def _safe_cell(column, value):
    """Refuse what no column may hold: control characters (NUL included) and absurd lengths."""
    if isinstance(value, str):
        if len(value) > MAX_CELL_LENGTH:
            raise CellError(f"内容过长（{len(value)}个字符，单元格最多{MAX_CELL_LENGTH}个字符）")
        if _CONTROL.search(value):
            raise CellError("含有不可见的控制字符（如NUL），请删除后重新导入")
    return value
