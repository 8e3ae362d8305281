"""Session rules that apply to every request: idle timeout, the owed second step, audited downloads."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ocop.accounts.sessions import LAST_SEEN, second_factor_owed
from ocop.core.audit import AuditAction, audit_record
from ocop.lib.spreadsheet import disposition_filename

# Refresh the idle stamp at most once a minute: no session write on every request.
STAMP_EVERY = 60


def signed_in(request) -> bool:
    """request.user.is_authenticated, or False while the database (sessions) is unreachable:
    the view then meets the same outage and answers the 503 page (ocop/core/unavailable.py)."""
    try:
        return request.user.is_authenticated
    except DatabaseError:
        return False


class SessionIdleMiddleware:
    """Sign out a session left idle longer than OCOP_SESSION_IDLE_SECONDS (0 turns it off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_limit = settings.OCOP_SESSION_IDLE_SECONDS
        if idle_limit and signed_in(request):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > idle_limit:
                audit_record(action=AuditAction.AUTH_SESSION_IDLE, actor=request.user, target=request.user)
                logout(request)
                messages.info(request, _("Phiên làm việc đã kết thúc vì không hoạt động quá lâu. Vui lòng đăng nhập lại."))
            elif last_seen is None or now - last_seen >= STAMP_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Between the password and the code, a session may reach only the code page and sign-out.

    Pages redirect to the code page; the API sees an anonymous caller."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signed_in(request) and second_factor_owed(request):
            allowed = {reverse("accounts:otp_verify"), reverse("admin:logout"), reverse("portal:logout")}
            if request.path not in allowed:
                if request.path.startswith("/api/") or request.method != "GET":
                    request.user = AnonymousUser()
                else:
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('accounts:otp_verify')}?{query}")
        return self.get_response(request)


class DownloadAuditMiddleware:
    """Every file handed to a signed-in user is audited: attachments (exports, PDFs, reports) and
    uploaded files under MEDIA_URL (evidence, decisions). One place for all downloads, present and
    future. Open data and product photos are public and skipped."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
        self.public_prefixes = ("/du-lieu-mo/", f"{self.media_prefix}registry/photos/")

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        is_file = disposition.startswith("attachment") or request.path.startswith(self.media_prefix)
        if (
            is_file
            and response.status_code == 200
            and not request.path.startswith(self.public_prefixes)
            and request.user.is_authenticated
        ):
            name = disposition_filename(disposition) or request.path.rsplit("/", 1)[-1]
            audit_record(
                action=AuditAction.FILE_DOWNLOAD,
                actor=request.user,
                message=request.get_full_path()[:1000],
                after={"file": name[:200], "method": request.method},
            )
        return response
