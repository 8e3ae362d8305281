"""Uploaded files (MEDIA_ROOT), served through Django in every mode, each folder by the rule of the
app that owns it (settings.OCOP_MEDIA_RULES: folder prefix → dotted path of `allowed(user, name)`).

Product photos are public; evidence documents, certificate PDFs, decision scans and report files go
only to whoever may read the record that holds them. Anything else — another folder, a name no
record holds, a user out of scope, a path that tries to leave MEDIA_ROOT — is a 404, so a guessed
name reveals nothing. Private files are attachments and never cached by shared caches.
"""

import posixpath
from functools import cache

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

PUBLIC_CACHE_SECONDS = 24 * 3600
#: Public files shown in the browser; any other public name (a photo stored under its uploader's
#: extension before photos were re-encoded, issue 15 L-4) is a plain download.
INLINE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@cache
def _rules() -> tuple[tuple[str, object], ...]:
    return tuple((prefix, import_string(path)) for prefix, path in settings.OCOP_MEDIA_RULES.items())


def clean_name(path: str) -> str:
    """PATH as a storage name, or Http404 when it is not a plain relative path inside MEDIA_ROOT."""
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", "..")) or "\\" in name or "\x00" in name:
        raise Http404
    return name


def public(user, name: str) -> bool:
    return True


@require_safe
def serve_media(request, path: str):
    name = clean_name(path)
    allowed = next((rule for prefix, rule in _rules() if name.startswith(prefix)), None)
    if allowed is None or not allowed(request.user, name):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise Http404 from exc
    is_public = allowed is public
    inline_type = INLINE_TYPES.get(posixpath.splitext(name)[1].lower()) if is_public else None
    response = FileResponse(handle, as_attachment=inline_type is None, filename=posixpath.basename(name),
                            content_type=inline_type if is_public else None)
    if is_public and inline_type is None:
        response["Content-Type"] = "application/octet-stream"
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}" if is_public else "private, no-store"
    return response
