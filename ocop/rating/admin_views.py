"""Back-office pages inside the admin site, where the admin's CRUD does not fit:

* the commune's review (form 03);
* the advisory team's report;
* a council member's list and scoring page (conflict declaration, then the sheet with the live
  preview), and the page of submitted sheets (a member sees it only after submitting);
* the secretary's result page (progress, the engine's result, minutes, finalize / reopen);
* the default rounds of a year.

Each view: a scoped selector (404 outside), a form, one service, render. Read-only visitors get
the page; their POST is refused (403).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget

from ocop.accounts import sidebar
from ocop.accounts.policy import read_prefixes
from ocop.core.service_errors import service_errors
from ocop.criteria.preview import sheet_preview
from ocop.rating import analytics, selectors
from ocop.rating.evidence import assessment_rows
from ocop.rating.forms import (
    AdvisoryForm,
    CommuneReviewForm,
    ConflictForm,
    DiscussionForm,
    FinalizeForm,
    ReasonForm,
    ScoringSheetForm,
)
from ocop.rating.models import AdvisoryReport, ConflictDeclaration, RatingRound, ScoreSheet
from ocop.rating.policy import can_read_council_work, can_write_advisory
from ocop.rating.services import council as council_services
from ocop.rating.services import results as result_services
from ocop.rating.services.common import criteria_set_of
from ocop.rating.services.review import commune_review_issue
from ocop.rating.services.rounds import rounds_create_default
from ocop.territory.models import AdminUnit

LEVELS = {RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL}


def _context(request, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _level(level: str) -> str:
    if level not in LEVELS:
        raise Http404
    return level


def _change_url(dossier) -> str:
    return reverse("admin:rating_dossier_change", args=[dossier.pk])


# --- Commune review (form 03) ---------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def review_view(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    can_review = selectors.can_review(dossier, request.user)
    if request.method == "POST" and not can_review:
        raise PermissionDenied
    form = CommuneReviewForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(form):
            commune_review_issue(dossier=dossier, actor=request.user, **data)
            messages.success(request, _("Đã ban hành báo cáo thẩm định (Mẫu 03)."))
            return redirect(_change_url(dossier))
    assessment, general = assessment_rows(criteria_set_of(dossier), dossier.self_assessment,
                                          dossier.evidence.select_related("document"))
    return TemplateResponse(request, "rating/admin/review.html", _context(
        request, _("Thẩm định hồ sơ tại xã (Mẫu 03)"), dossier=dossier, form=form, can_review=can_review,
        reviews=dossier.reviews.select_related("reviewer"), calendar_today=timezone.localdate(),
        assessment=assessment, general_evidence=general,
    ))


# --- Advisory team --------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def advisory_view(request, pk: int, level: str):
    level = _level(level)
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    if not can_read_council_work(request.user, dossier):
        raise Http404
    can_write = can_write_advisory(request.user, dossier, level)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    report = AdvisoryReport.objects.filter(dossier=dossier, level=level).first()
    initial = ({"summary": report.summary, "surveyed_on": report.surveyed_on, "survey_note": report.survey_note,
                "extra_tests": report.extra_tests} if report else {})
    form = AdvisoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            council_services.advisory_report_record(dossier=dossier, actor=request.user, level=level,
                                                    **form.cleaned_data)
            messages.success(request, _("Đã ghi báo cáo tổ tư vấn."))
            return redirect(_change_url(dossier))
    return TemplateResponse(request, "rating/admin/advisory.html", _context(
        request, _("Báo cáo tổ tư vấn"), dossier=dossier, form=form, can_write=can_write, report=report,
    ))


# --- Council members ------------------------------------------------------------------------------

def scoring_index(request):
    """The member's (or secretary's) councils, each with its dossiers and the member's progress."""
    councils = []
    for seat in selectors.my_seats(request.user):
        rows = selectors.member_dossiers(user=request.user, council=seat.council)
        councils.append((seat, rows))
    return TemplateResponse(request, "rating/admin/scoring_index.html", _context(
        request, _("Chấm điểm của hội đồng"), councils=councils,
    ))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("Ý kiến của thành viên"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


@require_http_methods(["GET", "POST"])
def scoring_sheet(request, pk: int, level: str):
    level = _level(level)
    dossier, council, seat = selectors.scoring_dossier_get(user=request.user, dossier_pk=pk, level=level)
    declaration = ConflictDeclaration.objects.filter(member=seat, dossier=dossier).first()
    sheet = ScoreSheet.objects.filter(member=seat, dossier=dossier).first()
    criteria_set = criteria_set_of(dossier)
    conflict_form = ConflictForm(request.POST if "declare" in request.POST else None)
    # Bound on every POST: an empty POST must give form errors, not an unbound form (no cleaned_data).
    data = request.POST if request.method == "POST" else None
    sheet_form = ScoringSheetForm(criteria_set, data, require_all=False)
    opinion_form = OpinionForm(data, initial={"opinion": sheet.opinion if sheet else ""})
    if request.method == "POST" and "declare" in request.POST:
        if conflict_form.is_valid():
            with service_errors(conflict_form):
                council_services.conflict_declare(dossier=dossier, level=level, actor=request.user,
                                                  **conflict_form.cleaned_data)
                return redirect(request.path)
    elif request.method == "POST" and not request.htmx:
        opinion_form.is_valid()
        with service_errors(sheet_form):
            council_services.sheet_save(dossier=dossier, level=level, actor=request.user,
                                        answers=sheet_form.raw_answers(),
                                        opinion=opinion_form.cleaned_data.get("opinion", ""),
                                        submit="submit" in request.POST)
            messages.success(request, _("Đã nộp phiếu chấm.") if "submit" in request.POST else _("Đã lưu phiếu chấm."))
            return redirect(request.path)
    answers = sheet_form.raw_answers() if request.method == "POST" else dict(sheet.answers if sheet else {})
    editable = (seat.scores and declaration is not None and not declaration.has_conflict
                and not (sheet and sheet.is_submitted))
    context = _context(
        request, _("Phiếu chấm điểm"), dossier=dossier, council=council, seat=seat, level=level,
        declaration=declaration, sheet=sheet, criteria_set=criteria_set, form=sheet_form, answers=answers,
        preview=sheet_preview(criteria_set, answers), editable=editable, can_submit=editable,
        conflict_form=conflict_form, extra_form=opinion_form if editable else None,
        advisory=dossier.advisory_reports.filter(level=level).first(),
        review=dossier.reviews.first(), evidence=dossier.evidence.select_related("document"),
    )
    if request.htmx:
        return TemplateResponse(request, "criteria/sheet.html#summary", context)
    return TemplateResponse(request, "rating/admin/scoring_sheet.html", context)


def scoring_sheets(request, pk: int, level: str):
    """Every submitted sheet of a dossier (a scoring member: only after submitting their own)."""
    level = _level(level)
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    sheets = selectors.sheets_visible(user=request.user, dossier=dossier, level=level)
    return TemplateResponse(request, "rating/admin/scoring_sheets.html", _context(
        request, _("Các phiếu chấm đã nộp"), dossier=dossier, sheets=sheets, level=level,
    ))


# --- Secretary: result ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def result_view(request, pk: int, level: str):
    level = _level(level)
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    if not can_read_council_work(request.user, dossier):
        raise Http404
    council = selectors.council_of(dossier, level)
    if council is None:
        raise Http404
    can_finalize = result_services.can_finalize(request.user, dossier, level)
    result = selectors.result_of(dossier, level)
    seat = selectors.seat_of(request.user, council)
    is_chair = seat is not None and seat.role == seat.Role.CHAIR and not seat.absent
    can_confirm = (is_chair and result is not None and not result.is_final and result.flagged_for_discussion
                   and council.spread_resolution == "discussion")
    can_approve = level == "province" and result_services.can_approve(request.user, dossier)
    chair_post = "confirm_discussion" in request.POST or "approve" in request.POST or "decline" in request.POST
    if request.method == "POST" and not (can_finalize and not chair_post
                                         or "confirm_discussion" in request.POST and can_confirm
                                         or ("approve" in request.POST or "decline" in request.POST) and can_approve):
        raise PermissionDenied
    finalizing = "finalize" in request.POST
    finalize_form = FinalizeForm(request.POST if finalizing else None)
    reopen_form = ReasonForm(request.POST if "reopen" in request.POST else None)
    discussion_form = DiscussionForm(request.POST if "confirm_discussion" in request.POST else None)
    decline_form = ReasonForm(request.POST if "decline" in request.POST else None, prefix="decline")
    # The council's consolidated sheet is optional: when given, it decides the minimum requirements.
    criteria_set = criteria_set_of(dossier)
    consolidated_form = ScoringSheetForm(criteria_set, request.POST if finalizing else None, require_all=False)
    if finalizing:
        consolidated = consolidated_form.raw_answers()
    else:
        consolidated = dict(result.consolidated or {}) if result else {}
    if finalizing and finalize_form.is_valid():
        with service_errors(finalize_form):
            result_services.result_finalize(dossier=dossier, level=level, actor=request.user,
                                            consolidated=consolidated or None, **finalize_form.cleaned_data)
            messages.success(request, _("Đã hoàn tất kết quả đánh giá."))
            return redirect(_change_url(dossier))
    if "reopen" in request.POST and reopen_form.is_valid():
        with service_errors(reopen_form):
            result_services.sheets_reopen(dossier=dossier, level=level, actor=request.user,
                                          reason=reopen_form.cleaned_data["reason"])
            messages.success(request, _("Đã mở lại các phiếu để chấm lại."))
            return redirect(request.path)
    if "confirm_discussion" in request.POST and discussion_form.is_valid():
        with service_errors(discussion_form):
            result_services.result_discussion_confirm(dossier=dossier, level=level, actor=request.user,
                                                      note=discussion_form.cleaned_data["note"])
            messages.success(request, _("Đã xác nhận nội dung thảo luận của hội đồng."))
            return redirect(request.path)
    approve_form = forms.Form(request.POST)  # no field: the refusal's messages only
    if "approve" in request.POST:
        with service_errors(approve_form):
            result_services.result_approve(dossier=dossier, actor=request.user)
            messages.success(request, _("Đã phê duyệt kết quả tiềm năng 5 sao; hồ sơ được gửi hội đồng trung ương."))
            return redirect(_change_url(dossier))
    if "decline" in request.POST and decline_form.is_valid():
        with service_errors(decline_form):
            result_services.result_decline(dossier=dossier, actor=request.user,
                                           reason=decline_form.cleaned_data["reason"])
            messages.success(request, _("Đã ghi ý kiến không phê duyệt; tỉnh công nhận kết quả ở hạng 4 sao."))
            return redirect(_change_url(dossier))
    progress = selectors.council_progress(dossier, council)
    steps = selectors.result_next_steps(result)
    return TemplateResponse(request, "rating/admin/result.html", _context(
        request, _("Kết quả của hội đồng"), dossier=dossier, council=council, level=level,
        progress=progress, quorum=progress.quorum, result=result,
        can_finalize=can_finalize, finalize_form=finalize_form, reopen_form=reopen_form,
        can_confirm=can_confirm, discussion_form=discussion_form, can_approve=can_approve,
        approve_form=approve_form, decline_form=decline_form, next_steps=steps,
        criteria_set=criteria_set, answers=consolidated,
        consolidated_preview=sheet_preview(criteria_set, consolidated) if consolidated else None,
    ))


# --- Rounds ---------------------------------------------------------------------------------------

class DefaultRoundsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2019, max_value=2100)
    unit = forms.ModelChoiceField(label=gettext_lazy("Tỉnh, thành phố"), queryset=AdminUnit.objects.none(),
                                  required=False, empty_label=gettext_lazy("Cấp trung ương"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE)
        prefixes = read_prefixes(user)
        if "" not in prefixes:
            provinces = provinces.filter(path__in=[p for p in prefixes if p.count("/") == 2])
            # Central rounds are the national office's: no empty "central" choice to submit.
            self.fields["unit"].required, self.fields["unit"].empty_label = True, None
        self.fields["unit"].queryset = provinces.order_by("name")


@require_http_methods(["GET", "POST"])
def rounds_defaults_view(request):
    form = DefaultRoundsForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            rounds = rounds_create_default(year=form.cleaned_data["year"], unit=form.cleaned_data["unit"],
                                           actor=request.user)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Đã có %(n)s đợt đánh giá của năm.") % {"n": len(rounds)})
            return redirect("admin:rating_ratinground_changelist")
    return TemplateResponse(request, "rating/admin/rounds_defaults.html", _context(
        request, _("Tạo các đợt đánh giá mặc định của năm"), form=form,
    ))


# --- Council analytics (ocop.rating.analytics: how each member scores beside the council) ---------

class AnalyticsFilterForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=2018, max_value=2100,
                              widget=UnfoldAdminIntegerFieldWidget)
    round = forms.TypedChoiceField(label=gettext_lazy("Đợt đánh giá"), required=False, coerce=int, empty_value=None,
                                   widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", gettext_lazy("Tất cả các đợt"))] + [(r.pk, str(r)) for r in rounds]


def council_analytics_view(request):
    if not sidebar.analytics(request):  # the overseers (ocop.accounts.sidebar)
        raise PermissionDenied
    visible = selectors.rounds_analysable_by(request.user).select_related("unit")
    round_id = request.GET.get("round") or None
    if round_id is not None and not (str(round_id).isdigit() and visible.filter(pk=round_id).exists()):
        raise Http404
    rounds = list(visible.order_by("-year", "level", "sequence")[:200])
    form = AnalyticsFilterForm(request.GET or None, rounds=rounds)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    rows = selectors.council_sheet_rows(user=request.user, year=year, round_id=int(round_id) if round_id else None)
    context = {
        **admin.site.each_context(request),
        "title": _("Phân tích hội đồng"),
        "form": form,
        "members": analytics.member_leniency(rows),
        "rounds": analytics.round_spreads(rows),
        "thresholds": analytics.THRESHOLDS,
        "sheets": len(rows),
    }
    return TemplateResponse(request, "rating/admin/analytics.html", context)
