"""Conditional GET on the API's reads: every successful GET carries an ETag (a digest of the body)
and, when its records say when they changed, a Last-Modified (the newest ``updated_at`` among
them); a request repeating the ETag in If-None-Match (or, without it, a date in
If-Modified-Since no older than Last-Modified) gets 304 Not Modified without the body.

``Cache-Control: no-cache`` makes every cache ask again (no heuristic freshness from
Last-Modified), and ``Vary`` keeps one caller's answer from another's (answers depend on the
token or session)."""

import hashlib
import json
import time
from datetime import datetime
from functools import wraps

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date


def _newest_change(body: bytes) -> datetime | None:
    """The newest updated_at of a record or of a page's items (None when they carry none)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    records = data.get("items") if isinstance(data, dict) and isinstance(data.get("items"), list) else [data]
    newest = None
    for record in records:
        value = record.get("updated_at") if isinstance(record, dict) else None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            if moment.tzinfo is not None and (newest is None or moment > newest):
                newest = moment
    return newest


def conditional_get(run):
    """A ninja "view" decorator (api.add_decorator): ETag, Last-Modified and 304 on GET/HEAD 200s."""

    @wraps(run)
    def checked(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        last_modified = None
        newest = _newest_change(response.content)
        # HTTP dates count whole seconds: a Last-Modified in the current second could hide a change
        # later in that second, so it is sent once its second is over (the ETag always).
        if newest is not None and int(newest.timestamp()) < int(time.time()):
            last_modified = int(newest.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        response.setdefault("Cache-Control", "no-cache")
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified,
                                        response=response)

    return checked

