"""Validation of one import row into a ValidRow that holds nothing but what may be stored.

The raw ID number is handed to cms.home.privacy and dropped: a ValidRow keeps
the masked form and the keyed hash only, so nothing downstream (the writer,
the preview's temporary file, error reports) can leak it.
"""

from dataclasses import asdict, dataclass, fields
from datetime import date

from django.utils import timezone

from cms.home.privacy import InvalidIdNumber, parse_id_number

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
    without_control_characters,
)

MAX_LENGTHS = {"姓名": 50, "认定部门": 100, "文书号": 100}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"第{self.line}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class ValidRow:
    line: int
    name: str
    masked_id: str
    id_hash: str
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
        data = asdict(self)
        data["decision_date"], data["end_date"] = (
            self.decision_date.isoformat(),
            self.end_date.isoformat(),
        )
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ValidRow":
        values = {field.name: data[field.name] for field in fields(cls)}
        values["decision_date"] = date.fromisoformat(values["decision_date"])
        values["end_date"] = date.fromisoformat(values["end_date"])
        return cls(**values)

    @property
    def severity_label(self):
        return Severity(self.severity).label

    @property
    def document_key(self):
        return (self.authority, self.document_number)


class RowValidator:
    """Validates rows against the reference data loaded once (key areas, period bounds)."""

    def __init__(self, *, today=None):
        self.today = today or timezone.localdate()
        self.key_areas = dict(KeyArea.objects.filter(active=True).values_list("name", "pk"))
        self.bounds = SeverityPeriod.objects.bounds()

    def validate(self, line: int, raw: dict) -> tuple[ValidRow | None, list[RowError]]:
        errors: list[RowError] = []

        def cell(column, parser):
            try:
                return parser(without_control_characters(raw.get(column)))
            except CellError as exc:
                errors.append(RowError(line, column, str(exc)))
                return None

        name = cell("姓名", lambda v: self._required(clean_name(v), "姓名"))
        category = cell("失信类别", parse_category)
        severity = cell("严重程度", parse_severity)
        key_area_id = cell("重点领域", self._key_area)
        behaviour = cell("失信行为", lambda v: self._required(to_text(v)))
        legal_basis = cell("认定依据", lambda v: self._required(to_text(v)))
        authority = cell("认定部门", lambda v: self._required(compact(v), "认定部门"))
        document_number = cell("文书号", lambda v: self._required(compact(v), "文书号"))
        decision_date = cell("认定日期", self._decision_date)
        end_date = cell("公示截止日期", parse_date)
        id_number = cell("身份证号码", self._id_number)

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
            name=name,
            masked_id=id_number.masked,
            id_hash=id_number.keyed_hash,
            category=category,
            severity=severity,
            key_area_id=key_area_id,
            behaviour=behaviour,
            legal_basis=legal_basis,
            authority=authority,
            document_number=document_number,
            decision_date=decision_date,
            end_date=end_date,
        ), []

    @staticmethod
    def _required(text, column=None):
        if not text:
            raise CellError("不能为空")
        limit = MAX_LENGTHS.get(column)
        if limit and len(text) > limit:
            raise CellError(f"不能超过{limit}个字")
        return text

    def _key_area(self, value):
        text = compact(value)
        if not text:
            raise CellError("不能为空")
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
