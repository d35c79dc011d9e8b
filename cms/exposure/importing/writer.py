"""Writing validated rows: reconcile with what exists, then bulk_create in chunks.

A row whose (认定部门, 文书号) already exists with the same content is left
alone (re-importing a file changes nothing); with different content it is
reported, never overwritten.
"""

from ..choices import Status
from ..models import ExposureEntry, ExposureImport
from .validation import RowError, ValidRow


class EntryWriter:
    def __init__(self, batch, *, file_name, user=None):
        self.batch, self.file_name, self.user = batch, file_name, user
        self.seen: dict[tuple[str, str], int] = {}  # document key -> first line in the file
        self.created = self.unchanged = 0
        self.import_run = None

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
        ExposureEntry.objects.bulk_create([self._entry(row) for row in rows])
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

    def _entry(self, row: ValidRow) -> ExposureEntry:
        return ExposureEntry(
            batch=self.batch,
            name=row.name,
            masked_id=row.masked_id,
            id_hash=row.id_hash,
            adult_from_sealed=row.adult_from_sealed,
            category=row.category,
            severity=row.severity,
            key_area_id=row.key_area_id,
            behaviour=row.behaviour,
            legal_basis=row.legal_basis,
            authority=row.authority,
            document_number=row.document_number,
            decision_date=row.decision_date,
            end_date=row.end_date,
            status=Status.PUBLISHED,
            # The validator refused minors; bulk_create skips save(), so say so explicitly.
            minor_on_decision=False,
            # Public only once a reviewer approves the batch (cms.exposure.moderation).
            pending_review=True,
            import_run=self.import_run,
        )
