"""The audit log's vocabulary and its writers. Services call audit_record() (one event) or
audit_record_many() (one event per object, in one INSERT per batch) inside their own transaction.

Every action is a member of AuditAction (`<domain>.<verb>`, the stored value) or, for a workflow's
moves, a WorkflowAction (`<workflow>.<status>`, built by workflow_action()). The writers refuse a
plain string, so a misspelt action fails in mypy and at the first call, never in the stored log.
"""

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ocop.core import workflow as engine
from ocop.core.models import AuditEvent
from ocop.core.workflow import WorkflowAction
from ocop.lib.formatting import SYSTEM_ACTOR


class AuditAction(models.TextChoices):
    """Every audited action but a workflow's moves. The member's name is its value in capitals."""

    # Accounts and sessions
    AUTH_LOGIN = "auth.login", _("Đăng nhập")
    AUTH_LOGIN_FAILED = "auth.login_failed", _("Đăng nhập không thành công")
    AUTH_LOGIN_THROTTLED = "auth.login_throttled", _("Đăng nhập bị chặn tạm thời")
    AUTH_LOGOUT = "auth.logout", _("Đăng xuất")
    AUTH_SESSION_IDLE = "auth.session_idle", _("Phiên hết hạn do không hoạt động")
    AUTH_TOTP_ENABLE = "auth.totp_enable", _("Bật xác thực hai bước")
    AUTH_TOTP_DISABLE = "auth.totp_disable", _("Tắt xác thực hai bước")
    AUTH_TOTP_RESET = "auth.totp_reset", _("Đặt lại xác thực hai bước")
    AUTH_TOTP_OK = "auth.totp_ok", _("Mã xác thực hai bước đúng")
    AUTH_TOTP_FAILED = "auth.totp_failed", _("Mã xác thực hai bước sai")
    FILE_DOWNLOAD = "file.download", _("Tải tệp")
    USER_CREATE = "user.create", _("Tạo tài khoản")
    ROLE_ASSIGN = "role.assign", _("Giao vai trò")
    ROLE_REVOKE = "role.revoke", _("Thu hồi vai trò")
    API_TOKEN_CREATE = "api.token_create", _("Tạo khoá API")
    API_TOKEN_REVOKE = "api.token_revoke", _("Thu hồi khoá API")
    # Registry
    PRODUCER_CREATE = "producer.create", _("Tạo chủ thể")
    PRODUCER_UPDATE = "producer.update", _("Sửa chủ thể")
    PRODUCER_DELETE = "producer.delete", _("Xoá chủ thể")
    PRODUCER_MEMBER_ADD = "producer.member_add", _("Thêm tài khoản của chủ thể")
    PRODUCER_REGISTER = "producer.register", _("Chủ thể tự đăng ký")
    PRODUCER_ADDRESS_REQUEST = "producer.address_request", _("Đề nghị sửa địa chỉ chủ thể")
    PRODUCER_ADDRESS_REQUEST_DECIDE = "producer.address_request_decide", _("Xử lý đề nghị sửa địa chỉ")
    PRODUCT_CREATE = "product.create", _("Tạo sản phẩm")
    PRODUCT_UPDATE = "product.update", _("Sửa sản phẩm")
    PRODUCT_DELETE = "product.delete", _("Xoá sản phẩm")
    PRODUCT_EXPORT = "product.export", _("Xuất danh sách sản phẩm")
    PRODUCT_CODE_ASSIGN = "product.code_assign", _("Cấp mã sản phẩm OCOP")
    PRODUCT_PHOTO_ADD = "product.photo_add", _("Thêm ảnh sản phẩm")
    PRODUCT_PHOTO_UPDATE = "product.photo_update", _("Sửa ảnh sản phẩm")
    PRODUCT_PHOTO_DELETE = "product.photo_delete", _("Xoá ảnh sản phẩm")
    DOCUMENT_UPLOAD = "document.upload", _("Tải lên giấy tờ")
    DOCUMENT_REPLACE = "document.replace", _("Thay tệp giấy tờ")
    DOCUMENT_UPDATE = "document.update", _("Sửa giấy tờ")
    DOCUMENT_DELETE = "document.delete", _("Xoá giấy tờ")
    # Annual cycle (steps 1–4)
    CYCLE_OPEN = "cycle.open", _("Mở chu trình năm")
    CYCLE_STEP_UPDATE = "cycle.step_update", _("Cập nhật bước của chu trình")
    PUBLICITY_CREATE = "publicity.create", _("Tạo hoạt động tuyên truyền")
    PUBLICITY_UPDATE = "publicity.update", _("Sửa hoạt động tuyên truyền")
    IDEA_CREATE = "idea.create", _("Tạo ý tưởng sản phẩm")
    IDEA_UPDATE = "idea.update", _("Sửa ý tưởng sản phẩm")
    IDEA_LINK_PRODUCT = "idea.link_product", _("Gắn ý tưởng với sản phẩm")
    PLAN_CREATE = "plan.create", _("Tạo phương án kinh doanh")
    PLAN_UPDATE = "plan.update", _("Sửa phương án kinh doanh")
    IMPLEMENTATION_START = "implementation.start", _("Bắt đầu triển khai phương án")
    IMPLEMENTATION_MILESTONE_SAVE = "implementation.milestone_save", _("Ghi mốc triển khai")
    IMPLEMENTATION_SUPPORT_SAVE = "implementation.support_save", _("Ghi hỗ trợ đã nhận")
    # Rating (step 5)
    HOLIDAY_SAVE = "holiday.save", _("Lưu ngày nghỉ lễ")
    HOLIDAY_DELETE = "holiday.delete", _("Xoá ngày nghỉ lễ")
    ROUND_CREATE = "round.create", _("Tạo đợt đánh giá")
    ROUND_SAVE = "round.save", _("Sửa đợt đánh giá")
    DOSSIER_CREATE = "dossier.create", _("Tạo hồ sơ đánh giá")
    DOSSIER_UPDATE = "dossier.update", _("Sửa hồ sơ đánh giá")
    DOSSIER_SELF_ASSESS = "dossier.self_assess", _("Tự đánh giá hồ sơ")
    DOSSIER_EVIDENCE_ADD = "dossier.evidence_add", _("Thêm minh chứng")
    DOSSIER_EVIDENCE_REPLACE = "dossier.evidence_replace", _("Thay minh chứng")
    DOSSIER_EVIDENCE_REMOVE = "dossier.evidence_remove", _("Bỏ minh chứng")
    COMMUNE_REVIEW_PROPOSE = "commune_review.propose", _("Xã đề nghị tỉnh đánh giá")
    COMMUNE_REVIEW_RETURN = "commune_review.return", _("Xã trả lại hồ sơ để bổ sung")
    COUNCIL_CREATE = "council.create", _("Thành lập hội đồng")
    COUNCIL_SAVE = "council.save", _("Sửa hội đồng")
    COUNCIL_MEMBER_ADD = "council.member_add", _("Thêm thành viên hội đồng")
    COUNCIL_MEMBER_UPDATE = "council.member_update", _("Sửa thành viên hội đồng")
    COUNCIL_MEMBER_REMOVE = "council.member_remove", _("Bỏ thành viên hội đồng")
    COUNCIL_CONFLICT_DECLARE = "council.conflict_declare", _("Khai báo xung đột lợi ích")
    SHEET_SUBMIT = "sheet.submit", _("Nộp phiếu chấm điểm")
    SHEET_REOPEN = "sheet.reopen", _("Mở lại phiếu chấm điểm")
    ADVISORY_RECORD = "advisory.record", _("Ghi ý kiến tư vấn")
    RESULT_FINALIZE = "result.finalize", _("Chốt kết quả đánh giá")
    RESULT_DISCUSSION_CONFIRM = "result.discussion_confirm", _("Xác nhận kết quả thảo luận")
    RESULT_APPROVE = "result.approve", _("Chủ tịch hội đồng duyệt kết quả")
    RESULT_DECLINE = "result.decline", _("Chủ tịch hội đồng không duyệt kết quả")
    RESULT_HISTORICAL_RECORD = "result.historical_record", _("Nhập kết quả đánh giá trước đây")
    # Certificates
    CERTIFICATES_DECISION_ISSUE = "certificates.decision_issue", _("Ban hành quyết định công nhận")
    CERTIFICATES_CERTIFICATE_ISSUE = "certificates.certificate_issue", _("Cấp giấy chứng nhận")
    CERTIFICATES_CERTIFICATE_REVOKE = "certificates.certificate_revoke", _("Thu hồi giấy chứng nhận")
    CERTIFICATES_FINDING_RECORD = "certificates.finding_record", _("Ghi nhận kết luận vi phạm (bắt đầu thu hồi)")
    CERTIFICATES_FINDING_DISMISS = "certificates.finding_dismiss", _("Hủy kết luận vi phạm đang xử lý thu hồi")
    CERTIFICATES_RERATING_START = "certificates.rerating_start", _("Bắt đầu đánh giá lại")
    CERTIFICATES_EXTENSION_RECORD = "certificates.extension_record", _("Ghi gia hạn giấy chứng nhận")
    CERTIFICATES_EXTENSION_END = "certificates.extension_end", _("Kết thúc gia hạn giấy chứng nhận")
    # Public catalog
    CATALOG_FAKE_REPORT_CREATE = "catalog.fake_report_create", _("Nhận phản ánh hàng giả")
    CATALOG_FAKE_REPORT_REVIEW = "catalog.fake_report_review", _("Xử lý phản ánh hàng giả")
    CATALOG_WITHDRAW = "catalog.withdraw", _("Gỡ sản phẩm khỏi danh mục")
    CATALOG_RESTORE = "catalog.restore", _("Đưa sản phẩm trở lại danh mục")
    # Programme (plans, targets, tasks, training, funding)
    PROGRAM_ROSTER_CREATE = "program.roster.create", _("Tạo danh sách học viên")
    PROGRAM_ROSTER_UPDATE = "program.roster.update", _("Sửa danh sách học viên")
    PROGRAM_ROSTER_DELETE = "program.roster.delete", _("Xoá danh sách học viên")
    PROGRAM_COURSE_CREATE = "program.course.create", _("Tạo khoá đào tạo")
    PROGRAM_COURSE_UPDATE = "program.course.update", _("Sửa khoá đào tạo")
    PROGRAM_COURSE_DELETE = "program.course.delete", _("Xoá khoá đào tạo")
    PROGRAM_SESSION_CREATE = "program.session.create", _("Tạo buổi học")
    PROGRAM_SESSION_UPDATE = "program.session.update", _("Sửa buổi học")
    PROGRAM_SESSION_DELETE = "program.session.delete", _("Xoá buổi học")
    PROGRAM_PARTICIPANT_CREATE = "program.participant.create", _("Tạo học viên")
    PROGRAM_PARTICIPANT_UPDATE = "program.participant.update", _("Sửa học viên")
    PROGRAM_PARTICIPANT_DELETE = "program.participant.delete", _("Xoá học viên")
    PROGRAM_ATTENDANCE_CREATE = "program.attendance.create", _("Tạo điểm danh")
    PROGRAM_ATTENDANCE_UPDATE = "program.attendance.update", _("Sửa điểm danh")
    PROGRAM_ATTENDANCE_DELETE = "program.attendance.delete", _("Xoá điểm danh")
    PROGRAM_FUNDING_CREATE = "program.funding.create", _("Tạo dòng kinh phí")
    PROGRAM_FUNDING_UPDATE = "program.funding.update", _("Sửa dòng kinh phí")
    PROGRAM_FUNDING_DELETE = "program.funding.delete", _("Xoá dòng kinh phí")
    PROGRAM_PLAN_CREATE = "program.plan.create", _("Tạo kế hoạch")
    PROGRAM_PLAN_UPDATE = "program.plan.update", _("Sửa kế hoạch")
    PROGRAM_PLAN_DELETE = "program.plan.delete", _("Xoá kế hoạch")
    PROGRAM_TARGET_CREATE = "program.target.create", _("Tạo chỉ tiêu")
    PROGRAM_TARGET_UPDATE = "program.target.update", _("Sửa chỉ tiêu")
    PROGRAM_TARGET_DELETE = "program.target.delete", _("Xoá chỉ tiêu")
    PROGRAM_DEPARTMENT_CREATE = "program.department.create", _("Tạo sở ngành")
    PROGRAM_DEPARTMENT_UPDATE = "program.department.update", _("Sửa sở ngành")
    PROGRAM_DEPARTMENT_DELETE = "program.department.delete", _("Xoá sở ngành")
    PROGRAM_TASK_CREATE = "program.task.create", _("Tạo nhiệm vụ")
    PROGRAM_TASK_UPDATE = "program.task.update", _("Sửa nhiệm vụ")
    PROGRAM_TASK_DELETE = "program.task.delete", _("Xoá nhiệm vụ")
    PROGRAM_PERIOD_CLOSE = "program.period.close", _("Khoá kỳ báo cáo")
    PROGRAM_PERIOD_REOPEN = "program.period.reopen", _("Mở lại kỳ báo cáo")
    PROGRAM_REPORT_REQUEST = "program.report.request", _("Yêu cầu lập báo cáo chương trình")
    PROGRAM_TASK_NOTE = "program.task.note", _("Ghi tiến độ nhiệm vụ")
    PROGRAM_TASK_REMIND = "program.task.remind", _("Nhắc hạn nhiệm vụ")
    # Promotion
    PROMOTION_EVENT_CREATE = "promotion.event.create", _("Tạo sự kiện xúc tiến")
    PROMOTION_EVENT_UPDATE = "promotion.event.update", _("Sửa sự kiện xúc tiến")
    PROMOTION_EVENT_DELETE = "promotion.event.delete", _("Xoá sự kiện xúc tiến")
    PROMOTION_PARTICIPATION_CREATE = "promotion.participation.create", _("Tạo lượt tham gia sự kiện")
    PROMOTION_PARTICIPATION_UPDATE = "promotion.participation.update", _("Sửa lượt tham gia sự kiện")
    PROMOTION_PARTICIPATION_DELETE = "promotion.participation.delete", _("Xoá lượt tham gia sự kiện")
    PROMOTION_CONTACT_CREATE = "promotion.contact.create", _("Tạo liên hệ thương mại")
    PROMOTION_CONTACT_UPDATE = "promotion.contact.update", _("Sửa liên hệ thương mại")
    PROMOTION_CONTACT_DELETE = "promotion.contact.delete", _("Xoá liên hệ thương mại")
    PROMOTION_ORDER_CREATE = "promotion.order.create", _("Tạo đơn hàng")
    PROMOTION_ORDER_UPDATE = "promotion.order.update", _("Sửa đơn hàng")
    PROMOTION_ORDER_DELETE = "promotion.order.delete", _("Xoá đơn hàng")
    PROMOTION_SALES_POINT_CREATE = "promotion.sales_point.create", _("Tạo điểm bán")
    PROMOTION_SALES_POINT_UPDATE = "promotion.sales_point.update", _("Sửa điểm bán")
    PROMOTION_SALES_POINT_DELETE = "promotion.sales_point.delete", _("Xoá điểm bán")
    PROMOTION_LINK_CREATE = "promotion.link.create", _("Tạo liên kết thương mại điện tử")
    PROMOTION_LINK_UPDATE = "promotion.link.update", _("Sửa liên kết thương mại điện tử")
    PROMOTION_LINK_DELETE = "promotion.link.delete", _("Xoá liên kết thương mại điện tử")
    PROMOTION_SALES_POINTS_SET = "promotion.sales_points_set", _("Chọn điểm bán của sản phẩm")


