"""Rounds, councils with their members, results (read-only; historical ones added here) and
public holidays. Every save goes through a service."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from ocop.accounts.roles import MANAGERS
from ocop.accounts.scope import scope_for
from ocop.core.service_errors import service_errors
from ocop.rating import selectors
from ocop.rating.admin.common import RatingAdminMixin
from ocop.rating.admin_views import council_analytics_view, rounds_defaults_view
from ocop.rating.forms import HistoricalResultForm
from ocop.rating.models import Council, CouncilMember, PublicHoliday, RatingResult, RatingRound
from ocop.rating.round_phase import phase_of, with_phase
from ocop.rating.services import council as council_services
from ocop.rating.services import historical, holidays, rounds

PHASE_TONES = {RatingRound.Phase.OPEN: "success", RatingRound.Phase.FILING_CLOSED: "warning",
               RatingRound.Phase.RATING: "info", RatingRound.Phase.DONE: "danger"}


class PhaseFilter(admin.SimpleListFilter):
    """Rounds by their phase today (computed in SQL, see ocop.rating.round_phase)."""

    title = _("trạng thái")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return RatingRound.Phase.choices

    def queryset(self, request, queryset):
        return queryset.filter(phase=self.value()) if self.value() in RatingRound.Phase.values else queryset


def _manager(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and (user.is_superuser or bool(scope_for(user).roles & MANAGERS))


def _can_manage_round(request, rnd) -> bool:
    try:
        rounds.check_can_manage(request.user, rnd.level, rnd.unit)
    except PermissionDenied:
        return False
    return True


@admin.register(RatingRound)
class RatingRoundAdmin(RatingAdminMixin, ModelAdmin):
    list_display = ["__str__", "level", "unit", "year", "sequence", "proposal_deadline", "rating_deadline",
                    "phase_label", "dossier_count"]
    list_filter = ["level", "year", PhaseFilter]
    list_select_related = ["unit"]
    fields = ["level", "unit", "year", "sequence", "proposal_deadline", "rating_deadline", "phase_label", "note"]
    readonly_fields = ["phase_label"]
    autocomplete_fields = ["unit"]
    actions_list = ["create_defaults"]

    def get_queryset(self, request):
        queryset = selectors.rounds_visible_to(request.user).annotate(_dossiers=Count("dossiers", distinct=True))
        return with_phase(queryset).order_by("-year", "level", "unit__path", "sequence")

    def get_urls(self):
        return [path("defaults/", self.admin_site.admin_view(self.defaults_view), name="rating_ratinground_defaults"),
                path("council-analytics/", self.admin_site.admin_view(council_analytics_view),
                     name="rating_council_analytics"),
                *super().get_urls()]

    def defaults_view(self, request):
        if not self.has_add_permission(request):  # read-only roles get no form to write with
            raise PermissionDenied
        return rounds_defaults_view(request)

    @action(description=_("Tạo các đợt mặc định của năm"), url_path="create-defaults", permissions=["add"])
    def create_defaults(self, request):
        return HttpResponseRedirect(reverse("admin:rating_ratinground_defaults"))

    def has_add_permission(self, request):
        return _manager(request)

    def has_change_permission(self, request, obj=None):
        return _manager(request) and (obj is None or _can_manage_round(request, obj))

    def save_model(self, request, obj, form, change):
        rounds.round_save(rnd=obj, actor=request.user)

    @display(description=_("số hồ sơ"), ordering="_dossiers")
    def dossier_count(self, obj):
        return obj._dossiers

    @display(description=_("trạng thái"), ordering="phase", label=PHASE_TONES)
    def phase_label(self, obj):
        phase = getattr(obj, "phase", None) or (phase_of(obj) if obj.pk else RatingRound.Phase.OPEN)
        return phase, RatingRound.Phase(phase).label


def _check_member_removal(form) -> None:
    """Replaces the admin's generic "protected objects" refusal: a member whose sheets are only
    drafts may be taken off (the service deletes the drafts); one who submitted a sheet is marked
    absent instead. Raised on the form, before anything is saved."""
    if form.cleaned_data.get("DELETE") and form.instance.pk and form.instance.sheets.filter(
            submitted_at__isnull=False).exists():
        raise ValidationError(_("Thành viên %(name)s đã nộp phiếu chấm nên không rút khỏi hội đồng được: "
                                "hãy đánh dấu vắng mặt (kèm lý do) để phiếu không được tính.")
                              % {"name": form.instance.user})


class CouncilMemberInline(TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["user", "role", "organization", "title", "absent", "absence_reason"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = selectors.council_candidates(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.hand_clean_DELETE = _check_member_removal
        return formset

    def _parent_ok(self, request, obj):
        return obj is None or _can_manage_round(request, obj.round)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return _manager(request) and self._parent_ok(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(Council)
class CouncilAdmin(RatingAdminMixin, ModelAdmin):
    list_display = ["name", "round", "spread_threshold", "written_only", "member_count"]
    list_filter = ["round__level", "round__year", "written_only"]
    list_select_related = ["round__unit"]
    fieldsets = [
        (None, {"fields": ["round", "name", "decision_number", "established_on", "written_only"]}),
        (_("Quy chế hoạt động của hội đồng"), {
            "fields": ["quorum", "quorum_needs_chair", "spread_threshold", "spread_resolution"],
            "description": _("Thành viên vắng mặt (ghi lý do ở danh sách thành viên) không tính vào điểm trung "
                             "bình và đa số về yêu cầu tối thiểu; kết quả hoàn tất khi đủ số thành viên có mặt."),
        }),
    ]
    inlines = [CouncilMemberInline]

    def get_queryset(self, request):
        visible = selectors.rounds_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(round__in=visible).annotate(_members=Count("members"))

    def has_add_permission(self, request):
        return _manager(request)

    def has_change_permission(self, request, obj=None):
        return _manager(request) and (obj is None or _can_manage_round(request, obj.round))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "round":
            kwargs["queryset"] = selectors.rounds_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            council_services.council_save(council=obj, actor=request.user)
        else:
            created = council_services.council_create(
                rnd=obj.round, name=obj.name, actor=request.user, spread_threshold=obj.spread_threshold,
                written_only=obj.written_only, decision_number=obj.decision_number, established_on=obj.established_on,
                quorum=obj.quorum, quorum_needs_chair=obj.quorum_needs_chair, spread_resolution=obj.spread_resolution,
            )
            obj.pk = created.pk

    def save_formset(self, request, form, formset, change):
        """Members are written through the council services (they check who may manage the round
        and whether a member may still leave); the formset's bookkeeping lists are filled as
        Django's own save would, for the change message."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item in formset.forms:
            if not item.has_changed() or not hasattr(item, "cleaned_data"):
                continue
            data, member = item.cleaned_data, item.instance
            with service_errors(request=request):
                if data.get("DELETE") and member.pk:
                    council_services.council_member_remove(member=member, actor=request.user)
                    formset.deleted_objects.append(member)
                elif member.pk:
                    council_services.council_member_update(
                        member=member, actor=request.user, role=data["role"], organization=data["organization"],
                        title=data["title"], absent=data.get("absent", False),
                        absence_reason=data.get("absence_reason", ""))
                    formset.changed_objects.append((member, item.changed_data))
                elif not data.get("DELETE"):
                    formset.new_objects.append(council_services.council_member_add(
                        council=form.instance, user=data["user"], role=data["role"], actor=request.user,
                        organization=data["organization"], title=data["title"], absent=data.get("absent", False),
                        absence_reason=data.get("absence_reason", "")))

    @display(description=_("số thành viên"), ordering="_members")
    def member_count(self, obj):
        return obj._members


