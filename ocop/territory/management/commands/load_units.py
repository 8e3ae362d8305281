import time

from django.core.management.base import BaseCommand, CommandError

from ocop.territory.loader import UnitDataError, load_units
from ocop.territory.models import AdminUnit

CHANGE_LABELS = {
    "units_created": "đơn vị thêm mới",
    "units_updated": "đơn vị cập nhật",
    "successions_created": "quan hệ kế thừa thêm mới",
    "successions_updated": "quan hệ kế thừa cập nhật",
    "successions_deleted": "quan hệ kế thừa xóa bỏ",
}


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (bản đồ hiện hành và trước sắp xếp) từ ocop/territory/data."

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        started = time.monotonic()
        try:
            result = load_units(stdout=self.stdout if verbose else None)
        except (UnitDataError, OSError) as exc:
            raise CommandError(f"Không nạp được dữ liệu đơn vị hành chính: {exc}") from exc
        elapsed = time.monotonic() - started

        for generation in AdminUnit.Generation:
            self.stdout.write(f"{generation.label}:")
            for level in AdminUnit.Level:
                if level.value in result.get(generation.value, {}):
                    self.stdout.write(
                        f"  {level.label}: {result[generation.value][level.value]:,}".replace(",", ".")
                    )
        self.stdout.write(f"Quan hệ kế thừa: {result['successions']:,}".replace(",", "."))
        changes = result["changes"]
        if any(changes.values()):
            done = ", ".join(f"{n} {CHANGE_LABELS[key]}" for key, n in changes.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Đã nạp ({done}) trong {elapsed:.1f} giây."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Dữ liệu đã khớp, không có thay đổi ({elapsed:.1f} giây)."))