#: Stored values renamed to fit `<domain>.<verb>` (core migration 0005 rewrote the old rows).
RENAMED = {
    "download": AuditAction.FILE_DOWNLOAD,
    "portal.register": AuditAction.PRODUCER_REGISTER,
    "implementation.milestone": AuditAction.IMPLEMENTATION_MILESTONE_SAVE,
    "implementation.support": AuditAction.IMPLEMENTATION_SUPPORT_SAVE,
    "sheets.reopen": AuditAction.SHEET_REOPEN,
    "result.historical": AuditAction.RESULT_HISTORICAL_RECORD,
    "catalog.fake_report": AuditAction.CATALOG_FAKE_REPORT_CREATE,
    "promotion.product_sales_points": AuditAction.PROMOTION_SALES_POINTS_SET,
}


class RecordActions(NamedTuple):
    """The three actions of a record kind written by a generic save/delete service."""

    create: AuditAction
    update: AuditAction
    delete: AuditAction

    @classmethod
    def of(cls, stem: str) -> "RecordActions":
        """The members STEM_CREATE, STEM_UPDATE and STEM_DELETE (`RecordActions.of("PROMOTION_EVENT")`);
        a KeyError at import where one is missing."""
        return cls(AuditAction[f"{stem}_CREATE"], AuditAction[f"{stem}_UPDATE"], AuditAction[f"{stem}_DELETE"])


