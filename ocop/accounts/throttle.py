"""Throttles shared by every worker and server: login failures, TOTP codes, self-registration and
the public's counterfeit reports.

Counters live in the database (ThrottleCounter, one row per key, incremented with one atomic
UPDATE), or in Redis when REDIS_URL is set (INCR is atomic too). Never in a worker's memory: with
two gunicorn workers or two servers a per-process counter lets an attacker spread attempts over
them. Django's DatabaseCache is not used because its incr() reads then writes (two workers racing
both write the same number); django-axes is not used because it covers the login only, and one
mechanism serves every limit here (docs/architecture.md, "Throttles").

Login: a failure counts within OCOP_LOGIN_WINDOW_SECONDS of the first one; reaching the limit
locks the username (or the address) for OCOP_LOGIN_COOLDOWN_SECONDS. A successful login clears
the username's count only: the address keeps its count, or one valid account would let an address
spray passwords over others. The address limit is higher: officials of one office often share one.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ocop.lib.text import fold


def client_ip(request) -> str:
    header = getattr(settings, "OCOP_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    # The proxy appends the address it saw last: that one is not forgeable by the client.
    return (forwarded.split(",")[-1].strip() if forwarded else "") or request.META.get("REMOTE_ADDR", "") or "?"


# --- the store ----------------------------------------------------------------------------


def _redis():
    """The Redis cache named "throttle" when settings define one (REDIS_URL), else None: the database."""
    if "throttle" not in settings.CACHES:
        return None
    from django.core.cache import caches

    return caches["throttle"]


def hit(key: str, seconds: int) -> int:
    """Count one event under KEY; the count of the window (opened by the first event, SECONDS long)."""
    if (store := _redis()) is not None:
        store.add(key, 0, seconds)
        try:
            return store.incr(key)
        except ValueError:  # expired between add and incr
            store.set(key, 1, seconds)
            return 1
    from ocop.accounts.models import ThrottleCounter

    now = timezone.now()
    live = ThrottleCounter.objects.filter(key=key, expires_at__gt=now)
    with transaction.atomic():
        if live.update(count=F("count") + 1):
            return live.values_list("count", flat=True).first() or 1
        ThrottleCounter.objects.filter(expires_at__lte=now).delete()  # this key's old window, and others'
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(key=key, count=1, expires_at=now + timedelta(seconds=seconds))
            return 1
        except IntegrityError:  # another worker opened the window first
            live.update(count=F("count") + 1)
            return live.values_list("count", flat=True).first() or 1


def count(key: str) -> int:
    if (store := _redis()) is not None:
        return int(store.get(key) or 0)
    from ocop.accounts.models import ThrottleCounter

    return ThrottleCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("count", flat=True).first() or 0


def mark(key: str, seconds: int) -> None:
    """Set KEY for SECONDS (a lock)."""
    if (store := _redis()) is not None:
        store.set(key, 1, seconds)
        return
    from ocop.accounts.models import ThrottleCounter

    expires = timezone.now() + timedelta(seconds=seconds)
    with transaction.atomic():
        if not ThrottleCounter.objects.filter(key=key).update(count=1, expires_at=expires):
            try:
                with transaction.atomic():
                    ThrottleCounter.objects.create(key=key, count=1, expires_at=expires)
            except IntegrityError:
                ThrottleCounter.objects.filter(key=key).update(count=1, expires_at=expires)


def any_marked(keys: list[str]) -> bool:
    if (store := _redis()) is not None:
        return any(store.get_many(keys).values())
    from ocop.accounts.models import ThrottleCounter

    return ThrottleCounter.objects.filter(key__in=keys, expires_at__gt=timezone.now()).exists()


def clear(keys: list[str]) -> None:
    if (store := _redis()) is not None:
        store.delete_many(keys)
        return
    from ocop.accounts.models import ThrottleCounter

    ThrottleCounter.objects.filter(key__in=keys).delete()


def clear_all() -> None:
    """Forget every counter and lock (tests; an operator after an incident)."""
    if (store := _redis()) is not None:
        store.clear()
        return
    from ocop.accounts.models import ThrottleCounter

    ThrottleCounter.objects.all().delete()


def allow(key: str, limit: int, seconds: int) -> bool:
    """Count one event; False once KEY has seen more than LIMIT within SECONDS."""
    return hit(key, seconds) <= limit


# --- login and the second step -----------------------------------------------------------


def _ip_key(request) -> str:
    return f"login-fail:ip:{client_ip(request)}"


def _user_key(username: str) -> str:
    return f"login-fail:user:{fold(username)[:150]}"


def _keys(request, username: str) -> list[tuple[str, int]]:
    keys = [(_ip_key(request), settings.OCOP_LOGIN_MAX_FAILURES_PER_IP)]
    if username:
        keys.append((_user_key(username), settings.OCOP_LOGIN_MAX_FAILURES))
    return keys


def is_locked(request, username: str) -> bool:
    return any_marked([f"{key}:locked" for key, _ in _keys(request, username)])


def record_failure(request, username: str) -> bool:
    """Count one failure; True when this failure locks the username or the address."""
    locked = False
    for key, limit in _keys(request, username):
        if hit(key, settings.OCOP_LOGIN_WINDOW_SECONDS) >= limit:
            mark(f"{key}:locked", settings.OCOP_LOGIN_COOLDOWN_SECONDS)
            clear([key])
            locked = True
    return locked


def reset(request, username: str) -> None:
    """After a successful login: the username's failures are forgiven, the address's are not (L-1)."""
    if username:
        clear([_user_key(username)])


def cooldown_minutes() -> int:
    return max(1, -(-settings.OCOP_LOGIN_COOLDOWN_SECONDS // 60))
