"""Every sign-in, failed sign-in and sign-out leaves an AuditEvent; failures feed the throttle;
a sign-in starts the session's idle clock. The session's rules (the idle clock, the owed second
step) are ocop.accounts.sessions's; no security rule lives here.

Django sends these signals from every login path (admin, portal, any LoginView), so the forms
need no audit code of their own. Credentials arrive already cleansed: no password is ever logged.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ocop.accounts import throttle
from ocop.accounts.sessions import session_started
from ocop.core.audit import AuditAction, audit_record


def _where(request) -> dict:
    return {"ip": throttle.client_ip(request), "path": request.path} if request is not None else {}


@receiver(user_logged_in, dispatch_uid="ocop.accounts.login")
def on_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.AUTH_LOGIN, actor=user, target=user, after=_where(request))
    if request is None or not hasattr(request, "session"):
        return
    throttle.reset(request, user.get_username())
    session_started(request)


@receiver(user_login_failed, dispatch_uid="ocop.accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    audit_record(action=AuditAction.AUTH_LOGIN_FAILED, after={"username": username, **_where(request)})
    if request is not None:
        throttle.record_failure(request, username)


@receiver(user_logged_out, dispatch_uid="ocop.accounts.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.AUTH_LOGOUT, actor=user, target=user, after=_where(request))
