"""Readers for import files: CSV (UTF-8 with or without BOM, GB18030) and XLSX.

Each reader streams `(line_number, {column: raw value})` pairs, so that a
100,000-row file never sits in memory as a whole.  Line numbers are those a
person sees in Excel or a text editor (the header is line 1).
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

COLUMNS = [
    "姓名",
    "身份证号码",
    "失信类别",
    "严重程度",
    "重点领域",
    "失信行为",
    "认定依据",
    "认定部门",
    "文书号",
    "认定日期",
    "公示截止日期",
]
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_CHUNK = 1 << 20
# An XLSX is a zip of XML. Checked before openpyxl inflates anything: a "zip bomb" of a few
# kilobytes could otherwise expand to gigabytes. A real 100,000-row list is ~60 MB of XML,
# compressed about 8 to 15 times.
XLSX_MAX_UNCOMPRESSED = 400 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 200


class FileFormatError(ValueError):
    """The file as a whole cannot be read; the message is in Chinese (`line`: where, if known)."""

    def __init__(self, message, line=1):
        super().__init__(message)
        self.line = line


@dataclass
class RowSource:
    rows: object  # iterator of (line_number, dict)
    estimated_total: int | None
    format: str


def open_rows(fileobj) -> RowSource:
    """Detect the format by content (not by extension) and return a streaming row source."""
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(_XLSX_MAGIC):
        return _xlsx_rows(fileobj)
    if head.startswith(_OLE_MAGIC):
        raise FileFormatError("不支持旧版Excel（.xls）文件，请另存为.xlsx或CSV后再导入")
    return _csv_rows(fileobj)


def _detect_encoding(fileobj) -> str:
    """utf-8-sig if the whole file decodes as UTF-8 (BOM or not), otherwise GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fileobj.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        fileobj.seek(0)


def _count_lines(fileobj) -> int:
    count = 0
    while chunk := fileobj.read(_CHUNK):
        count += chunk.count(b"\n")
    fileobj.seek(0)
    return max(count - 1, 0)


def _csv_rows(fileobj) -> RowSource:
    encoding = _detect_encoding(fileobj)
    total = _count_lines(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")

    def rows():
        try:
            reader = csv.reader(text)
            header = next(reader, None)
            columns = _header(header)
            for record in reader:
                yield reader.line_num, _as_dict(columns, record)
        except UnicodeDecodeError:
            raise FileFormatError(
                "文件编码无法识别，请使用UTF-8或GB18030编码的CSV文件，或XLSX文件"
            ) from None
        except csv.Error as exc:
            line = max(reader.line_num, 1)
            if "field larger than field limit" in str(exc):
                raise FileFormatError(
                    f"第{line}行附近有单元格内容过长（超过{csv.field_size_limit()}个字符），"
                    "多半是引号不成对：请检查该行的双引号后重新导出",
                    line=line,
                ) from None
            raise FileFormatError(
                f"第{line}行附近CSV格式错误，请检查引号和分隔符", line=line
            ) from None
        finally:
            text.detach()  # leave the caller's file open

    return RowSource(
        rows=rows(),
        estimated_total=total,
        format=f"CSV（{'UTF-8' if encoding == 'utf-8-sig' else 'GB18030'}）",
    )


def check_xlsx_archive(fileobj):
    """Refuse an XLSX whose members would inflate too much, before anything is inflated."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileFormatError("XLSX文件已损坏或无法读取") from None
    finally:
        fileobj.seek(0)
    if len(members) > XLSX_MAX_MEMBERS:
        raise FileFormatError("XLSX文件结构异常（包含的部件过多），请另存为新的XLSX或CSV后再导入")
    total = sum(member.file_size for member in members)
    if total > XLSX_MAX_UNCOMPRESSED:
        raise FileFormatError(
            f"XLSX文件解压后超过{XLSX_MAX_UNCOMPRESSED // (1024 * 1024)}MB，请拆分为多个文件后再导入"
        )
    for member in members:
        if (
            member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
            and member.file_size > 1 << 20
        ):
            raise FileFormatError(
                "XLSX文件压缩比异常（可能是恶意构造的文件），已拒绝读取；请另存为CSV后再导入"
            )


def _xlsx_rows(fileobj) -> RowSource:
    from openpyxl import load_workbook

    check_xlsx_archive(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise FileFormatError("XLSX文件已损坏或无法读取") from None
    sheet = workbook.worksheets[0]
    total = max((sheet.max_row or 1) - 1, 0)

    def rows():
        try:
            values = sheet.iter_rows(values_only=True)
            columns = _header(next(values, None))
            for line, record in enumerate(values, start=2):
                yield line, _as_dict(columns, record)
        finally:
            workbook.close()

    return RowSource(rows=rows(), estimated_total=total, format="XLSX")


def _header(cells) -> list[str]:
    if not cells:
        raise FileFormatError("文件为空，第1行应为表头")
    columns = [
        "" if cell is None else str(cell).replace("\ufeff", "").replace("\u3000", "").strip()
        for cell in cells
    ]
    missing = [column for column in COLUMNS if column not in columns]
    if missing:
        raise FileFormatError(
            f"第1行表头缺少列：{'、'.join(missing)}（应包含：{'、'.join(COLUMNS)}）"
        )
    return columns


def _as_dict(columns, record) -> dict:
    values = dict(zip(columns, record, strict=False))
    return {column: values.get(column) for column in COLUMNS}
