"""Rendering the stored PDF of every certificate that has none, in batches.

Certificates normally get their PDF from generate_certificates when a decision commits; this
catches up on the rest (a worker that stopped half-way, certificates loaded from elsewhere, a
benchmark). Each certificate is claimed with a row lock that other workers skip (PostgreSQL),
so workers running side by side share the work and never render the same one; a certificate
with a PDF is never picked again, so a second run renders nothing: the batch is idempotent.
"""

from django.db import transaction
from django.db.models import QuerySet

from ocop.certificates.issuing import certificate_store_pdf
from ocop.certificates.models import Certificate


def certificates_without_pdf() -> QuerySet[Certificate]:
    return Certificate.objects.filter(pdf="").order_by("pk")


def render_missing_pdfs(*, limit: int = 100) -> dict:
    """Render and store the PDFs of up to LIMIT certificates that have none."""
    rendered = 0
    while rendered < limit:
        with transaction.atomic():
            certificate = (
                certificates_without_pdf()
                .select_for_update(of=("self",), skip_locked=True)  # another worker's rows are skipped
                .select_related("product__producer", "product__unit__parent", "decision__issuer_unit")
                .first()
            )
            if certificate is None:
                break
            certificate_store_pdf(certificate=certificate)
            rendered += 1
    return {"rendered": rendered, "remaining": certificates_without_pdf().count()}
