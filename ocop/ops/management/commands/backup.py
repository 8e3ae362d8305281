from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Sao lưu CSDL và tệp tải lên (MEDIA_ROOT) vào một tệp .tar.gz kèm manifest "
            "(phiên bản, ngày, CSDL, migration, số dòng mỗi bảng, sha256 từng tệp). Chạy được khi hệ thống đang hoạt động.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path,
                            help="tệp .tar.gz hoặc thư mục (mặc định var/backups/ocop-backup-<ngày giờ>.tar.gz)")

    def handle(self, *args, **options):
        try:
            path, manifest = create_backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        database = manifest["database"]
        rows = sum(database["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {path}"))
        self.stdout.write(
            f"  CSDL {database['vendor']}: {len(database['tables'])} bảng, {rows} dòng; "
            f"tệp tải lên: {manifest['media']['files']} tệp, {manifest['media']['bytes']} byte"
        )