@admin.register(RatingResult)
class RatingResultAdmin(RatingAdminMixin, ModelAdmin):
    """Read-only: results are written by the council workflow. The add form records a
    historical result (QĐ 1048, QĐ 148)."""

    list_display = ["product", "level", "regime", "year", "average", "spread", "stars_display", "potential_5_star",
                    "flagged_for_discussion", "final", "is_historical"]
    list_filter = ["level", "regime", "year", "stars", "is_historical", "potential_5_star", "flagged_for_discussion"]
    search_fields = ["product__search_text", "product__producer__search_text"]
    list_select_related = ["product__producer"]
    list_per_page = 50
    fields = ["product", "dossier", "level", "rated_by_unit", "regime", "criteria_set", "year", "average",
              "average_exact", "spread", "band_stars", "stars", "potential_5_star", "flagged_for_discussion",
              "unmet_minimums", "members_count", "minutes", "consolidated", "meeting_on", "finalized_at",
              "finalized_by", "is_historical", "source"]
    form = HistoricalResultForm
    autocomplete_fields = ["product", "rated_by_unit"]

    def get_queryset(self, request):
        return selectors.results_visible_to(request.user)

    def get_fields(self, request, obj=None):
        return self.fields if obj else HistoricalResultForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def has_add_permission(self, request):
        return _manager(request)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        created = historical.historical_result_record(
            product=data["product"], level=data["level"], regime=data["regime"], year=data["year"],
            average=data["average"], stars=data["stars"], actor=request.user,
            rated_by_unit=data.get("rated_by_unit"), source=data.get("source", ""),
        )
        obj.pk = created.pk

    @display(description=_("hạng"), ordering="stars")
    def stars_display(self, obj):
        return "★" * obj.stars

    @display(description=_("đã hoàn tất"), boolean=True)
    def final(self, obj):
        return obj.is_final


@admin.register(PublicHoliday)
class PublicHolidayAdmin(RatingAdminMixin, ModelAdmin):
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    fields = ["date", "name", "is_working_day"]

    # National data: the national office alone writes the calendar (issue 15, M-3).
    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff and holidays.can_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def save_model(self, request, obj, form, change):
        holidays.holiday_save(holiday=obj, actor=request.user)

    def delete_model(self, request, obj):
        holidays.holiday_delete(holiday=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            holidays.holiday_delete(holiday=holiday, actor=request.user)
