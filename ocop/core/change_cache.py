"""Results kept in the shared cache until a record they read changes: one mechanism for every such
cache (the inbox counts, the dashboard's figures, the back office's application list).

A ChangeCounter is a number in the default cache (Redis with REDIS_URL: shared by every node),
bumped by every save or delete of the models it watches (post_save/post_delete, connected by the
owning app's ready()), at once and again when the writer's transaction commits, so a reader that
computed while the change was uncommitted keeps its result under a number nobody asks for any more.
A result is kept under its identity (everything it depends on besides the records) and the
counter's number, for at most SECONDS: writes that send no signal (QuerySet.update(), bulk_create,
SQL) are seen after that at the latest.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction


class ChangeCounter:
    def __init__(self, key: str, watched: Iterable[str]):
        self.key, self.watched = key, tuple(watched)

    def version(self) -> int:
        value = cache.get(self.key)
        if value is None:  # first use, evicted, cache restarted: a number never used
            cache.add(self.key, time.time_ns(), None)
            value = cache.get(self.key)
        return int(value or 0)

    def _bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache: a number never used
            cache.set(self.key, time.time_ns(), None)

    def changed(self) -> None:
        """Drop every result kept under this counter: now, and again when the transaction commits."""
        self._bump()
        transaction.on_commit(self._bump)

    def _on_signal(self, sender, **kwargs) -> None:
        self.changed()

    def connect_signals(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        for label in self.watched:
            try:
                model = apps.get_model(label)
            except LookupError:  # an optional app that is not installed
                continue
            post_save.connect(self._on_signal, sender=model, dispatch_uid=f"{self.key}-{label}-save")
            post_delete.connect(self._on_signal, sender=model, dispatch_uid=f"{self.key}-{label}-delete")


def remembered(prefix: str, identity: Any, seconds: int, compute: Callable[[], Any]) -> Any:
    """compute() from the default cache under PREFIX and IDENTITY (kept SECONDS; 0: not kept)."""
    if seconds <= 0:
        return compute()
    name = prefix + hashlib.sha256(repr(identity).encode()).hexdigest()
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, seconds)
    return value
