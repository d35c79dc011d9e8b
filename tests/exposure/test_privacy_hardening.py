"""Offline records answer nothing, no full ID number in free text, never a minor, nothing
public without the reviewer, and staff see what the public sees."""

import io
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.credit_requests.targets import register_target
from cms.exposure.choices import Status
from cms.exposure.importing import import_file
from cms.exposure.models import ExposureEntry
from cms.exposure.request_target import ExposureRequestTarget
from cms.home.privacy import parse_id_number
from tests.exposure.factories import ExposureListPageFactory

from .conftest import csv_bytes, entry_form_data, entry_url, id_number, row, xlsx_bytes

pytestmark = pytest.mark.django_db
NUMBER = id_number("19890313", "074")
FULL_ID = re.compile(r"\d{17}[\dXx]")


def identify(name, number):
    return Client().post("/credit-requests/", {"name": name, "id_number": number})


# --- 2. offline records answer as "not found" ------------------------------------------------


@pytest.mark.parametrize(
    "offline",
    ["expired", "corrected", "minor", "pending", "unpublished batch", "private batch"],
)
def test_request_step_one_finds_only_what_is_public_now(offline, index, make_entry):
    register_target(ExposureRequestTarget())
    batch = ExposureListPageFactory(parent=index)
    entry = make_entry(name="黄离线", id_number=NUMBER, batch=batch)
    assert identify("黄离线", NUMBER).status_code == 302  # public: found
    if offline == "expired":
        entry.end_date = timezone.localdate() - timedelta(days=1)
        ExposureEntry.objects.filter(pk=entry.pk).update(end_date=entry.end_date)
    elif offline == "corrected":
        ExposureEntry.objects.filter(pk=entry.pk).update(status=Status.CORRECTED)
    elif offline == "minor":
        ExposureEntry.objects.filter(pk=entry.pk).update(minor_on_decision=True)
    elif offline == "pending":
        ExposureEntry.objects.filter(pk=entry.pk).update(pending_review=True)
    elif offline == "unpublished batch":
        batch.unpublish()
    else:
        PageViewRestriction.objects.create(page=batch, restriction_type="password", password="x")
    response = identify("黄离线", NUMBER)
    body = response.content.decode()
    assert response.status_code == 200 and "未找到与您填写的姓名和身份证号码相符" in body
    assert batch.title not in body and entry.document_number not in body
    assert entry.masked_id not in body


# --- 3. full ID numbers in free text -----------------------------------------------------------

SPELLINGS = [
    NUMBER,
    NUMBER.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),  # full-width
    f"{NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]}",
    f"{NUMBER[:6]}-{NUMBER[6:14]}-{NUMBER[14:]}",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("column", ["姓名", "失信行为", "认定依据"])
def test_import_refuses_id_numbers_in_free_text(batch, column, spelling):
    text = {
        "姓名": f"张三（{spelling}）",
        "失信行为": f"当事人{spelling}拒不履行",
        "认定依据": f"依据{spelling}",
    }
    report = import_file(
        io.BytesIO(csv_bytes([row(**{column: text[column]})])),
        batch,
        file_name="x.csv",
    )
    assert not report.ok and not ExposureEntry.objects.exists()
    [error] = report.errors
    assert (error.line, error.column) == (2, column)
    assert "身份证号码" in error.message
    assert NUMBER not in str(error) and not FULL_ID.search(str(error))


def test_import_refuses_names_that_are_not_names_and_control_characters(batch):
    rows = [
        row(**{"姓名": "张三1"}),
        row(**{"文书号": "阳市监罚〔2026〕9号", "失信行为": "行为\x00"}),
        row(**{"文书号": "阳市监罚〔2026〕10号", "姓名": "阿卜杜·热合曼"}),
    ]
    report = import_file(io.BytesIO(csv_bytes(rows)), batch, file_name="x.csv")
    assert [(e.line, e.column) for e in report.errors] == [(2, "姓名"), (3, "失信行为")]
    assert "汉字" in report.errors[0].message and "控制字符" in report.errors[1].message


