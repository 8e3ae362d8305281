"""Business plans (step 3) in the portal, for an accepted idea."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ocop.core.service_errors import service_errors
from ocop.core.transitions import history
from ocop.cycle import selectors, services, workflow
from ocop.cycle.models import Implementation
from ocop.cycle.transitions import allowed_for, plan_transition
from ocop.portal.forms import PlanForm
from ocop.portal.views.common import (
    moves,
    portal_login_required,
    require_producer_side,
    transition,
)
from ocop.registry.policy import producer_roles


@portal_login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    idea = selectors.idea_get(user=request.user, pk=pk)
    require_producer_side(request.user, idea.producer)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            plan = services.plan_create(idea=idea, actor=request.user, **form.cleaned_data)
            return redirect("portal:plan_detail", pk=plan.pk)
    return render(request, "portal/plan_form.html", {"form": form, "idea": idea})


@portal_login_required
@require_http_methods(["GET", "POST"])
def plan_update(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    require_producer_side(request.user, plan.idea.producer)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.plan_update(plan=plan, actor=request.user, data=form.cleaned_data)
            return redirect("portal:plan_detail", pk=plan.pk)
    return render(request, "portal/plan_form.html", {"form": form, "idea": plan.idea, "plan": plan})


@portal_login_required
def plan_detail(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    can_act = bool(workflow.PRODUCER_SIDE & producer_roles(request.user, plan.idea.producer))
    return render(request, "portal/plan_detail.html", {
        "plan": plan,
        "moves": moves(workflow.PLAN, plan.status, allowed_for(workflow.PLAN, plan, request.user)),
        "history": history(plan),
        "can_edit": can_act and workflow.WORKFLOWS[workflow.PLAN].is_editable(plan.status),
        "implementation": _implementation(plan),
    })


def _implementation(plan) -> Implementation | None:
    try:
        return plan.implementation
    except Implementation.DoesNotExist:
        return None


@portal_login_required
@require_http_methods(["GET", "POST"])
def plan_move(request, pk, to):
    plan = selectors.plan_get(user=request.user, pk=pk)
    return transition(
        request, kind=workflow.PLAN, record=plan, to=to, allowed=allowed_for(workflow.PLAN, plan, request.user),
        service=lambda **kw: plan_transition(plan=plan, **kw),
        detail_url=reverse("portal:plan_detail", args=[plan.pk]),
    )
