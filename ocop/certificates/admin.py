"""Back office of the certificates app ("Quyết định, chứng nhận" in the sidebar).

Decisions and certificates are read-only pages: they change only through the services, behind
buttons — "Ghi nhận quyết định công nhận" on the decision list; "Tải PDF", "Ghi nhận kết luận vi phạm"
(the revocation procedure starts: «Đang xử lý thu hồi»), "Thu hồi", "Không thu hồi", "Đánh giá
lại" and "Nâng hạng" on a certificate. Each button is shown only to who may use it; an object out
of scope answers 404, a read-only role 403. Notifications: each user reads their own.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.enums import ActionVariant

from ocop.accounts.models import Role
from ocop.accounts.policy import office_roles_over
from ocop.accounts.roles import MANAGERS
from ocop.accounts.scope import scope_for
from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.certificates import lifecycle, rendering, rerating, selectors, services
from ocop.certificates.admin_views import expiring_view
from ocop.certificates.documents import decision_document, for_decision, lines_of
from ocop.certificates.forms import (
    DecisionIssueForm,
    FindingDismissForm,
    FindingForm,
    ReratingForm,
    RevocationForm,
)
from ocop.certificates.models import Certificate, Decision, DecisionItem, Notification
from ocop.certificates.rerating import rerating_start
from ocop.certificates.status import (
    IN_FORCE,
    TONES,
    CertificateStatus,
    admin_badge,
    admin_label,
    revocation_due_on,
    with_live_status,
)
from ocop.core import official
from ocop.core.service_errors import service_errors
from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.lib.formatting import short_date
from ocop.rating.models import Dossier

DECIDING_ROLES = MANAGERS


def _form_page(model_admin, request, *, title, form, back, intro="", warning="", submit_label="", drafts=()):
    context = {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": title,
        "form": form, "back": back, "intro": intro, "warning": warning, "submit_label": submit_label,
        "drafts": drafts,
    }
    return TemplateResponse(request, "certificates/admin/action_form.html", context)


# --- Decisions -----------------------------------------------------------------------------------

class DecisionItemInline(ReadOnlyAdminMixin, TabularInline):
    model = DecisionItem
    extra = 0
    fields = ["position", "product", "producer", "stars", "result_level", "certificate_link"]
    readonly_fields = fields
    verbose_name_plural = _("Sản phẩm được công nhận")

    def has_view_permission(self, request, obj=None):
        return True  # the parent page is already scoped

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "result__product__producer", "result__certificate"
        )

    @display(description=_("sản phẩm"))
    def product(self, item):
        return item.result.product.name

    @display(description=_("chủ thể"))
    def producer(self, item):
        return item.result.product.producer.name

    @display(description=_("kết quả"))
    def result_level(self, item):
        return f"{item.result.get_level_display()} {item.result.year}: {item.result.average}"

    @display(description=_("giấy chứng nhận"))
    def certificate_link(self, item):
        certificate = getattr(item.result, "certificate", None)
        if certificate is None:
            return _("đang tạo")
        url = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        return format_html('<a class="text-primary-600" href="{}">{}</a>', url, certificate.uid.hex[:12])


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, ModelAdmin):
    list_display = ["number", "kind", "issuer", "signed_on", "signer_name", "items_count"]
    list_filter = ["kind", "issuer_level", "year"]
    search_fields = ["number", "note", "signer_name"]
    date_hierarchy = "signed_on"
    list_per_page = 50
    fields = ["number", "kind", "issuer_level", "issuer_unit", "year", "sequence", "signed_on", "signer_name",
              "signer_title", "note", "file", "is_historical", "created_by", "created_at"]
    readonly_fields = fields
    inlines = [DecisionItemInline]
    actions_list = ["issue_decision"]
    actions_detail = ["download_document_pdf", "download_document_docx"]

    def get_queryset(self, request):
        queryset = selectors.decisions_visible_to(request.user).select_related("issuer_unit")
        return queryset.annotate(items_total=Count("items")).order_by(*(self.get_ordering(request) or ["-signed_on"]))

    @display(description=_("cơ quan ban hành"), ordering="issuer_level")
    def issuer(self, decision):
        return decision.issuer_unit.full_name if decision.issuer_unit_id else decision.get_issuer_level_display()

    @display(description=_("số sản phẩm"), ordering="items_total")
    def items_count(self, decision):
        return decision.items_total

    def has_issue_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or bool(scope_for(user).roles & DECIDING_ROLES))

    @action(description=_("Ghi nhận quyết định công nhận"), url_path="issue", permissions=["issue"],
            icon="gavel", variant=ActionVariant.PRIMARY)
    def issue_decision(self, request):
        form = DecisionIssueForm(request.POST or None, request.FILES or None, user=request.user)
        draft = request.POST.get("draft")
        if request.method == "POST" and draft and form.is_valid():
            return self._draft(form.cleaned_data, draft)
        if request.method == "POST" and not draft and form.is_valid():
            data = form.cleaned_data
            with service_errors(form, also=(PermissionDenied,)):
                decision = services.decision_issue(
                    level=data["issuer_level"], unit=data["issuer_unit"], results=list(data["results"]),
                    signed_on=data["signed_on"], signer_name=data["signer_name"], signer_title=data["signer_title"],
                    note=data["note"], number=data["number"].strip(), scan=data["scan"], actor=request.user,
                )
                messages.success(request, _("Đã ghi nhận Quyết định số %(n)s; giấy chứng nhận đang được tạo.")
                                 % {"n": decision.number})
                return HttpResponseRedirect(reverse("admin:certificates_decision_change", args=[decision.pk]))
        return _form_page(
            self, request, title=_("Ghi nhận quyết định công nhận"), form=form,
            back=reverse("admin:certificates_decision_changelist"),
            intro=f'{_("UBND tỉnh công nhận 3 sao, 4 sao (kể cả từ kết quả trung ương dưới 90 điểm); Bộ Nông nghiệp "
                       "và Môi trường công nhận 5 sao. Hệ thống cấp số quyết định tiếp theo của cơ quan ban hành và "
                       "tạo giấy chứng nhận (có giá trị 36 tháng) cho từng sản phẩm.")} '
                  f'{_("Tải dự thảo quyết định (kèm phụ lục danh sách sản phẩm) để trình ký; sau khi ký, ghi nhận "
                       "quyết định kèm bản quét.")}',
            drafts=[("pdf", _("Tải dự thảo PDF")), ("docx", _("Tải dự thảo .docx"))],
        )

    def _draft(self, data, fmt):
        """The draft decision (dự thảo) of the officer's choices, before it is numbered and signed."""
        document = decision_document(
            level=data["issuer_level"], unit=data["issuer_unit"], signed_on=data["signed_on"],
            number=data["number"].strip(), signer_name=data["signer_name"], signer_title=data["signer_title"],
            note=data["note"], lines=lines_of((result, result.recognised_stars) for result in data["results"]), draft=True,
        )
        return official.download(document, fmt)

    def _document(self, request, object_id, fmt):
        decision = self.get_object(request, object_id)
        if decision is None or decision.kind != Decision.Kind.RECOGNITION:
            raise Http404
        return official.download(for_decision(decision), fmt)

    @action(description=_("Tải quyết định (PDF)"), url_path="document-pdf", permissions=["view"],
            icon="picture_as_pdf")
    def download_document_pdf(self, request, object_id):
        return self._document(request, object_id, "pdf")

    @action(description=_("Tải quyết định (.docx)"), url_path="document-docx", permissions=["view"],
            icon="description")
    def download_document_docx(self, request, object_id):
        return self._document(request, object_id, "docx")


