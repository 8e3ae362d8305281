"""The REST API (django-ninja), mounted at /api/v1/ by config/urls.py.

OpenAPI 3.1 at /api/v1/openapi.json; Swagger UI at /api/v1/docs, served from ninja's own static
files (no CDN). Authentication: ``Authorization: Bearer <key>`` (ocop.api.tokens) or the browser
session; public read endpoints also answer anonymous callers with published data only.
"""

from django.apps import apps
from ninja import NinjaAPI

from ocop.api import errors
from ocop.api.auth import PRIVATE
from ocop.api.conditional import conditional_get
from ocop.api.routers import dossiers, public
from ocop.api.strict import strict_query

api = NinjaAPI(
    title="OCOP API",
    version="1.0.0",
    description=(
        "API của Hệ thống thông tin quản lý Chương trình OCOP. Đọc dữ liệu công khai không cần xác thực; "
        "dữ liệu trong phạm vi quản lý và thao tác ghi cần khoá API (Authorization: Bearer <khoá>). "
        "Mọi lỗi có dạng {\"message\": ..., \"extra\": {...}}."
    ),
    urls_namespace="api",
    auth=PRIVATE,
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_decorator(strict_query, mode="view")
api.add_decorator(conditional_get, mode="view")
api.add_router("/", public.router)
api.add_router("/", dossiers.router)
if apps.is_installed("ocop.program"):
    from ocop.api.routers import indicators

    api.add_router("/", indicators.router)
