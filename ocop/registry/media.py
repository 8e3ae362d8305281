"""Who may download the registry's uploaded files (see ocop.core.media)."""

from ocop.registry.models import Document
from ocop.registry.selectors import documents_visible_to, producers_of_user


def document_allowed(user, name: str) -> bool:
    """Officials in scope of the document's producer, and the producer's own members."""
    if not getattr(user, "is_authenticated", False):
        return False
    held = Document.objects.filter(file=name)
    return (documents_visible_to(user) & held).exists() or held.filter(
        producer__in=producers_of_user(user).values("pk")
    ).exists()
