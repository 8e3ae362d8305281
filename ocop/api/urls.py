"""The REST API (django-ninja), mounted at /api/v1/ by config/urls.py.

OpenAPI 3.1 at /api/v1/openapi.json; Swagger UI at /api/v1/docs, served from ninja's own static
files (no CDN). Authentication: ``Authorization: Bearer <key>`` (ocop.api.tokens) or the browser
session; public read endpoints also answer anonymous callers with published data only.
"""

from django.apps import apps
from ninja import NinjaAPI

from ocop.api import errors, problems
from ocop.api.auth import PRIVATE
from ocop.api.conditional import conditional_get
from ocop.api.routers import dossiers, public
from ocop.api.strict import strict_query


def _enum_names(node, key: str = "") -> None:
    """Give every enum whose values are not names (sector "1", criteria set "07") member names a
    generated client can use (x-enum-varnames: SECTOR_1, CRITERIA_SET_07), in place."""
    if isinstance(node, list):
        for child in node:
            _enum_names(child, key)
        return
    if not isinstance(node, dict):
        return
    values = node.get("enum")
    if values and key and any(not (isinstance(v, str) and v[:1].isalpha()) for v in values):
        node["x-enum-varnames"] = [f"{key}_{v}".upper().replace("-", "_") for v in values]
    for name, child in node.items():
        if name == "properties" and isinstance(child, dict):
            for prop, schema in child.items():
                _enum_names(schema, prop)
        elif name == "parameters" and isinstance(child, list):
            for parameter in child:
                _enum_names(parameter.get("schema"), parameter.get("name", ""))
        else:
            _enum_names(child, key if name in {"anyOf", "oneOf", "allOf", "items"} else "")


class OcopAPI(NinjaAPI):
    """Readable operation ids (the view's name: products_list, certificate_get), errors documented
    as application/problem+json, enum members named."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status)[:1] in "45" and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        _enum_names(schema)
        return schema


api = OcopAPI(
    title="OCOP API",
    version="1.0.0",
    description=(
        "API của Hệ thống thông tin quản lý Chương trình OCOP. Đọc dữ liệu công khai không cần xác thực; "
        "dữ liệu trong phạm vi quản lý và thao tác ghi cần khoá API (Authorization: Bearer <khoá>). "
        "Mọi lỗi là application/problem+json (RFC 9457): type, title, status, detail và errors "
        "[{field, message, code}] theo từng trường. Quy ước đầy đủ: docs/api.md."
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
