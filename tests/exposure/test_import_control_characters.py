"""A cell with a NUL (or another control character) is a bad cell, reported like any other.

SQLite stored such text silently; PostgreSQL refuses it with a database error in the middle of
the import. Either way the file is damaged: nothing is imported and the cell is named.
"""

import io

import pytest

from cms.exposure.importing import import_file
from cms.exposure.models import ExposureEntry

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("姓名", "张\x00三"),
        ("文书号", "阳市监罚〔2026〕\x001号"),
        ("失信行为", "生产销售\x07不符合食品安全标准的食品"),
    ],
)
def test_control_character_in_a_cell_imports_nothing_and_names_the_cell(batch, column, value):
    rows = [row(**{"文书号": "阳市监罚〔2026〕9号", "姓名": "李四"}), row(**{column: value})]
    report = import_file(io.BytesIO(csv_bytes(rows)), batch, file_name="名单.csv")

    assert not report.ok
    assert [(error.line, error.column) for error in report.errors] == [(3, column)]
    assert "控制字符" in report.errors[0].message
    assert ExposureEntry.objects.count() == 0