def _workflows() -> dict[str, tuple[object, Mapping[str, object]]]:
    """Every workflow declared to the engine: name → (its title, {status: label})."""
    return {name: (flow.title or name, dict(flow.statuses.choices)) for name, flow in engine.REGISTRY.items()}


def workflow_action(workflow: str, status: str) -> WorkflowAction:
    """The audit action of a move of WORKFLOW into STATUS (a declared workflow and status)."""
    if workflow not in engine.REGISTRY:
        raise ValueError(f"undeclared workflow {workflow!r}")
    return engine.audit_action(engine.REGISTRY[workflow], status)


def workflow_actions() -> list[tuple[str, str]]:
    """(value, label) of every declared workflow move."""
    return [
        (f"{workflow}.{status}", f"{label}: {status_label}")
        for workflow, (label, statuses) in sorted(_workflows().items())
        for status, status_label in statuses.items()
    ]


def action_label(value: str) -> str:
    """The reader's name of a stored action (an action no longer written keeps its value)."""
    if value in AuditAction.values:
        return str(AuditAction(value).label)
    if value in RENAMED:
        return str(RENAMED[value].label)
    workflow, _dot, status = value.rpartition(".")
    workflows = _workflows()
    if workflow in workflows and status in workflows[workflow][1]:
        label, statuses = workflows[workflow]
        return f"{label}: {statuses[status]}"
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited fields of an instance as plain JSON-able values (FKs as ids)."""
    data = model_to_dict(instance, fields=list(fields) if fields else None)
    return {key: (value.pk if isinstance(value, models.Model) else value) for key, value in data.items()}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


class Entry(NamedTuple):
    """One event of audit_record_many(): its target and what changed."""

    target: models.Model | None
    unit: Any = None
    before: dict | None = None
    after: dict | None = None
    message: str = ""


def _checked(action: AuditAction | WorkflowAction) -> str:
    if isinstance(action, AuditAction | WorkflowAction):
        return str.__str__(action)
    raise TypeError(f"audit action must be an AuditAction or a workflow_action(), not {action!r}")


def _event(action: str, actor, entry: Entry) -> AuditEvent:
    target = entry.target
    return AuditEvent(
        action=action,
        actor=actor,
        actor_repr=(actor.get_username() if actor else SYSTEM_ACTOR)[:200],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        unit=entry.unit,
        before=entry.before,
        after=entry.after,
        message=entry.message,
    )


def _real(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def audit_record(
    *,
    action: AuditAction | WorkflowAction,
    actor=None,
    target: models.Model | None = None,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
) -> AuditEvent:
    event = _event(_checked(action), _real(actor), Entry(target, unit, before, after, message))
    event.save()
    return event


def audit_record_many(
    *, action: AuditAction | WorkflowAction, actor=None, entries: Iterable[Entry], batch_size: int = 500
) -> list[AuditEvent]:
    """One event per entry, as audit_record() would write each, in one INSERT per BATCH_SIZE rows."""
    value, actor = _checked(action), _real(actor)
    return AuditEvent.objects.bulk_create([_event(value, actor, entry) for entry in entries], batch_size=batch_size)
