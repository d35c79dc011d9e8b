"""Importing exposure entries from the city's public credit system (CSV or XLSX).

    report = import_file(fileobj, batch, file_name="x.csv", dry_run=True)

All-or-nothing: rows are validated and written chunk by chunk inside one
transaction; if any row is bad (or on a dry run) the transaction is rolled
back and the report lists every bad row with line, column and a Chinese
reason.  Memory stays flat: rows are streamed and only the document keys
seen so far are remembered.
"""

import json
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, transaction

from wagtail.log_actions import log

from .readers import COLUMNS, FileFormatError, open_rows  # noqa: F401
from .validation import RowError, RowValidator, ValidRow
from .writer import EntryWriter

CHUNK_SIZE = 1000
SAMPLE_SIZE = 20
MAX_REPORTED_ERRORS = 5000


@dataclass
class ImportReport:
    file_name: str
    format: str = ""
    total: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    sample: list[ValidRow] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def committed(self):
        return self.ok and not self.dry_run

    def add_errors(self, errors):
        self.error_count += len(errors)
        room = MAX_REPORTED_ERRORS - len(self.errors)
        self.errors.extend(errors[: max(room, 0)])


def import_file(
    fileobj, batch, *, file_name, dry_run=False, user=None, progress=None, keep_rows=None
):
    """Import a CSV/XLSX file object (binary) into `batch`; see import_rows."""
    try:
        source = open_rows(fileobj)
    except FileFormatError as exc:
        report = ImportReport(file_name=file_name, dry_run=dry_run)
        report.add_errors([RowError(exc.line, "", str(exc))])
        return report
    if progress is not None and source.estimated_total:
        progress.total = source.estimated_total
    return _run(
        source.rows,
        batch,
        file_name=file_name,
        dry_run=dry_run,
        user=user,
        progress=progress,
        keep_rows=keep_rows,
        file_format=source.format,
        validate=True,
    )


def import_saved_rows(lines, batch, *, file_name, user=None, dry_run=False):
    """Import rows saved by a previous dry run (JSON lines of ValidRow): the admin's confirm step."""
    rows = ((None, ValidRow.from_json(json.loads(line))) for line in lines if line.strip())
    return _run(rows, batch, file_name=file_name, dry_run=dry_run, user=user, validate=False)


def _run(
    rows,
    batch,
    *,
    file_name,
    dry_run,
    user,
    validate,
    progress=None,
    keep_rows=None,
    file_format="",
):
    report = ImportReport(file_name=file_name, dry_run=dry_run, format=file_format)
    validator = RowValidator() if validate else None
    writer = EntryWriter(batch, file_name=file_name, user=user)
    with transaction.atomic():
        try:
            while chunk := list(islice(rows, CHUNK_SIZE)):
                valid = _validate_chunk(chunk, validator, report)
                to_create, errors = writer.reconcile(valid)
                report.add_errors(errors)
                _keep(valid, keep_rows, report)
                if report.ok and not dry_run:
                    writer.write(to_create)
                elif report.ok:
                    report.created += len(to_create)  # what a real run would create
                if progress is not None:
                    progress.update(len(chunk))
        except FileFormatError as exc:
            report.add_errors([RowError(exc.line, "", str(exc))])
        except IntegrityError:
            report.add_errors([RowError(0, "", "导入期间有相同文书号的记录被写入，请重新导入")])
        if not dry_run:
            report.created, report.unchanged = writer.created, writer.unchanged
        else:
            report.unchanged = writer.unchanged
        if not report.committed:
            transaction.set_rollback(True)
        elif writer.import_run is not None:
            writer.finish(report.total)
            log(
                instance=batch,
                action="exposure.import",
                user=user,
                data={
                    "file_name": file_name,
                    "created": report.created,
                    "unchanged": report.unchanged,
                },
            )
    report.errors.sort(key=lambda error: (error.line, error.column))
    return report


def _validate_chunk(chunk, validator, report):
    valid = []
    for line, raw in chunk:
        report.total += 1
        if validator is None:
            valid.append(raw)
            continue
        if not any(value not in (None, "") for value in raw.values()):
            report.total -= 1  # a blank line is not a row
            continue
        row, errors = validator.validate(line, raw)
        if errors:
            report.add_errors(errors)
        else:
            valid.append(row)
    return valid


def _keep(valid, keep_rows, report):
    room = SAMPLE_SIZE - len(report.sample)
    if room > 0:
        report.sample.extend(valid[:room])
    if keep_rows is not None:
        for row in valid:
            keep_rows.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
