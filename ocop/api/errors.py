"""One error shape for every failure: ``{"message": str, "extra": {...}}``.

422 invalid input (extra.errors lists each problem with its location), 401 no or bad credentials,
403 not allowed (read-only roles on writes, CSRF), 404 missing or outside the caller's scope.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ErrorOut(Schema):
    message: str
    extra: dict


READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _problems(errors) -> list[dict]:
    return [{"loc": _plain(list(e.get("loc", ()))), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


def _django_problems(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"loc": [field], "msg": str(m), "type": "invalid"}
                for field, messages in exc.message_dict.items() for m in messages]
    return [{"loc": [], "msg": str(m), "type": "invalid"} for m in exc.messages]


def install(api) -> None:
    def respond(request, status: int, message: str, **extra):
        response = api.create_response(request, {"message": message, "extra": extra}, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="ocop"'
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        return respond(request, 422, _("Dữ liệu không hợp lệ."), errors=_problems(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def invalid_for_service(request, exc):
        return respond(request, 422, "; ".join(str(m) for m in exc.messages) or _("Dữ liệu không hợp lệ."),
                       errors=_django_problems(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Không tìm thấy."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(request, 401, _("Cần xác thực: gửi 'Authorization: Bearer <khoá API>'."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, str(exc))
