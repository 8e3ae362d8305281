"""Implementation (step 4) in the portal: milestones, support received, and its end."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ocop.core.service_errors import service_errors
from ocop.core.transitions import history
from ocop.cycle import selectors, services, workflow
from ocop.cycle.transitions import allowed_for, implementation_transition
from ocop.portal.forms import MilestoneForm
from ocop.portal.views.common import moves, portal_login_required, transition
from ocop.registry.policy import producer_roles


@portal_login_required
@require_http_methods(["GET", "POST"])
def implementation_detail(request, pk):
    """The implementation's page; POST adds a milestone."""
    implementation = selectors.implementation_get(user=request.user, pk=pk)
    can_act = bool(producer_roles(request.user, implementation.plan.idea.producer))
    can_edit = can_act and workflow.WORKFLOWS[workflow.IMPLEMENTATION].is_editable(implementation.status)
    form = MilestoneForm(request.POST or None, prefix="milestone")
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        if form.is_valid():
            with service_errors(form):
                services.milestone_save(milestone=form.instance, implementation=implementation, actor=request.user)
                return redirect("portal:implementation_detail", pk=implementation.pk)
    return render(request, "portal/implementation_detail.html", {
        "implementation": implementation,
        "moves": moves(workflow.IMPLEMENTATION, implementation.status,
                       allowed_for(workflow.IMPLEMENTATION, implementation, request.user)),
        "history": history(implementation),
        "can_edit": can_edit,
        "form": form,
    })


@portal_login_required
@require_POST
def milestone_done(request, pk, milestone_pk):
    implementation = selectors.implementation_get(user=request.user, pk=pk)
    milestone = implementation.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    milestone.done_on = timezone.localdate()
    services.milestone_save(milestone=milestone, implementation=implementation, actor=request.user)
    return redirect("portal:implementation_detail", pk=implementation.pk)


@portal_login_required
@require_http_methods(["GET", "POST"])
def implementation_move(request, pk, to):
    implementation = selectors.implementation_get(user=request.user, pk=pk)
    return transition(
        request, kind=workflow.IMPLEMENTATION, record=implementation, to=to,
        allowed=allowed_for(workflow.IMPLEMENTATION, implementation, request.user),
        service=lambda **kw: implementation_transition(implementation=implementation, **kw),
        detail_url=reverse("portal:implementation_detail", args=[implementation.pk]),
    )
