"""Every failure of the API as an RFC 9457 problem (ocop.api.problems), by exception:

400 a body that is not JSON; 401 no or bad credentials; 403 not allowed (read-only roles on writes,
CSRF, wrong role); 404 missing or outside the caller's scope; 409 a valid request that does not
fit the record's state (StateConflict: editing a submitted dossier); 422 invalid input, with one
field error per problem, and a workflow move that does not exist from the record's status
(ocop.core.exceptions.ImpossibleMove, the one convention of every page and workflow); 429 too
many requests (ocop.api.middleware).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ocop.api import problems
from ocop.core.exceptions import StateConflict


class FieldError(Schema):
    field: str = Field(description="Trường có lỗi, vd. 'samples_count' hoặc 'answers.1a' (trống: cả yêu cầu).")
    message: str = Field(description="Lỗi, bằng tiếng Việt (tiếng Anh khi chọn Accept-Language: en).")
    code: str = Field(description="Mã lỗi cho máy đọc (loại lỗi của pydantic, hoặc 'invalid').")


class Problem(Schema):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = Field(description="URI của loại lỗi, vd. urn:ocop:problem:not-found (docs/api.md).")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


READ_ERRORS = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem,
                429: Problem}


def install(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        return problems.response(request, 422, _("Dữ liệu không hợp lệ: xem danh sách lỗi theo trường."),
                                 errors=problems.pydantic_errors(exc.errors))

    @api.exception_handler(StateConflict)
    def conflict(request, exc):
        return problems.response(request, 409, "; ".join(str(m) for m in exc.messages),
                                 errors=problems.django_errors(exc))

    @api.exception_handler(DjangoValidationError)
    def invalid_for_service(request, exc):
        return problems.response(request, 422, "; ".join(str(m) for m in exc.messages) or _("Dữ liệu không hợp lệ."),
                                 errors=problems.django_errors(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problems.response(request, 404, _("Không tìm thấy bản ghi này (hoặc nó nằm ngoài phạm vi của bạn)."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problems.response(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return problems.response(request, 401, _("Cần xác thực: gửi 'Authorization: Bearer <khoá API>'."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        detail = str(exc)
        if exc.status_code == 403 and detail == "CSRF":
            detail = _("Thiếu hoặc sai mã CSRF (phiên đăng nhập trình duyệt); ứng dụng hãy dùng khoá API.")
        elif exc.status_code == 400:
            detail = _("Nội dung yêu cầu không đọc được (JSON không hợp lệ?).")
        return problems.response(request, exc.status_code, detail)
