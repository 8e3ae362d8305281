"""`ocop proxy-config --node 10.0.0.11:8000 --node 10.0.0.12:8000 --listen 80 --server-name ocop.example.vn`:
print the nginx `upstream` and `server` blocks for the app nodes (README, "Several app nodes"), with
the request-body cap derived from this configuration's upload limits."""

from django.core.management.base import BaseCommand

from ocop.ops.nodes import body_cap_bytes, nginx_site


class Command(BaseCommand):
    help = "In cấu hình nginx cho các máy chủ ứng dụng (upstream, giới hạn thân yêu cầu, X-Real-IP)."

    def add_arguments(self, parser):
        parser.add_argument("--node", action="append", required=True, help="host:port của một nút (lặp lại)")
        parser.add_argument("--listen", default="80")
        parser.add_argument("--server-name", default="_")

    def handle(self, *args, **options):
        self.stdout.write(nginx_site(listen=options["listen"], nodes=options["node"], body_cap=body_cap_bytes(),
                                     server_name=options["server_name"]), ending="")
