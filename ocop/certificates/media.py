"""Who may download the certificates app's stored files (see ocop.core.media)."""

from django.db.models import Q

from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_visible_to, decisions_visible_to
from ocop.registry.selectors import producers_of_user


def certificate_pdf_allowed(user, name: str) -> bool:
    """Officials in scope of the product, and members of the producer that holds it."""
    if not getattr(user, "is_authenticated", False):
        return False
    in_scope = Q(pk__in=certificates_visible_to(user).values("pk"))
    own = Q(product__producer__in=producers_of_user(user).values("pk"))
    return Certificate.objects.filter(in_scope | own, pdf=name).exists()


def decision_scan_allowed(user, name: str) -> bool:
    return getattr(user, "is_authenticated", False) and decisions_visible_to(user).filter(file=name).exists()
