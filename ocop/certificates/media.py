"""Who may download the certificates app's stored files (see ocop.core.media)."""

from ocop.certificates.selectors import certificates_visible_to, decisions_visible_to
from ocop.registry.selectors import producers_of_user


def certificate_pdf_allowed(user, name: str) -> bool:
    """Officials in scope of the product, and members of the producer that holds it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if certificates_visible_to(user).filter(pdf=name).exists():
        return True
    return certificates_visible_to(user).model.objects.filter(
        pdf=name, product__producer__in=producers_of_user(user).values("pk")
    ).exists()


def decision_scan_allowed(user, name: str) -> bool:
    return getattr(user, "is_authenticated", False) and decisions_visible_to(user).filter(file=name).exists()
