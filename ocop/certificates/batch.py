"""Rendering the stored PDF of every certificate that has none, in batches.

Certificates normally get their PDF from generate_certificates when a decision commits; this
catches up on the rest (a worker that stopped half-way, certificates loaded from elsewhere, a
benchmark). Each certificate is claimed with a row lock that other workers skip (PostgreSQL),
and re-checked under the lock, so two workers never render the same one and a second run
renders nothing: the batch is idempotent.
"""

from django.db import transaction
from django.db.models import QuerySet

from ocop.certificates.models import Certificate
from ocop.certificates.services import certificate_store_pdf


def certificates_without_pdf() -> QuerySet[Certificate]:
    return Certificate.objects.filter(pdf="").order_by("pk")


def render_missing_pdfs(*, limit: int = 100) -> dict:
    """Render and store the PDFs of up to LIMIT certificates that have none."""
    rendered = 0
    for pk in list(certificates_without_pdf().values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            certificate = (
                certificates_without_pdf()
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("product__producer", "product__unit__parent", "decision__issuer_unit")
                .filter(pk=pk)
                .first()
            )
            if certificate is None:  # rendered meanwhile, or being rendered by another worker
                continue
            certificate_store_pdf(certificate=certificate)
            rendered += 1
    return {"rendered": rendered, "remaining": certificates_without_pdf().count()}
