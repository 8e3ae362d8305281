"""The producer's dossier pages under /portal/ho-so/ (a commune officer uses them in assisted mode).

Every page fetches the dossier through selectors.portal_dossier_get (404 outside the user's own
producers and, for a commune officer, their commune); writes call one service each.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.models import Role
from ocop.accounts.scope import scope_for
from ocop.core.service_errors import service_errors
from ocop.core.transitions import check_offered
from ocop.criteria.preview import sheet_preview
from ocop.criteria.sheets import leaf_criteria
from ocop.portal.forms import EvidenceFileForm
from ocop.portal.views.common import portal_login_required
from ocop.rating import selectors, workflow
from ocop.rating.forms import DossierCreateForm, DossierForm, EvidenceForm, ReasonForm, ScoringSheetForm
from ocop.rating.models import DossierEvidence
from ocop.rating.services import dossiers as services
from ocop.rating.services.common import criteria_set_of
from ocop.registry.models import Document


@portal_login_required
def dossier_list(request):
    dossiers = list(selectors.portal_dossiers(request.user))
    return render(request, "portal/dossiers/dossier_list.html", {
        "dossiers": dossiers,
        "can_file": selectors.products_fileable_by(request.user).exists(),
    })


@portal_login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request):
    products = selectors.products_fileable_by(request.user)
    officer = Role.COMMUNE_OFFICER in scope_for(request.user).roles
    form = DossierCreateForm(request.POST or None, products=products, officer=officer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form):
            try:
                dossier = services.dossier_create(actor=request.user, product=data["product"], kind=data["kind"],
                                                  assisted=data.get("assisted", False),
                                                  consent_note=data.get("consent_note", ""))
            except PermissionDenied as exc:  # the product is not the user's to file for
                raise ValidationError({"product": str(exc)}) from exc
            messages.success(request, _("Đã lập hồ sơ nháp. Hãy tự đánh giá theo bộ tiêu chí."))
            return redirect("portal:dossier_self_assessment", pk=dossier.pk)
    return render(request, "portal/dossiers/dossier_create.html", {"form": form})


@portal_login_required
def dossier_detail(request, pk: int):
    dossier = selectors.portal_dossier_get(user=request.user, pk=pk)
    moves, flow = selectors.allowed_moves(dossier, request.user), workflow.DOSSIER
    return render(request, "portal/dossiers/dossier_detail.html", {
        "dossier": dossier,
        "moves": [(to, flow.action_label(dossier.status, to), flow.requires_reason(dossier.status, to)) for to in moves],
        "can_edit": selectors.can_edit(dossier, request.user),
        "history": dossier.transitions.order_by("at", "id"),
        "evidence": dossier.evidence.select_related("document"),
        "reviews": dossier.reviews.all(),
        "results": dossier.results.filter(finalized_at__isnull=False),
        "tone": workflow.DOSSIER.tone(dossier.status),
    })


def _editable(request, pk: int):
    dossier = selectors.portal_dossier_get(user=request.user, pk=pk)
    if request.method == "POST" and not selectors.can_edit(dossier, request.user):
        raise PermissionDenied
    return dossier


@portal_login_required
@require_http_methods(["GET", "POST"])
def dossier_edit(request, pk: int):
    dossier = _editable(request, pk)
    form = DossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.dossier_update(dossier=dossier, actor=request.user, data=form.cleaned_data)
            messages.success(request, _("Đã lưu phiếu đăng ký."))
            return redirect("portal:dossier_detail", pk=dossier.pk)
    return render(request, "portal/dossiers/dossier_edit.html", {"dossier": dossier, "form": form})


@portal_login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request, pk: int):
    """Form 02 on the scoring sheet, with the live preview (htmx) of the engine's totals."""
    dossier = _editable(request, pk)
    criteria_set = criteria_set_of(dossier)
    form = ScoringSheetForm(criteria_set, request.POST or None, require_all=False)
    answers = form.raw_answers() if request.method == "POST" else dict(dossier.self_assessment or {})
    context = {"dossier": dossier, "criteria_set": criteria_set, "form": form, "answers": answers,
               "preview": sheet_preview(criteria_set, answers), "editable": selectors.can_edit(dossier, request.user)}
    if request.htmx:
        return render(request, "criteria/sheet.html#summary", context)
    if request.method == "POST" and "save" in request.POST:
        with service_errors(request=request):
            services.dossier_self_assess(dossier=dossier, actor=request.user, answers=answers)
            messages.success(request, _("Đã lưu báo cáo tự đánh giá."))
            return redirect("portal:dossier_detail", pk=dossier.pk)
    return render(request, "portal/dossiers/self_assessment.html", context)


@portal_login_required
@require_http_methods(["GET", "POST"])
def evidence(request, pk: int):
    """Cite documents of the producer's evidence locker, per criterion."""
    dossier = _editable(request, pk)
    criteria = leaf_criteria(criteria_set_of(dossier))
    documents = Document.objects.filter(producer_id=dossier.product.producer_id).order_by("kind", "id")
    form = EvidenceForm(request.POST or None, documents=documents, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.dossier_evidence_add(dossier=dossier, actor=request.user, document=form.cleaned_data["document"],
                                          criterion_code=form.cleaned_data["criterion_code"])
            messages.success(request, _("Đã thêm minh chứng."))
            return redirect("portal:dossier_evidence", pk=dossier.pk)
    return render(request, "portal/dossiers/evidence.html", {
        "dossier": dossier, "form": form, "evidence": dossier.evidence.select_related("document"),
        "editable": selectors.can_edit(dossier, request.user),
    })


@portal_login_required
@require_http_methods(["GET", "POST"])
def evidence_replace(request, pk: int, evidence_pk: int):
    """Put a new file in place of a cited document's file (draft or returned dossiers only)."""
    dossier = _editable(request, pk)
    item = get_object_or_404(DossierEvidence.objects.select_related("document"), pk=evidence_pk, dossier=dossier)
    posted = request.method == "POST"  # an empty POST is bound too: it gets "choose a file"
    form = EvidenceFileForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        with service_errors(form, field="file"):
            services.dossier_evidence_replace(evidence=item, actor=request.user, file=form.cleaned_data["file"])
            messages.success(request, _("Đã thay tệp của giấy tờ «%(doc)s».") % {"doc": item.document})
            return redirect("portal:dossier_evidence", pk=dossier.pk)
    return render(request, "portal/dossiers/evidence_replace.html", {
        "dossier": dossier, "item": item, "form": form, "editable": selectors.can_edit(dossier, request.user),
    })


@portal_login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    dossier = _editable(request, pk)
    item = get_object_or_404(DossierEvidence, pk=evidence_pk, dossier=dossier)
    services.dossier_evidence_remove(evidence=item, actor=request.user)
    messages.success(request, _("Đã bỏ minh chứng."))
    return redirect("portal:dossier_evidence", pk=dossier.pk)


@portal_login_required
@require_POST
def dossier_move(request, pk: int, to: str):
    """Submit or withdraw (the producer side's moves)."""
    dossier = selectors.portal_dossier_get(user=request.user, pk=pk)
    if to not in workflow.DossierStatus.values:
        raise Http404
    check_offered(workflow.DOSSIER, dossier.status, to, selectors.allowed_moves(dossier, request.user))
    form = ReasonForm(request.POST)
    form.is_valid()
    with service_errors(request=request):
        services.dossier_transition(dossier=dossier, to=to, actor=request.user,
                                    reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("Hồ sơ đã chuyển sang «%(s)s».") % {"s": workflow.DossierStatus(to).label})
    return redirect("portal:dossier_detail", pk=dossier.pk)