# --- Certificates --------------------------------------------------------------------------------

class StatusFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return CertificateStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, ModelAdmin):
    unit_field = "product__unit"
    list_display = ["product", "producer", "stars_label", "decision", "issued_on", "valid_until", "status_label"]
    list_filter = [StatusFilter, "stars", "decision__issuer_level"]
    search_fields = ["product__name", "product__search_text", "product__producer__search_text", "decision__number"]
    list_per_page = 50
    fields = ["product", "stars", "decision", "issued_on", "valid_until", "extension", "status_text", "rerating_window",
              "verification", "pending_finding", "revoked_on", "revocation_decision", "revocation_ground",
              "revocation_finding_on", "revocation_timeliness", "revocation_note", "pdf_generated_at"]
    readonly_fields = fields
    actions_detail = ["download_pdf", "record_finding", "revoke", "dismiss_finding", "start_rerating", "start_upgrade"]
    actions_row = ["download_pdf"]

    def get_urls(self):
        site = self.admin_site
        return [
            path("expiring/", site.admin_view(expiring_view), name="certificates_expiring"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return with_live_status(super().get_queryset(request)).select_related(
            "product__producer", "product__unit__parent", "decision__issuer_unit", "revocation_decision"
        )

    @display(description=_("chủ thể"), ordering="product__producer__name")
    def producer(self, certificate):
        return certificate.product.producer.name

    @display(description=_("hạng"), ordering="stars")
    def stars_label(self, certificate):
        return "★" * certificate.stars

    @display(description=_("tình trạng"), label=TONES, ordering="status")
    def status_label(self, certificate):
        return admin_badge(certificate.status)

    @display(description=_("tình trạng"))
    def status_text(self, certificate):
        """The change page shows the label (a (value, label) pair is for the list's badges only)."""
        return admin_label(certificate.status)

    @display(description=_("cửa sổ nộp hồ sơ đánh giá lại"))
    def rerating_window(self, certificate):
        opens_on, closes_on = rerating.rerating_window(certificate)
        return f"{short_date(opens_on)} – {short_date(closes_on)}"

    @display(description=_("kéo dài hiệu lực"))
    def extension(self, certificate):
        if not certificate.extended_until:
            return "—"
        return _("Đến khi có kết quả đánh giá lại, chậm nhất hết ngày %(day)s (%(basis)s)") % {
            "day": short_date(certificate.extended_until), "basis": certificate.extension_basis}

    @display(description=_("thời hạn thu hồi (15 ngày)"))
    def revocation_timeliness(self, certificate):
        if certificate.revoked_on is None or certificate.revocation_finding_on is None:
            return "—"
        deadline = lifecycle.revocation_deadline(certificate.revocation_finding_on)
        if lifecycle.revocation_is_late(certificate.revocation_finding_on, certificate.revoked_on):
            return _("Quá hạn %(n)s ngày (hạn %(d)s)") % {
                "n": (certificate.revoked_on - deadline).days, "d": short_date(deadline)}
        return _("Trong hạn (hạn %(d)s)") % {"d": short_date(deadline)}

    @display(description=_("kết luận đang xử lý thu hồi"))
    def pending_finding(self, certificate):
        """The pending finding and the next step's deadline (Art. 8.4), or "—"."""
        due_on = revocation_due_on(certificate)
        if due_on is None:
            return "—"
        text = _("Kết luận ngày %(on)s (%(ground)s). Hạn ra quyết định thu hồi: %(due)s.") % {
            "on": short_date(certificate.revocation_finding_on),
            "ground": certificate.get_revocation_finding_ground_display(), "due": short_date(due_on)}
        if due_on < timezone.localdate():
            text += " " + _("Đã quá hạn %(n)s ngày.") % {"n": (timezone.localdate() - due_on).days}
        if certificate.revocation_finding_note:
            text += f" {certificate.revocation_finding_note}"
        return text

    @display(description=_("trang xác minh công khai"))
    def verification(self, certificate):
        url = reverse("certificates:verify", args=[certificate.uid])
        return format_html('<a class="text-primary-600" href="{}" target="_blank">{}</a>', url,
                           rendering.verification_url(certificate))

    def _in_scope(self, request, object_id) -> Certificate:
        certificate = self.get_object(request, object_id)
        if certificate is None:
            raise Http404
        return certificate

    def _may_revoke(self, request, certificate) -> bool:
        if certificate.revoked_on is not None:
            return False
        level, unit = services.revocation_issuer(certificate)
        try:
            services.check_can_decide(request.user, level, unit)
        except PermissionDenied:
            return False
        return True

    def has_revoke_permission(self, request, object_id=None):
        return self._may_revoke(request, self._in_scope(request, object_id))

    def has_finding_permission(self, request, object_id=None):
        """Record a finding: who may revoke, on a certificate in force with no finding pending."""
        certificate = self._in_scope(request, object_id)
        return certificate.status in IN_FORCE and self._may_revoke(request, certificate)

    def has_dismiss_permission(self, request, object_id=None):
        certificate = self._in_scope(request, object_id)
        return revocation_due_on(certificate) is not None and self._may_revoke(request, certificate)

    def _can_file(self, request, certificate, kind) -> bool:
        if certificate.status == CertificateStatus.REVOKED:
            return False
        if kind == Dossier.Kind.RERATING:
            allowed = rerating.rerating_open(certificate, timezone.localdate())
        else:
            allowed = certificate.stars < 5 and certificate.status != CertificateStatus.EXPIRED
        return allowed and Role.COMMUNE_OFFICER in office_roles_over(request.user, certificate.product.unit)

    def has_rerating_permission(self, request, object_id=None):
        return self._can_file(request, self._in_scope(request, object_id), Dossier.Kind.RERATING)

    def has_upgrade_permission(self, request, object_id=None):
        return self._can_file(request, self._in_scope(request, object_id), Dossier.Kind.UPGRADE)

    @action(description=_("Tải PDF"), url_path="pdf", permissions=["view"], icon="picture_as_pdf")
    def download_pdf(self, request, object_id):
        certificate = self._in_scope(request, object_id)
        response = HttpResponse(services.certificate_pdf_bytes(certificate), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{rendering.pdf_filename(certificate)}"'
        return response

    @action(description=_("Ghi nhận kết luận vi phạm"), url_path="finding", permissions=["finding"],
            icon="report")
    def record_finding(self, request, object_id):
        certificate = self._in_scope(request, object_id)
        back = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        form = FindingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with service_errors(form):
                services.finding_record(certificate=certificate, finding_on=data["revocation_finding_on"],
                                        ground=data["revocation_finding_ground"], note=data["note"],
                                        actor=request.user)
                messages.success(request, _("Đã ghi nhận kết luận; hạn ra quyết định thu hồi: %(d)s.") % {
                    "d": short_date(lifecycle.revocation_deadline(data["revocation_finding_on"]))})
                return HttpResponseRedirect(back)
        return _form_page(
            self, request, title=_("Ghi nhận kết luận vi phạm"), form=form, back=back,
            intro=_("Kết luận của cơ quan có thẩm quyền (hoặc xác nhận của UBND xã) bắt đầu thủ tục thu hồi giấy "
                    "chứng nhận của «%(product)s»: trang xác minh công khai hiện «Đang xử lý thu hồi»; giấy chứng "
                    "nhận vẫn còn hiệu lực đến khi có quyết định thu hồi, hạn 15 ngày kể từ ngày có kết luận.")
            % {"product": certificate.product.name},
        )

    @action(description=_("Không thu hồi"), url_path="dismiss-finding", permissions=["dismiss"], icon="undo")
    def dismiss_finding(self, request, object_id):
        certificate = self._in_scope(request, object_id)
        back = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        form = FindingDismissForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                services.finding_dismiss(certificate=certificate, reason=form.cleaned_data["reason"],
                                         actor=request.user)
                messages.success(request, _("Đã hủy kết luận; giấy chứng nhận không bị thu hồi."))
                return HttpResponseRedirect(back)
        return _form_page(
            self, request, title=_("Không thu hồi giấy chứng nhận"), form=form, back=back,
            intro=_("Hủy kết luận đang xử lý thu hồi (kết luận ngày %(on)s) khi cấp có thẩm quyền quyết định không "
                    "thu hồi. Lý do được ghi vào nhật ký.") % {"on": short_date(certificate.revocation_finding_on)},
        )

    @action(description=_("Thu hồi"), url_path="revoke", permissions=["revoke"], icon="block",
            variant=ActionVariant.DANGER)
    def revoke(self, request, object_id):
        certificate = self._in_scope(request, object_id)
        back = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        pending = {"revocation_finding_on": certificate.revocation_finding_on,
                   "revocation_ground": certificate.revocation_finding_ground} if revocation_due_on(certificate) else {}
        form = RevocationForm(request.POST or None, initial=pending)
        warning = ""
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with service_errors(form):
                outcome = services.certificate_revoke(
                    certificate=certificate, ground=data["revocation_ground"],
                    finding_on=data["revocation_finding_on"], signed_on=data["revoked_on"],
                    signer_name=data["signer_name"], signer_title=data["signer_title"], note=data["note"],
                    actor=request.user,
                )
                messages.success(request, _("Đã thu hồi giấy chứng nhận theo Quyết định số %(n)s.")
                                 % {"n": outcome.decision.number})
                if outcome.late:
                    messages.warning(request, _("Quyết định thu hồi ban hành quá 15 ngày kể từ ngày có kết luận "
                                                "(hạn %(d)s).") % {"d": short_date(outcome.deadline)})
                return HttpResponseRedirect(back)
            warning = form.deadline_note() if form.is_valid() else ""
        level, unit = services.revocation_issuer(certificate)
        by = unit.full_name if unit is not None else Decision.Level.CENTRAL.label
        return _form_page(
            self, request, title=_("Thu hồi giấy chứng nhận"), form=form, back=back, warning=warning,
            intro=_("Thu hồi giấy chứng nhận %(stars)s sao của «%(product)s». Thẩm quyền: %(by)s. Quyết định thu hồi "
                    "có hiệu lực ngay trên trang xác minh công khai.")
            % {"stars": certificate.stars, "product": certificate.product.name, "by": by},
        )

    @action(description=_("Đánh giá lại"), url_path="rerating", permissions=["rerating"], icon="autorenew")
    def start_rerating(self, request, object_id):
        return self._start(request, object_id, Dossier.Kind.RERATING)

    @action(description=_("Nâng hạng"), url_path="upgrade", permissions=["upgrade"], icon="trending_up")
    def start_upgrade(self, request, object_id):
        return self._start(request, object_id, Dossier.Kind.UPGRADE)

    def _start(self, request, object_id, kind):
        certificate = self._in_scope(request, object_id)
        back = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        form = ReratingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with service_errors(form, also=(PermissionDenied,)):
                started = rerating_start(certificate=certificate, actor=request.user, kind=kind,
                                         consent_note=form.cleaned_data["consent_note"])
                messages.success(request, _("Đã tạo hồ sơ %(kind)s #%(pk)s, dùng lại %(n)s giấy tờ còn hiệu lực.")
                                 % {"kind": started.dossier.get_kind_display().lower(), "pk": started.dossier.pk,
                                    "n": len(started.copied_documents)})
                if started.expired_documents:
                    messages.warning(request, _("Giấy tờ đã hết hạn, cần bổ sung: %(list)s") % {
                        "list": ", ".join(str(d) for d in started.expired_documents)})
                return HttpResponseRedirect(_dossier_url(started.dossier) or back)
        return _form_page(
            self, request, title=Dossier.Kind(kind).label, form=form, back=back,
            intro=_("Tạo hồ sơ mới từ hồ sơ đã được công nhận: dùng lại báo cáo tự đánh giá và các giấy tờ còn "
                    "hiệu lực; chủ thể chỉ cần cập nhật những gì thay đổi hoặc hết hạn."),
        )


def _dossier_url(dossier) -> str | None:
    from django.urls import NoReverseMatch

    try:
        return reverse("admin:rating_dossier_change", args=[dossier.pk])
    except NoReverseMatch:
        return None


# --- Notifications -------------------------------------------------------------------------------

@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["created_at", "kind", "certificate", "text", "is_read"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_per_page = 50
    fields = ["created_at", "kind", "certificate", "dossier", "text", "read_at"]
    readonly_fields = fields
    actions = ["mark_read"]

    def get_queryset(self, request):
        return selectors.notifications_for(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # someone else's notification looks missing, as in ScopedAdminMixin

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    @display(description=_("đã đọc"), boolean=True)
    def is_read(self, notification):
        return notification.read_at is not None

    @admin.action(description=_("Đánh dấu đã đọc"))
    def mark_read(self, request, queryset):
        count = services.notifications_mark_read(user=request.user, ids=[n.pk for n in queryset])
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})


def notification_badge(request) -> str:
    """Unread count for the sidebar item (Unfold "badge" callback)."""
    count = selectors.notifications_for(request.user, unread_only=True).count()
    return str(count) if count else ""

