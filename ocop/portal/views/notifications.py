"""The user's notifications (certificate reminders, dossier moves) inside the portal."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ocop.certificates import selectors, services
from ocop.portal.views.common import portal_login_required


@portal_login_required
@require_GET
def notification_list(request):
    notifications = selectors.notifications_for(request.user)[:100]
    return render(request, "portal/notifications.html", {"notifications": notifications})


@portal_login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user, ids=request.POST.getlist("id") or None)
    return redirect("portal:notifications")
