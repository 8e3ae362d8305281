"""Making, checking and revoking API tokens (services, audited)."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.api.models import ApiToken
from ocop.core.audit import AuditAction, audit_record

KEY_PREFIX = "ocop_"
#: last_used_at is written at most this often per token (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _check_owner(actor, user) -> None:
    if actor is None or actor.is_superuser or actor.pk == user.pk:
        return
    raise PermissionDenied(_("Chỉ tạo, thu hồi khoá API của chính mình."))


@transaction.atomic
def api_token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """A new token for USER; returns (token, key). The key is not stored and cannot be shown again."""
    _check_owner(actor, user)
    if not user.is_active:
        raise ValidationError(_("Tài khoản đã bị khoá."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=(name or "").strip(), key_hash=hash_key(key), prefix=key[:12])
    token.full_clean()
    token.save()
    audit_record(action=AuditAction.API_TOKEN_CREATE, actor=actor, target=token, after={"user": user.pk, "name": token.name})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    _check_owner(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action=AuditAction.API_TOKEN_REVOKE, actor=actor, target=token, after={"user": token.user_id})
    return token


def user_for_key(key: str):
    """The active user of an active token with this key, or None. Marks the token as used."""
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