def test_import_error_never_repeats_a_number_typed_in_the_wrong_column(batch, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / "wrong.csv"
    path.write_bytes(csv_bytes([row(**{"重点领域": NUMBER, "认定日期": NUMBER})]))
    with pytest.raises(CommandError):
        call_command("import_exposures", str(path), "--batch", batch.slug, "--no-progress")
    output = capsys.readouterr()
    assert "重点领域" in output.err and NUMBER not in output.err + output.out
    assert parse_id_number(NUMBER).masked in output.err or "已隐去" in output.err


def test_admin_entry_form_refuses_id_numbers_in_free_text(admin_client, make_entry):
    entry = make_entry()
    data = entry_form_data(entry, behaviour=f"当事人身份证号{SPELLINGS[2]}")
    response = admin_client.post(entry_url("edit", entry.pk), data)
    body = response.content.decode()
    assert response.status_code == 200 and "不能包含身份证号码" in body
    assert NUMBER not in body
    entry.refresh_from_db()
    assert NUMBER[:6] not in entry.behaviour


def test_name_search_refuses_an_id_number_and_points_to_self_lookup(client, make_entry):
    make_entry(name="张三")
    response = client.get("/exposure/", {"q": NUMBER})
    body = response.content.decode()
    assert response.status_code == 400 and "查询本人" in body
    assert NUMBER not in body and NUMBER[:14] not in body
    assert 'pattern="[^0-9０-９]*"' in body  # the browser refuses digits before sending them


# --- 4. minors, through any save path -----------------------------------------------------------

MINOR_BIRTH = "20080610"  # 17 on 2026-03-01, 18 from 2026-06-10


def test_changing_only_the_decision_date_cannot_publish_a_minor(admin_client, make_entry):
    entry = make_entry(
        id_number=id_number(MINOR_BIRTH, "111"),
        decision_date=date(2026, 6, 10),
        end_date=date(2027, 6, 10),
    )
    data = entry_form_data(entry, decision_date="2026-03-01", end_date="2027-03-01")
    response = admin_client.post(entry_url("edit", entry.pk), data)
    assert response.status_code == 200 and "未满18周岁" in response.content.decode()
    entry.refresh_from_db()
    assert entry.decision_date == date(2026, 6, 10)


def test_the_shell_cannot_save_a_minor_either(make_entry):
    entry = make_entry(id_number=id_number(MINOR_BIRTH, "112"), decision_date=date(2026, 6, 10))
    entry.decision_date = date(2026, 6, 9)
    with pytest.raises(ValidationError, match="未满18周岁"):
        entry.save()
    assert ExposureEntry.objects.get(pk=entry.pk).decision_date == date(2026, 6, 10)
    # The birth date is not kept in clear: only the masked form and a sealed date.
    stored = ExposureEntry.objects.filter(pk=entry.pk).values().get()
    assert not any(MINOR_BIRTH in str(value) for value in stored.values())
    assert not any(str(value) == "2026-06-10" for key, value in stored.items() if "adult" in key)


def test_an_entry_without_age_data_cannot_be_saved_or_redated(make_entry):
    entry = make_entry()
    ExposureEntry.objects.filter(pk=entry.pk).update(adult_from_sealed="")
    entry.refresh_from_db()
    entry.decision_date = entry.decision_date - timedelta(days=1)
    with pytest.raises(ValidationError, match="请重新填写身份证号码"):
        entry.save()


def test_import_refuses_a_minor(batch):
    rows = [row(**{"身份证号码": id_number(MINOR_BIRTH, "113"), "认定日期": "2026-03-01"})]
    report = import_file(io.BytesIO(xlsx_bytes(rows)), batch, file_name="x.xlsx")
    assert "未满18周岁" in report.errors[0].message and not ExposureEntry.objects.exists()


# --- 8. what staff see --------------------------------------------------------------------------


def test_admin_list_shows_what_the_public_sees_beside_the_stored_status(admin_client, make_entry):
    today = timezone.localdate()
    make_entry(name="李到期", end_date=today - timedelta(days=3), decision_date=date(2025, 1, 1))
    make_entry(name="王公示")
    body = admin_client.get(entry_url("list")).content.decode()
    assert "公众所见" in body
    assert "已到期（待归档）" in body  # stored status still 公示中, the public sees nothing
    assert body.count("公示中") >= 3  # both stored statuses and 王公示's public state


# --- helpers ------------------------------------------------------------------------------------


# --- 7. hostile files ---------------------------------------------------------------------------


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_reads_it(batch, monkeypatch):
    import zipfile

    import openpyxl

    def must_not_run(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_run)
    buffer = io.BytesIO(xlsx_bytes([row()]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"0" * (30 * 1024 * 1024))
    buffer.seek(0)
    report = import_file(buffer, batch, file_name="bomb.xlsx")
    assert not report.ok and "压缩比异常" in report.errors[0].message
    assert not ExposureEntry.objects.exists()


def test_an_overlong_cell_is_refused_with_line_and_column(batch):
    rows = [row(), row(**{"文书号": "阳市监罚〔2026〕2号", "认定依据": "依据" * 3000})]
    report = import_file(io.BytesIO(xlsx_bytes(rows)), batch, file_name="long.xlsx")
    [error] = report.errors
    assert (error.line, error.column) == (3, "认定依据") and "内容过长" in error.message


def test_a_csv_field_over_the_size_limit_names_the_line_in_chinese(batch):
    good = csv_bytes([row(), row(**{"文书号": "阳市监罚〔2026〕2号"})])
    broken = good + '"未闭合的引号'.encode() + b"x" * 140_000 + b"\n"
    report = import_file(io.BytesIO(broken), batch, file_name="broken.csv")
    [error] = report.errors
    assert error.line == 4 and "第4行" in error.message and "过长" in error.message
    assert not ExposureEntry.objects.exists()
