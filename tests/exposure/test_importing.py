"""Importing exposure files: encodings, XLSX, every bad row reported, all-or-nothing, idempotence."""

import io
import re
from datetime import date

from django.core.management import CommandError, call_command

import pytest

from cms.exposure.importing import import_file
from cms.exposure.models import ExposureEntry, ExposureImport
from cms.home.privacy import hash_id_number

from .conftest import csv_bytes, id_number, row, xlsx_bytes

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"\d{17}[\dXx]")


def good_rows():
    return [
        row(),
        row(
            **{
                "姓名": "李四",
                "身份证号码": id_number("19900101", "456"),
                "文书号": "阳市监罚〔2026〕2号",
                "严重程度": "一般",
                "失信类别": "严重危害人民群众身体健康和生命安全的行为",
                "公示截止日期": "2026/9/1",
            }
        ),
        row(
            **{
                "姓名": "王五",
                "身份证号码": id_number("19700707", "789"),
                "文书号": "阳市监罚〔2026〕3号",
                "严重程度": "轻微",
                "认定日期": "2026年3月1日",
                "公示截止日期": "2026年5月31日",
            }
        ),
    ]


def run(data, batch, **kwargs):
    return import_file(io.BytesIO(data), batch, file_name="名单.csv", **kwargs)


@pytest.mark.parametrize(
    "make_file",
    [
        lambda rows: csv_bytes(rows, "utf-8"),
        lambda rows: csv_bytes(rows, "utf-8-sig"),
        lambda rows: csv_bytes(rows, "gb18030"),
        xlsx_bytes,
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "xlsx"],
)
def test_good_file_imports_every_row_with_masked_id_and_hash_only(batch, make_file):
    report = run(make_file(good_rows()), batch)

    assert report.ok, report.errors
    assert (report.total, report.created) == (3, 3)
    first = ExposureEntry.objects.get(document_number="阳市监罚〔2026〕1号")
    assert first.name == "张三"
    assert first.masked_id == id_number()[:6] + "********" + id_number()[-4:]
    assert first.id_hash == hash_id_number(id_number())
    assert first.end_date == date(2027, 3, 1)
    assert ExposureEntry.objects.get(name="李四").category == 1
    assert ExposureEntry.objects.get(name="王五").end_date == date(2026, 5, 31)
    # the full number is stored nowhere in the entries table
    for values in ExposureEntry.objects.values_list():
        assert not any(FULL_ID.search(str(value)) for value in values)
    assert ExposureImport.objects.get().rows_created == 3


def test_imported_entries_wait_for_review_and_keep_their_provenance_and_sealed_age(batch):
    from django.utils import timezone

    from cms.exposure.choices import Status
    from cms.home.privacy import open_sealed_date

    before = timezone.now()
    report = run(csv_bytes(good_rows()), batch)

    assert report.ok, report.errors
    import_run = ExposureImport.objects.get()
    entries = list(ExposureEntry.objects.order_by("document_number"))
    assert len(entries) == 3
    for entry in entries:
        # never public before a reviewer approves the batch, whatever the stored status says
        assert entry.pending_review and entry.status == Status.PUBLISHED
        assert not entry.minor_on_decision and entry.key_group is None
        assert entry.import_run == import_run and entry.batch == batch
        assert before <= entry.created_at == entry.updated_at <= timezone.now()
    assert not ExposureEntry.objects.public().exists()
    # the 18th birthday is kept sealed only, and opens to the right date
    assert open_sealed_date(entries[0].adult_from_sealed) == date(2003, 3, 12)
    assert "2003" not in entries[0].adult_from_sealed
    entries[0].decision_date = date(2026, 2, 1)
    entries[0].save()  # an adult on the new date: the sealed date lets the check pass


def test_excel_dates_fullwidth_digits_spaces_and_lowercase_x_are_normalised(batch):
    number = id_number("19851231", "002")
    while not number.endswith("X"):  # find a number whose check character is X
        number = id_number("19851231", f"{int(number[14:17]) + 1:03d}")
    fullwidth = number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    rows = [
        [
            " 张 三 ",
            f"  {fullwidth} ",
            "２",
            " 严重 ",
            "食品药品 ",
            "行为",
            "依据",
            "阳江市市场监督管理局",
            " 阳市监罚〔２０２６〕 5号",
            46082,
            "2027-03-01",
        ],
    ]
    report = import_file(io.BytesIO(xlsx_bytes(rows)), batch, file_name="x.xlsx")

    assert report.ok, report.errors
    entry = ExposureEntry.objects.get()
    assert entry.name == "张三"
    assert entry.id_hash == hash_id_number(number)
    assert entry.masked_id.endswith("X")
    assert entry.document_number == "阳市监罚〔2026〕5号"
    assert entry.decision_date == date(2026, 3, 1)  # Excel serial 46082


def test_excel_serial_date_as_text_in_csv(batch):
    report = run(csv_bytes([row(**{"认定日期": "46082", "公示截止日期": "46447"})]), batch)
    assert report.ok, report.errors
    assert ExposureEntry.objects.get().end_date == date(2027, 3, 1)


