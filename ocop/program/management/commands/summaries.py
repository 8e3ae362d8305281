"""`ocop summaries [--check]`: rebuild the summary tables, or prove them equal to the records."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.program.measures import Period
from ocop.program.summaries import figures_differences, summaries_rebuild, tables_differences
from ocop.territory.models import AdminUnit


class Command(BaseCommand):
    help = ("Dựng lại các bảng tổng hợp của bảng điều khiển và chỉ tiêu; --check: so sánh với số liệu tính trực "
            "tiếp từ hồ sơ, không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="chỉ kiểm tra: bảng tổng hợp = tính lại, chỉ tiêu từ bảng tổng hợp = tính trực tiếp")
        parser.add_argument("--years", default="",
                            help="các năm so sánh chỉ tiêu, ví dụ 2021-2026 (mặc định: năm nay và 5 năm trước)")
        parser.add_argument("--provinces", action="store_true",
                            help="so sánh cả từng tỉnh (hai bản đồ), không chỉ toàn quốc")

    def handle(self, *args, check, years, provinces, **options):
        if not check:
            stored = summaries_rebuild()
            self.stdout.write("Đã dựng lại: " + ", ".join(f"{name} {rows} dòng" for name, rows in stored.items()))
            return
        this_year = timezone.localdate().year
        first, _sep, last = years.partition("-")
        first, last = (int(first), int(last or first)) if years else (this_year - 5, this_year)
        periods = [Period.year(year) for year in range(first, last + 1)]
        periods.append(Period(date(first, 1, 1), date(last, 12, 31)))
        units = [None]
        if provinces:
            units += list(AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).order_by("generation", "code"))
        differences = tables_differences() + figures_differences(periods, units)
        for line in differences:
            self.stdout.write(line)
        if differences:
            raise CommandError(f"Bảng tổng hợp khác số liệu tính trực tiếp ({len(differences)} chỗ khác).")
        self.stdout.write(f"Khớp: bảng tổng hợp = tính lại; mọi chỉ tiêu từ bảng tổng hợp = tính trực tiếp "
                          f"({len(periods)} kỳ, {len(units)} vùng, hai bản đồ).")
