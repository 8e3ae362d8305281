"""The session's rules about its user, in one place: the idle stamp and the owed second step.

A session whose user has a confirmed authenticator owes the code until it is verified. The state
is worked out on the session's first request after sign-in (whatever the login path) and kept in
the session with the user it was worked out for, so a session that changes hands starts again.
"""

import time

from ocop.accounts.models import TOTPDevice

#: Session keys: the second-step state {"user": pk, "owed": bool} / when the session last saw its user.
SECOND_FACTOR = "ocop_2fa"
LAST_SEEN = "ocop_last_seen"


def second_factor_owed(request) -> bool:
    """Whether REQUEST's signed-in session still owes the authenticator code (one query per session)."""
    state = request.session.get(SECOND_FACTOR)
    if not isinstance(state, dict) or state.get("user") != request.user.pk:
        owed = TOTPDevice.objects.filter(user=request.user, confirmed_at__isnull=False).exists()
        state = {"user": request.user.pk, "owed": owed}
        request.session[SECOND_FACTOR] = state
    return bool(state["owed"])


def second_factor_done(request) -> None:
    """The code was verified: the session no longer owes it."""
    request.session[SECOND_FACTOR] = {"user": request.user.pk, "owed": False}


def session_started(request) -> None:
    """A sign-in starts the idle clock (ocop.accounts.middleware signs out an idle session)."""
    request.session[LAST_SEEN] = int(time.time())
