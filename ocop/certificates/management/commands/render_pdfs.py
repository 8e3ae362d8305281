"""`ocop render_pdfs`: render the PDFs of certificates that have none, here or through the worker."""

from django.core.management.base import BaseCommand

from ocop.certificates.batch import certificates_without_pdf, render_missing_pdfs


class Command(BaseCommand):
    help = "Tạo bản PDF cho các giấy chứng nhận chưa có (chạy lại không tạo thêm)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=100, help="số giấy chứng nhận mỗi lượt (mặc định 100)")
        parser.add_argument("--limit", type=int, default=None, help="tối đa bao nhiêu giấy (mặc định: tất cả)")
        parser.add_argument("--enqueue", action="store_true",
                            help="chỉ xếp các lượt vào hàng đợi cho tiến trình nền (ocop db_worker)")

    def handle(self, *args, batch, limit, enqueue, **options):
        from ocop.certificates.tasks import render_missing_pdfs as task

        batch = max(1, batch)
        total = certificates_without_pdf().count()
        todo = total if limit is None else min(total, max(0, limit))
        if enqueue:
            sizes = [min(batch, todo - start) for start in range(0, todo, batch)]
            for size in sizes:
                task.enqueue(batch=size)
            self.stdout.write(f"Đã xếp {len(sizes)} lượt ({todo} giấy chứng nhận) vào hàng đợi.")
            return
        rendered = 0
        while rendered < todo:
            result = render_missing_pdfs(limit=min(batch, todo - rendered))
            if not result["rendered"]:
                break
            rendered += result["rendered"]
            self.stdout.write(f"Đã tạo {rendered}/{todo} bản PDF.")
        self.stdout.write(f"Xong: {rendered} bản PDF; còn {certificates_without_pdf().count()} giấy chưa có PDF.")
