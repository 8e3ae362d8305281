"""Shared pieces of the portal views: login, the producer-side check, service errors on forms,
and the one view that runs a workflow move."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.core.service_errors import service_errors
from ocop.core.transitions import check_offered
from ocop.cycle import workflow
from ocop.portal.forms import TransitionForm
from ocop.registry.policy import producer_roles

LOGIN_URL = reverse_lazy("portal:login")


def portal_login_required(view):
    return login_required(view, login_url=LOGIN_URL)


def require_producer_side(user, producer) -> bool:
    """403 unless USER acts for PRODUCER (itself, or a commune officer "assisted");
    returns True in assisted mode."""
    roles = producer_roles(user, producer)
    if not roles & workflow.PRODUCER_SIDE:
        raise PermissionDenied
    return Role.PRODUCER not in roles


def transition(request, *, kind: str, record, to: str, allowed: list[str], service, detail_url: str):
    """GET: a confirmation form (with the reason); POST: run SERVICE and go back to the record.

    The one convention of ocop.core.transitions: a move that no longer exists from the record's
    status (someone acted first) answers 422 with the current status; a move the user may not
    make is 403."""
    flow = workflow.WORKFLOWS[kind]
    check_offered(flow, record.status, to, allowed)
    form = TransitionForm(request.POST if request.method == "POST" else None,
                          reason_required=flow.requires_reason(record.status, to))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            service(to=to, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã cập nhật: %(status)s.") % {"status": flow.label(to)})
            return redirect(detail_url)
    context = {"form": form, "record": record, "to_label": flow.label(to),
               "action_label": flow.action_label(record.status, to), "detail_url": detail_url}
    return render(request, "portal/transition_confirm.html", context)


def moves(kind: str, status: str, allowed: list[str]) -> list[dict]:
    """Buttons for the allowed moves from STATUS, as the templates need them (no status branching there)."""
    flow = workflow.WORKFLOWS[kind]
    return [
        {"to": to, "label": flow.action_label(status, to), "needs_reason": flow.requires_reason(status, to),
         "tone": flow.tone(to)}
        for to in allowed
    ]