def test_every_bad_row_is_reported_with_line_column_and_chinese_reason_and_nothing_is_imported(
    batch,
):
    minor = id_number("20100101", "111")
    rows = [
        row(),  # line 2: fine
        row(
            **{
                "身份证号码": id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"),
                "文书号": "A2",
            }
        ),  # line 3: check character
        row(**{"身份证号码": minor, "文书号": "A3"}),  # line 4: minor
        row(**{"严重程度": "特别严重", "文书号": "A4"}),  # line 5
        row(**{"重点领域": "火星开发", "文书号": "A5"}),  # line 6
        row(**{"认定日期": "2026-02-30", "文书号": "A6"}),  # line 7
        row(**{"公示截止日期": "2031-03-01", "文书号": "A7"}),  # line 8: beyond 3 years
        row(**{"姓名": "", "失信类别": "5", "文书号": "A8"}),  # line 9: two errors
        row(),  # line 10: duplicate of line 2
    ]
    report = run(csv_bytes(rows), batch)

    assert not report.ok
    found = {(error.line, error.column) for error in report.errors}
    assert found == {
        (3, "身份证号码"),
        (4, "身份证号码"),
        (5, "严重程度"),
        (6, "重点领域"),
        (7, "认定日期"),
        (8, "公示截止日期"),
        (9, "姓名"),
        (9, "失信类别"),
        (10, "文书号"),
    }
    messages = {(error.line, error.column): error.message for error in report.errors}
    assert "校验位" in messages[(3, "身份证号码")]
    assert "未满18周岁" in messages[(4, "身份证号码")]
    assert "2027-03-01至2029-03-01" in messages[(8, "公示截止日期")]
    assert "第2行" in messages[(10, "文书号")]
    assert ExposureEntry.objects.count() == 0 and ExposureImport.objects.count() == 0
    # errors never carry a full ID number
    assert not any(FULL_ID.search(str(error)) for error in report.errors)
    assert minor not in str(report.errors)


def test_missing_columns_are_reported_once(batch):
    report = run(csv_bytes([["张三"]], header=["姓名"]), batch)
    assert not report.ok
    assert report.errors[0].line == 1 and "缺少列" in report.errors[0].message


def test_reimporting_the_same_file_changes_nothing(batch):
    data = csv_bytes(good_rows())
    assert run(data, batch).created == 3
    again = run(data, batch)

    assert again.ok and (again.created, again.unchanged) == (0, 3)
    assert ExposureEntry.objects.count() == 3
    assert ExposureImport.objects.count() == 1


def test_existing_document_number_with_different_content_is_reported_not_overwritten(batch):
    run(csv_bytes(good_rows()), batch)
    changed = good_rows()
    changed[1][5] = "另一种失信行为"
    report = run(csv_bytes(changed), batch)

    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, "文书号")]
    assert "内容与本行不同" in report.errors[0].message
    assert ExposureEntry.objects.get(name="李四").behaviour == "生产销售不符合食品安全标准的食品"


def test_same_document_number_from_another_authority_is_a_different_record(batch):
    rows = [
        row(),
        row(**{"认定部门": "阳江市应急管理局", "身份证号码": id_number("19700101", "222")}),
    ]
    assert run(csv_bytes(rows), batch).created == 2


def test_dry_run_writes_nothing_but_counts(batch):
    report = run(csv_bytes(good_rows()), batch, dry_run=True)
    assert report.ok and report.created == 3
    assert ExposureEntry.objects.count() == 0


def test_gb18030_only_characters_survive(batch):
    report = run(csv_bytes([row(**{"姓名": "㑇一"})], "gb18030"), batch)  # 㑇 is outside GBK
    assert report.ok, report.errors
    assert ExposureEntry.objects.get().name == "㑇一"


def test_legacy_xls_is_refused_in_chinese(batch):
    report = run(b"\xd0\xcf\x11\xe0" + b"\0" * 100, batch)
    assert "xls" in report.errors[0].message


class TestCommand:
    def test_imports_a_file_into_a_batch_by_slug(self, batch, tmp_path, capsys):
        path = tmp_path / "名单.csv"
        path.write_bytes(csv_bytes(good_rows(), "gb18030"))
        out = io.StringIO()
        call_command(
            "import_exposures", str(path), "--batch", batch.slug, stdout=out, stderr=io.StringIO()
        )
        assert "新增3" in out.getvalue()
        assert ExposureEntry.objects.filter(batch=batch).count() == 3

    def test_dry_run_by_page_id_writes_nothing(self, batch, tmp_path):
        path = tmp_path / "名单.csv"
        path.write_bytes(csv_bytes(good_rows()))
        out = io.StringIO()
        call_command(
            "import_exposures",
            str(path),
            "--batch",
            str(batch.pk),
            "--dry-run",
            stdout=out,
            stderr=io.StringIO(),
        )
        assert "试运行" in out.getvalue()
        assert ExposureEntry.objects.count() == 0

    def test_bad_file_fails_and_lists_rows_without_full_numbers(self, batch, tmp_path):
        path = tmp_path / "名单.csv"
        bad = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
        path.write_bytes(csv_bytes([row(), row(**{"身份证号码": bad, "文书号": "B"})]))
        err = io.StringIO()
        with pytest.raises(CommandError, match="未导入任何记录"):
            call_command(
                "import_exposures",
                str(path),
                "--batch",
                batch.slug,
                "--no-progress",
                stdout=io.StringIO(),
                stderr=err,
            )
        assert "第3行“身份证号码”列" in err.getvalue()
        assert bad not in err.getvalue()
        assert ExposureEntry.objects.count() == 0

    def test_unknown_batch(self, batch, tmp_path):
        path = tmp_path / "x.csv"
        path.write_bytes(csv_bytes([row()]))
        with pytest.raises(CommandError, match="找不到批次"):
            call_command("import_exposures", str(path), "--batch", "nope")
