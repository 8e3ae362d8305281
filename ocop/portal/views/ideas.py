"""Product ideas (step 2) in the portal: write one, edit it while it is a draft or returned,
send it, and follow its status with the officer's messages."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ocop.core.service_errors import service_errors
from ocop.core.transitions import history
from ocop.cycle import selectors, services, workflow
from ocop.cycle.transitions import allowed_for, idea_transition
from ocop.portal.forms import IdeaForm
from ocop.portal.views.common import (
    moves,
    portal_login_required,
    require_producer_side,
    transition,
)
from ocop.registry.policy import producer_roles


@portal_login_required
@require_http_methods(["GET", "POST"])
def idea_create(request, pk):
    producer = selectors.producer_for_user(request.user, pk)
    assisted = require_producer_side(request.user, producer)
    form = IdeaForm(request.POST or None, assisted=assisted)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            idea = services.idea_create(producer=producer, actor=request.user, **form.cleaned_data)
            return redirect("portal:idea_detail", pk=idea.pk)
    return render(request, "portal/idea_form.html", {"form": form, "producer": producer, "assisted": assisted})


@portal_login_required
@require_http_methods(["GET", "POST"])
def idea_update(request, pk):
    idea = selectors.idea_get(user=request.user, pk=pk)
    assisted = require_producer_side(request.user, idea.producer)
    form = IdeaForm(request.POST or None, instance=idea, assisted=assisted or idea.assisted)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.idea_update(idea=idea, actor=request.user, data=form.cleaned_data)
            return redirect("portal:idea_detail", pk=idea.pk)
    return render(request, "portal/idea_form.html", {"form": form, "producer": idea.producer, "idea": idea,
                                                     "assisted": assisted})


@portal_login_required
def idea_detail(request, pk):
    idea = selectors.idea_get(user=request.user, pk=pk)
    user = request.user
    can_act = bool(workflow.PRODUCER_SIDE & producer_roles(user, idea.producer))
    return render(request, "portal/idea_detail.html", {
        "idea": idea,
        "moves": moves(workflow.IDEA, idea.status, allowed_for(workflow.IDEA, idea, user)),
        "history": history(idea),
        "can_edit": can_act and workflow.WORKFLOWS[workflow.IDEA].is_editable(idea.status),
        "can_plan": can_act and workflow.idea_open_to_plans(idea.status) and not idea.plans.exclude(
            status=workflow.PlanStatus.REJECTED).exists(),
        "plans": selectors.plan_list(user=user, idea=idea),
    })


@portal_login_required
@require_http_methods(["GET", "POST"])
def idea_move(request, pk, to):
    idea = selectors.idea_get(user=request.user, pk=pk)
    return transition(
        request, kind=workflow.IDEA, record=idea, to=to, allowed=allowed_for(workflow.IDEA, idea, request.user),
        service=lambda **kw: idea_transition(idea=idea, **kw),
        detail_url=reverse("portal:idea_detail", args=[idea.pk]),
    )
