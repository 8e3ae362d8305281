"""Dossiers in the back office: a scoped list (status, round, commune, overdue), a read-only page
whose buttons are the workflow's moves and links to the workflow pages (form 03, advisory team,
scoring, result), and the commune officer's assisted filing (add form)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RelatedDropdownFilter
from unfold.decorators import action, display

from ocop.core.history_admin import history_table
from ocop.core.service_errors import service_errors
from ocop.core.transitions import check_offered
from ocop.core.workflow_admin import button_variant, status_badge
from ocop.rating import admin_views, selectors, workflow
from ocop.rating.admin.common import RatingAdminMixin
from ocop.rating.forms import ReasonForm
from ocop.rating.models import Dossier
from ocop.rating.policy import can_read_council_work, dossiers_q
from ocop.rating.services import dossiers as services
from ocop.rating.views import documents

S = workflow.DossierStatus
#: Generic moves offered as buttons (the others need a report or a result first).
MOVES = workflow.DOSSIER.targets()
class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn thẩm định")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("1", _("Quá hạn 15 ngày làm việc"))]

    def queryset(self, request, queryset):
        return queryset.filter(selectors.overdue_q()) if self.value() == "1" else queryset


class AssistedDossierForm(forms.ModelForm):
    """A commune officer files a dossier on a producer's behalf (consent recorded)."""

    class Meta:
        model = Dossier
        fields = ["product", "kind", "consent_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "consent_note" in self.fields:  # the change page shows every field read-only
            self.fields["consent_note"].required = True


def _move_action(to: str):
    def move(self, request, object_id):
        return self.transition_view(request, object_id, to)

    move.__name__ = f"move_{to}"
    return action(description=workflow.DOSSIER.action_label(None, to), url_path=f"move-{to}",
                  variant=button_variant(workflow.DOSSIER.tone(to)))(move)


def _link_action(name: str, description, url_name: str, level: str | None = None):
    def go(self, request, object_id):
        args = [object_id] if level is None else [object_id, level]
        return HttpResponseRedirect(reverse(url_name, args=args))

    go.__name__ = name
    return action(description=description, url_path=name.replace("_", "-"))(go)


@admin.register(Dossier)
class DossierAdmin(RatingAdminMixin, ModelAdmin):
    list_display = ["__str__", "producer", "unit", "kind", "status_label", "round", "review_due_badge", "self_total"]
    list_filter = [("status", ChoicesDropdownFilter), OverdueFilter, ("round", RelatedDropdownFilter), "year", "kind",
                   "assisted"]
    list_filter_submit = True
    search_fields = ["product__search_text", "product__producer__search_text", "unit__search_text"]
    list_select_related = ["product__producer", "unit__parent", "round__unit"]
    list_per_page = 50
    fields = ["product", "unit", "year", "kind", "regime", "criteria_set", "status", "status_note", "round",
              "central_round", "previous", "registration_no", "product_spec", "changes_note", "samples_count",
              "self_total", "assisted", "consent_note", "filed_by", "submitted_at", "review_due_on", "proposed_at",
              "rerating_due_on",
              "written_only", "evidence_list", "transition_history"]
    form = AssistedDossierForm

    # --- scope --------------------------------------------------------------------------------
    def get_queryset(self, request):
        return super().get_queryset(request).filter(dossiers_q(request.user))

    def has_add_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and (
            user.is_superuser or selectors.products_fileable_by(user).exists()
        )

    def get_fields(self, request, obj=None):
        return self.fields if obj else ["product", "kind", "consent_note"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "product":
            kwargs["queryset"] = selectors.products_fileable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            created = services.dossier_create(actor=request.user, product=obj.product, kind=obj.kind, assisted=True,
                                              consent_note=obj.consent_note)
        except PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = created.pk

    def add_view(self, request, form_url="", extra_context=None):
        # A domain refusal at save time (an open dossier already, a product no longer made) is a
        # message on the add page, not a bare 403: the save rolled back with the admin's transaction.
        with service_errors(request=request):
            return super().add_view(request, form_url, extra_context)
        return HttpResponseRedirect(request.get_full_path())

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("portal:dossier_self_assessment", args=[obj.pk]))

    # --- custom pages -------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("scoring/", view(admin_views.scoring_index), name="rating_scoring"),
            path("<int:pk>/review/", view(admin_views.review_view), name="rating_dossier_review"),
            path("<int:pk>/advisory/<str:level>/", view(admin_views.advisory_view), name="rating_dossier_advisory"),
            path("<int:pk>/scoring/<str:level>/", view(admin_views.scoring_sheet), name="rating_dossier_scoring"),
            path("<int:pk>/scoring/<str:level>/sheets/", view(admin_views.scoring_sheets),
                 name="rating_dossier_sheets"),
            path("<int:pk>/result/<str:level>/", view(admin_views.result_view), name="rating_dossier_result"),
            path("<int:pk>/review/document.<str:fmt>", view(documents.review_document),
                 name="rating_dossier_review_document"),
            path("<int:pk>/result/<str:level>/minutes.<str:fmt>", view(documents.minutes_document),
                 name="rating_dossier_minutes_document"),
            *super().get_urls(),
        ]

    # --- detail buttons -----------------------------------------------------------------------
    def get_actions_detail(self, request, object_id):
        actions = super().get_actions_detail(request, object_id)
        obj = self.get_object(request, object_id)
        if obj is None:
            return []
        allowed = {f"move_{to}" for to in selectors.allowed_moves(obj, request.user)}
        user = request.user
        council_reader = can_read_council_work(user, obj)
        level = "central" if obj.status in (S.FORWARDED_CENTRAL, S.CENTRAL_RATED) else "province"
        seat = selectors.seat_of(user, selectors.council_of(obj, level))
        links = {
            "open_review": selectors.can_review(obj, user),
            "open_advisory": council_reader and obj.status in (S.PROPOSED, S.ACCEPTED),
            "open_central_advisory": council_reader and obj.status == S.FORWARDED_CENTRAL,
            "open_scoring": seat is not None and seat.scores and level == "province" and obj.status == S.ACCEPTED,
            "open_central_scoring": seat is not None and seat.scores and obj.status == S.FORWARDED_CENTRAL,
            "open_result": council_reader and obj.round_id is not None and obj.status in (
                S.ACCEPTED, S.RATED, S.AWAITING_APPROVAL, S.FORWARDED_CENTRAL),
            "open_central_result": council_reader and obj.status in (S.FORWARDED_CENTRAL, S.CENTRAL_RATED),
            "open_portal": selectors.can_edit(obj, user),
        }
        allowed |= {name for name, ok in links.items() if ok}
        return [a for a in actions if a.method.__name__ in allowed]

    def transition_view(self, request, object_id, to):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        check_offered(workflow.DOSSIER, obj.status, to, selectors.allowed_moves(obj, request.user))
        form = ReasonForm(request.POST if request.method == "POST" else None)
        form.fields["reason"].required = workflow.DOSSIER.requires_reason(obj.status, to)
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                services.dossier_transition(dossier=obj, to=to, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Hồ sơ đã chuyển sang «%(s)s».") % {"s": S(to).label})
                return HttpResponseRedirect(reverse("admin:rating_dossier_change", args=[obj.pk]))
        return TemplateResponse(request, "rating/admin/transition.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": obj,
            "title": workflow.DOSSIER.action_label(obj.status, to), "form": form, "to_label": S(to).label,
        })

    # --- columns ------------------------------------------------------------------------------
    @display(description=_("chủ thể"), ordering="product__producer__name")
    def producer(self, obj):
        return obj.product.producer

    status_label = status_badge(workflow.DOSSIER)

    @display(description=_("hạn xã thẩm định"), label={"late": "danger", "due": "warning", "": "info"},
             ordering="review_due_on")
    def review_due_badge(self, obj):
        if obj.status not in workflow.AT_COMMUNE or obj.review_due_on is None:
            return "", "—"
        text = date_format(obj.review_due_on, "SHORT_DATE_FORMAT")
        if obj.review_due_on < timezone.localdate():
            return "late", _("Quá hạn %(d)s") % {"d": text}
        return "due", text

    @display(description=_("minh chứng"))
    def evidence_list(self, obj):
        rows = format_html_join(
            "", '<li>{}: <a href="{}" target="_blank" rel="noopener" class="evidence-link">{}</a></li>',
            ((e.criterion_code or "—", e.document.file.url, e.document)
             for e in obj.evidence.select_related("document")),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "—"

    @display(description=_("lịch sử xử lý"))
    def transition_history(self, obj):
        return history_table(obj)


for _to in MOVES:
    setattr(DossierAdmin, f"move_{_to}", _move_action(_to))
for _name, _label, _url, _level in [
    ("open_review", _("Thẩm định tại xã (Mẫu 03)"), "admin:rating_dossier_review", None),
    ("open_advisory", _("Báo cáo tổ tư vấn"), "admin:rating_dossier_advisory", "province"),
    ("open_central_advisory", _("Báo cáo tổ tư vấn trung ương"), "admin:rating_dossier_advisory", "central"),
    ("open_scoring", _("Chấm điểm"), "admin:rating_dossier_scoring", "province"),
    ("open_central_scoring", _("Chấm điểm (trung ương)"), "admin:rating_dossier_scoring", "central"),
    ("open_result", _("Kết quả hội đồng tỉnh"), "admin:rating_dossier_result", "province"),
    ("open_central_result", _("Kết quả hội đồng trung ương"), "admin:rating_dossier_result", "central"),
]:
    setattr(DossierAdmin, _name, _link_action(_name, _label, _url, _level))


def _open_portal(self, request, object_id):
    return HttpResponseRedirect(reverse("portal:dossier_detail", args=[object_id]))


_open_portal.__name__ = "open_portal"
DossierAdmin.open_portal = action(description=_("Mở hồ sơ (lập thay)"), url_path="open-portal")(_open_portal)
DossierAdmin.actions_detail = [*(f"move_{to}" for to in MOVES), "open_review", "open_advisory",
                               "open_central_advisory", "open_scoring", "open_central_scoring", "open_result",
                               "open_central_result", "open_portal"]
