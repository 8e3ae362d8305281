"""Producers in the portal: the officer's list (assisted mode), a producer's page, its
verification, and documents for its evidence locker."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ocop.accounts.models import Role
from ocop.accounts.policy import office_scope
from ocop.core.service_errors import service_errors
from ocop.core.transitions import history
from ocop.cycle import selectors, workflow
from ocop.cycle.models import ProducerVerification
from ocop.cycle.transitions import allowed_for, verification_transition
from ocop.portal.forms import DocumentForm
from ocop.portal.views.common import (
    moves,
    portal_login_required,
    require_producer_side,
    transition,
)
from ocop.registry.models import Document
from ocop.registry.policy import producer_roles
from ocop.registry.services import document_upload
from ocop.registry.status import with_status


@portal_login_required
def producer_list(request):
    producers = selectors.producers_for_user(request.user, q=request.GET.get("q"))
    page = Paginator(producers, 25).get_page(request.GET.get("page"))
    return render(request, "portal/producer_list.html", {
        "page": page, "q": request.GET.get("q", ""), "is_officer": not office_scope(request.user).is_empty,
    })


def _verification(producer) -> ProducerVerification | None:
    try:
        return producer.verification
    except ProducerVerification.DoesNotExist:
        return None


@portal_login_required
def producer_detail(request, pk):
    producer = selectors.producer_for_user(request.user, pk)
    user, verification = request.user, _verification(producer)
    roles = producer_roles(user, producer)
    return render(request, "portal/producer_detail.html", {
        "producer": producer,
        "can_act": bool(roles & workflow.PRODUCER_SIDE),
        "assisted": bool(roles & workflow.PRODUCER_SIDE) and Role.PRODUCER not in roles,
        "is_own": Role.PRODUCER in roles,
        "verification": verification,
        "verification_moves": moves(workflow.VERIFICATION, verification.status,
                                    allowed_for(workflow.VERIFICATION, verification, user))
        if verification else [],
        "verification_history": history(verification) if verification else [],
        "ideas": selectors.idea_list(user=user, producer=producer),
        "plans": selectors.plan_list(user=user, producer=producer),
        "implementations": selectors.implementation_list(user=user, producer=producer),
        # The producer is already checked in scope: its documents are readable with it.
        "documents": with_status(Document.objects.filter(producer=producer).select_related("product")),
    })


@portal_login_required
@require_http_methods(["GET", "POST"])
def verification_move(request, pk, to):
    producer = selectors.producer_for_user(request.user, pk)
    verification = _verification(producer)
    if verification is None:
        raise Http404
    return transition(
        request, kind=workflow.VERIFICATION, record=verification, to=to,
        allowed=allowed_for(workflow.VERIFICATION, verification, request.user),
        service=lambda **kw: verification_transition(verification=verification, **kw),
        detail_url=reverse("portal:producer_detail", args=[producer.pk]),
    )


@portal_login_required
@require_http_methods(["GET", "POST"])
def document_create(request, pk):
    producer = selectors.producer_for_user(request.user, pk)
    require_producer_side(request.user, producer)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        with service_errors(form, field="file"):
            document_upload(actor=request.user, producer=producer, file=form.cleaned_data["file"], **data)
            return redirect("portal:producer_detail", pk=producer.pk)
    return render(request, "portal/document_form.html", {"form": form, "producer": producer})
