"""Uploaded files (MEDIA_ROOT), served through Django in every mode, each folder by the rule of the
app that owns it (settings.OCOP_MEDIA_RULES: folder prefix → dotted path of `allowed(user, name)`).

Product photos are public; evidence documents, certificate PDFs, decision scans and report files go
only to whoever may read the record that holds them. Anything else — another folder, a name no
record holds, a user out of scope, a path that tries to leave MEDIA_ROOT — is a 404, so a guessed
name reveals nothing. Private files are never cached by shared caches. A private PDF or image
(JPEG, PNG, WebP, recognised by its first bytes, whatever its name) opens in the browser
(Content-Disposition inline, its real content type, nosniff); any other private file is an
attachment, so nothing uploaded is ever rendered as a page.
"""

import posixpath
from functools import cache

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.csp import CSP
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from ocop.lib.filetypes import Sniffed, sniff

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


#: A PDF opened in the browser: nothing may load but the browser's own viewer (which embeds the
#: same URL), and no page may frame it.
PDF_CSP = {"default-src": [CSP.NONE], "object-src": [CSP.SELF], "frame-ancestors": [CSP.NONE],
           "base-uri": [CSP.NONE], "form-action": [CSP.NONE]}


def _viewable(handle) -> Sniffed | None:
    """The type of a file the browser may show itself (PDF, raster image), from its first bytes."""
    head = handle.read(16)
    handle.seek(0)
    return sniff(head)


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
    if is_public:
        inline_type = INLINE_TYPES.get(posixpath.splitext(name)[1].lower())
        response = FileResponse(handle, as_attachment=inline_type is None, filename=posixpath.basename(name),
                                content_type=inline_type)
        if inline_type is None:
            response["Content-Type"] = "application/octet-stream"
    elif (kind := _viewable(handle)) is not None:
        response = FileResponse(handle, filename=posixpath.basename(name), content_type=kind.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        if kind.content_type == "application/pdf":
            response._csp_config = PDF_CSP
    else:
        response = FileResponse(handle, as_attachment=True, filename=posixpath.basename(name))
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}" if is_public else "private, no-store"
    return response
