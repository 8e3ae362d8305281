from django.core.management.base import BaseCommand

from ocop.ops.demo import seed_all


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Đồng Nai và các tài khoản mẫu (chạy lại không mất dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="in danh sách tài khoản mẫu")

    def handle(self, *args, **options):
        seed_all(log=self.stdout.write)
        if options["print_logins"]:
            from ocop.accounts.demo import DEMO_PASSWORD, login_table

            self.stdout.write(self.style.SUCCESS(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):"))
            for username, description in login_table():
                self.stdout.write(f"  {username:<22} {description}")
