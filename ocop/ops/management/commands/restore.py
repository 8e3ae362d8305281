import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, check_compatible, read_manifest, restore_backup


class Command(BaseCommand):
    help = ("Khôi phục CSDL và tệp tải lên từ một bản sao lưu của `ocop backup` (kiểm tra sha256 và loại CSDL "
            "trước; thay thế toàn bộ dữ liệu hiện có). Dừng máy chủ web và tiến trình nền trước khi chạy.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="tệp .tar.gz do `ocop backup` tạo")
        parser.add_argument("--yes", action="store_true", help="xác nhận thay thế dữ liệu hiện có, không hỏi lại")

    def handle(self, *args, **options):
        path = options["path"]
        try:
            manifest = read_manifest(path)
            check_compatible(manifest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Bản sao lưu {path.name}: phiên bản {manifest['version']}, tạo lúc {manifest['created_at']}, "
            f"CSDL {manifest['database']['vendor']}, {manifest['media']['files']} tệp tải lên."
        )
        if not options["yes"] and not self._confirmed():
            raise CommandError("Chưa xác nhận: không khôi phục gì. Thêm --yes để thay thế toàn bộ dữ liệu hiện có.")
        try:
            report = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục: {len(report.tables)} bảng, {sum(report.tables.values())} dòng (khớp manifest), "
            f"{report.files} tệp."
        ))
        if report.moved_aside:
            self.stdout.write(f"  {len(report.moved_aside)} tệp không có trong bản sao lưu được chuyển sang {report.moved_to}")

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            return False
        answer = input("Toàn bộ dữ liệu hiện có sẽ bị thay thế. Gõ 'yes' để tiếp tục: ")
        return answer.strip().lower() in {"yes", "có", "co"}
