"""Login throttling: too many failures for one username or from one address lock both out for a while.

Counters live in Django's cache (shared Redis in production when REDIS_URL is set). A failure
counts within OCOP_LOGIN_WINDOW_SECONDS of the first one; reaching the limit locks the username
(or the address) for OCOP_LOGIN_COOLDOWN_SECONDS. A successful login clears the counters.
The address limit is higher: officials of one office often share a public address.
"""

from django.conf import settings
from django.core.cache import cache

from ocop.core.text import fold


def client_ip(request) -> str:
    header = getattr(settings, "OCOP_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    # The proxy appends the address it saw last: that one is not forgeable by the client.
    return (forwarded.split(",")[-1].strip() if forwarded else "") or request.META.get("REMOTE_ADDR", "") or "?"


def _keys(request, username: str) -> list[tuple[str, int]]:
    keys = [(f"login-fail:ip:{client_ip(request)}", settings.OCOP_LOGIN_MAX_FAILURES_PER_IP)]
    if username:
        keys.append((f"login-fail:user:{fold(username)[:150]}", settings.OCOP_LOGIN_MAX_FAILURES))
    return keys


def is_locked(request, username: str) -> bool:
    return any(cache.get(f"{key}:locked") for key, _ in _keys(request, username))


def record_failure(request, username: str) -> bool:
    """Count one failure; True when this failure locks the username or the address."""
    locked = False
    for key, limit in _keys(request, username):
        cache.add(key, 0, settings.OCOP_LOGIN_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, count := 1, settings.OCOP_LOGIN_WINDOW_SECONDS)
        if count >= limit:
            cache.set(f"{key}:locked", True, settings.OCOP_LOGIN_COOLDOWN_SECONDS)
            cache.delete(key)
            locked = True
    return locked


def reset(request, username: str) -> None:
    cache.delete_many([key for key, _ in _keys(request, username)])


def cooldown_minutes() -> int:
    return max(1, -(-settings.OCOP_LOGIN_COOLDOWN_SECONDS // 60))
