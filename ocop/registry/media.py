"""Who may download the registry's uploaded files (see ocop.core.media)."""

from django.db.models import Q

from ocop.registry.models import Document
from ocop.registry.selectors import documents_visible_to, producers_of_user


def document_allowed(user, name: str) -> bool:
    """Officials in scope of the document's producer, and the producer's own members: one query."""
    if not getattr(user, "is_authenticated", False):
        return False
    in_scope = Q(pk__in=documents_visible_to(user).values("pk"))
    own = Q(producer__in=producers_of_user(user).values("pk"))
    return Document.objects.filter(in_scope | own, file=name).exists()
