"""Writing validated rows: reconcile with what exists, then insert them chunk by chunk.

A row whose (认定部门, 文书号) already exists with the same content is left
alone (re-importing a file changes nothing); with different content it is
reported, never overwritten.

Rows are inserted with one parameterised INSERT run by executemany: a model
instance per row and Django's per-value preparation in bulk_create cost more
than validating the row did.  The statement is built from the model's own
fields and each value is adapted by the backend's operations, so it is the
same on SQLite and PostgreSQL.
"""

from django.db import connection
from django.utils import timezone

from ..choices import Status
from ..models import ExposureEntry, ExposureImport
from .validation import RowError, ValidRow


class EntryWriter:
    def __init__(self, batch, *, file_name, user=None):
        self.batch, self.file_name, self.user = batch, file_name, user
        self.seen: dict[tuple[str, str], int] = {}  # document key -> first line in the file
        self.created = self.unchanged = 0
        self.import_run = None
        self._insert = None

    def reconcile(self, rows: list[ValidRow]) -> tuple[list[ValidRow], list[RowError]]:
        """Rows to create and errors, for one chunk; records duplicates within the file."""
        fresh, errors = [], []
        for row in rows:
            first = self.seen.setdefault(row.document_key, row.line)
            if first != row.line:
                errors.append(RowError(row.line, "文书号", f"与第{first}行的认定部门和文书号重复"))
            else:
                fresh.append(row)
        existing = self._existing(fresh)
        to_create = []
        for row in fresh:
            entry = existing.get(row.document_key)
            if entry is None:
                to_create.append(row)
            elif entry.content_key() == self._content_key(row):
                self.unchanged += 1
            else:
                where = (
                    "本批次"
                    if entry.batch_id == self.batch.pk
                    else f"批次《{self._batch_title(entry.batch_id)}》"
                )
                errors.append(
                    RowError(
                        row.line,
                        "文书号",
                        f"该认定部门的文书号已存在于{where}，且内容与本行不同；未覆盖，如需更正请在后台修改该记录",
                    )
                )
        return to_create, errors

    def write(self, rows: list[ValidRow]):
        if not rows:
            return
        if self.import_run is None:
            self.import_run = ExposureImport.objects.create(
                batch=self.batch, file_name=self.file_name[:255], imported_by=self.user
            )
        if self._insert is None:
            self._insert = _RowInsert(self._constants())
        self._insert.run(rows)
        self.created += len(rows)

    def finish(self, total):
        if self.import_run is not None:
            (
                self.import_run.rows_total,
                self.import_run.rows_created,
                self.import_run.rows_unchanged,
            ) = total, self.created, self.unchanged
            self.import_run.save(update_fields=["rows_total", "rows_created", "rows_unchanged"])
        return self.import_run

    def _existing(self, rows):
        if not rows:
            return {}
        # One IN query on 文书号 (indexed by the unique constraint's leading columns
        # only via authority, so match the pair in Python; the candidates are few).
        keys = {row.document_key for row in rows}
        found = ExposureEntry.objects.filter(document_number__in={number for _, number in keys})
        return {
            key: entry
            for entry in found
            if (key := (entry.authority, entry.document_number)) in keys
        }

    def _batch_title(self, batch_id):
        from ..models import ExposureListPage

        return (
            ExposureListPage.objects.filter(pk=batch_id).values_list("title", flat=True).first()
            or batch_id
        )

    def _content_key(self, row: ValidRow):
        return (
            self.batch.pk,
            row.name,
            row.masked_id,
            row.id_hash,
            row.category,
            row.severity,
            row.key_area_id,
            row.behaviour,
            row.legal_basis,
            row.authority,
            row.document_number,
            row.decision_date,
            row.end_date,
        )

    def _constants(self):
        """The columns that are the same for every row of this import."""
        now = timezone.now()
        return {
            "batch": self.batch.pk,
            "status": Status.PUBLISHED.value,
            # The validator refused minors; no save() runs here, so say so explicitly.
            "minor_on_decision": False,
            # Public only once a reviewer approves the batch (cms.exposure.moderation).
            "pending_review": True,
            "import_run": self.import_run.pk,
            "created_at": now,
            "updated_at": now,
        }


# The ExposureEntry field of each of ValidRow's values after its line number, in ValidRow's order.
ROW_FIELDS = tuple("key_area" if name == "key_area_id" else name for name in ValidRow._fields[1:])
# _RowInsert.run adapts the two dates, which end the row.
assert ValidRow._fields[-2:] == ("decision_date", "end_date"), ValidRow._fields


class _RowInsert:
    """INSERT of ExposureEntry rows from ValidRows: every concrete field but the key gets a
    value, from the row, from `constants`, or the field's own default (as bulk_create would)."""

    def __init__(self, constants):
        meta = ExposureEntry._meta
        quote = connection.ops.quote_name
        fields = [field for field in meta.concrete_fields if not field.primary_key]
        by_name = {field.name: field for field in fields}
        unknown = (set(ROW_FIELDS) | set(constants)) - set(by_name)
        if unknown:
            raise ValueError(f"not fields of ExposureEntry: {sorted(unknown)}")
        fixed = [field for field in fields if field.name not in ROW_FIELDS]
        self.fixed = tuple(
            field.get_db_prep_save(
                constants[field.name] if field.name in constants else field.get_default(),
                connection,
            )
            for field in fixed
        )
        columns = [by_name[name].column for name in ROW_FIELDS] + [field.column for field in fixed]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table),
            ", ".join(quote(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )
        self.adapt_date = connection.ops.adapt_datefield_value

    def run(self, rows):
        adapt_date, fixed = self.adapt_date, self.fixed
        # row[1:-2]: name .. document_number; then the two dates, adapted for the backend.
        params = [
            (*row[1:-2], adapt_date(row.decision_date), adapt_date(row.end_date), *fixed)
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, params)
