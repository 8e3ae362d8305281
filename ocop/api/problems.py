"""RFC 9457 problem details: the one shape of every API error (``application/problem+json``).

``{"type": "urn:ocop:problem:<slug>", "title": ..., "status": ..., "detail": ..., "instance": path,
"errors": [{"field": ..., "message": ..., "code": ...}]}`` — title, detail and messages in the
active language (Vietnamese first, English through the catalog); ``type`` and ``code`` are for
machines and never change with the language. The list of types is in docs/api.md.

Pure of django-ninja: the API's exception handlers (ocop.api.errors), its middleware
(ocop.api.middleware) and the 503 answer under /api/ (registered with ocop.core.unavailable) build their answers here.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:ocop:problem:"

#: status → (slug, title); the slug names the type for machines, the title is for people.
KINDS = {
    400: ("bad-request", gettext_lazy("Yêu cầu không hợp lệ")),
    401: ("unauthorized", gettext_lazy("Cần xác thực")),
    403: ("forbidden", gettext_lazy("Không có quyền")),
    404: ("not-found", gettext_lazy("Không tìm thấy")),
    405: ("method-not-allowed", gettext_lazy("Phương thức không được hỗ trợ")),
    406: ("not-acceptable", gettext_lazy("Không có định dạng phù hợp")),
    409: ("conflict", gettext_lazy("Xung đột với trạng thái hiện tại")),
    413: ("too-large", gettext_lazy("Yêu cầu quá lớn")),
    415: ("unsupported-media-type", gettext_lazy("Kiểu nội dung không được hỗ trợ")),
    422: ("validation", gettext_lazy("Dữ liệu không hợp lệ")),
    429: ("rate-limited", gettext_lazy("Quá nhiều yêu cầu")),
    500: ("server-error", gettext_lazy("Lỗi hệ thống")),
    503: ("unavailable", gettext_lazy("Tạm thời không phục vụ được")),
}


def kind(status: int) -> tuple[str, str]:
    slug, title = KINDS.get(status, KINDS[500] if status >= 500 else KINDS[400])
    return slug, str(title)


def problem(status: int, detail: str = "", *, slug: str | None = None, instance: str = "",
            errors: list[dict] | None = None) -> dict:
    default_slug, title = kind(status)
    body = {"type": TYPE_PREFIX + (slug or default_slug), "title": title, "status": status,
            "detail": detail or title}
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return body


def response(request, status: int, detail: str = "", *, slug: str | None = None, errors: list[dict] | None = None,
             headers: dict | None = None) -> HttpResponse:
    body = problem(status, detail, slug=slug, instance=request.path if request is not None else "", errors=errors)
    answer = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                          content_type=f"{CONTENT_TYPE}; charset=utf-8")
    answer["Content-Language"] = _language()
    for name, value in (headers or {}).items():
        answer[name] = value
    if status == 401:
        answer["WWW-Authenticate"] = 'Bearer realm="ocop"'
    return answer


def database_unavailable(request) -> HttpResponse:
    """The API's 503 while the database is unreachable (registered with ocop.core.unavailable)."""
    message = _("Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")
    return response(request, 503, message, slug="database-unavailable")


def is_problem(answer) -> bool:
    return answer.get("Content-Type", "").startswith(CONTENT_TYPE)


def _language() -> str:
    from django.utils.translation import get_language

    return (get_language() or "vi").split("-")[0]


# --- Field errors ---------------------------------------------------------------------------

#: pydantic error type → Vietnamese message (with the error's context values).
MESSAGES = {
    "missing": gettext_lazy("Thiếu trường bắt buộc."),
    "int_type": gettext_lazy("Phải là số nguyên."),
    "int_parsing": gettext_lazy("Phải là số nguyên."),
    "int_from_float": gettext_lazy("Phải là số nguyên."),
    "float_type": gettext_lazy("Phải là số."),
    "float_parsing": gettext_lazy("Phải là số."),
    "decimal_parsing": gettext_lazy("Phải là số."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "string_type": gettext_lazy("Phải là chuỗi ký tự."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("Cần ít nhất %(min_length)s ký tự."),
    "string_pattern_mismatch": gettext_lazy("Không đúng định dạng."),
    "too_long": gettext_lazy("Quá nhiều phần tử (tối đa %(max_length)s)."),
    "greater_than_equal": gettext_lazy("Phải lớn hơn hoặc bằng %(ge)s."),
    "greater_than": gettext_lazy("Phải lớn hơn %(gt)s."),
    "less_than_equal": gettext_lazy("Phải nhỏ hơn hoặc bằng %(le)s."),
    "less_than": gettext_lazy("Phải nhỏ hơn %(lt)s."),
    "literal_error": gettext_lazy("Phải là một trong: %(expected)s."),
    "enum": gettext_lazy("Phải là một trong: %(expected)s."),
    "uuid_parsing": gettext_lazy("Phải là mã UUID."),
    "uuid_type": gettext_lazy("Phải là mã UUID."),
    "date_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_type": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Phải là thời điểm theo ISO 8601."),
    "datetime_type": gettext_lazy("Phải là thời điểm theo ISO 8601."),
    "dict_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_attributes_type": gettext_lazy("Phải là một đối tượng JSON."),
    "list_type": gettext_lazy("Phải là một danh sách."),
    "extra_forbidden": gettext_lazy("Trường này không được chấp nhận."),
    "json_invalid": gettext_lazy("JSON không hợp lệ."),
    "unknown_parameter": gettext_lazy("Tham số không được hỗ trợ."),
    "unstorable_text": gettext_lazy("Văn bản chứa ký tự không lưu được (NUL hoặc nửa cặp UTF-16)."),
}


def _field(loc) -> str:
    """("body", "payload", "answers", "1a") → "answers.1a"; ("query", "stars") → "stars"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source, parts = parts[0], parts[1:]
        if source == "body" and len(parts) > 1:
            parts = parts[1:]  # the view's parameter name (payload)
    return ".".join(parts)


def _message(error: dict) -> str:
    code = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if code == "value_error" and "cannot be stored" in str(error.get("msg", "")):
        code = "unstorable_text"
    elif code == "value_error" and "ISO 8601" in str(error.get("msg", "")):
        code = "datetime_parsing"
    template = MESSAGES.get(code)
    if template is None:
        return _("Giá trị không hợp lệ.")
    values = {key: ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value
              for key, value in ctx.items()}
    if "expected" in values:
        values["expected"] = str(values["expected"]).replace(" or ", ", ").replace("'", "")
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template).split("%")[0].rstrip(" :") + "."


def pydantic_errors(errors) -> list[dict]:
    return [{"field": _field(e.get("loc", ())), "message": _message(e), "code": str(e.get("type", "invalid"))}
            for e in errors]


def django_errors(exc) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": "" if field == "__all__" else field, "message": str(m), "code": "invalid"}
                for field, messages in exc.message_dict.items() for m in messages]
    return [{"field": "", "message": str(m), "code": "invalid"} for m in exc.messages]
