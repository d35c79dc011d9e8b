"""python manage.py import_exposures FILE --batch <page id or slug> [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from cms.exposure.importing import import_file
from cms.exposure.models import ExposureListPage


class Command(BaseCommand):
    help = "从CSV（UTF-8/GB18030）或XLSX文件导入严重失信主体名单；有任何错误则不导入任何一行"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV或XLSX文件")
        parser.add_argument("--batch", required=True, help="批次页面的ID或slug")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        batch = find_batch(options["batch"])
        with (
            path.open("rb") as fileobj,
            tqdm(
                unit="行",
                desc="导入",
                disable=options["no_progress"],
                file=self.stderr._out,
                mininterval=0.5,
            ) as progress,
        ):
            report = import_file(
                fileobj, batch, file_name=path.name, dry_run=options["dry_run"], progress=progress
            )
        for error in report.errors:
            self.stderr.write(str(error))
        if report.error_count > len(report.errors):
            self.stderr.write(f"……另有{report.error_count - len(report.errors)}处错误未列出")
        summary = f"{report.format} 共{report.total}行：新增{report.created}，未变化{report.unchanged}，错误{report.error_count}"
        if not report.ok:
            raise CommandError(f"{summary}。文件有错误，未导入任何记录。")
        if report.dry_run:
            self.stdout.write(f"{summary}（试运行，未写入）")
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary}。已导入到《{batch.title}》。"))


def find_batch(value):
    batches = ExposureListPage.objects.all()
    batch = (
        batches.filter(pk=int(value)).first()
        if value.isdigit()
        else batches.filter(slug=value).first()
    )
    if batch is None:
        raise CommandError(f"找不到批次：{value}")
    return batch
