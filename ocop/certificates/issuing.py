"""Certificates: one per recognised result of a recognition decision (made after the decision commits,
by the background task tasks.generate_certificates), and their stored PDFs. Services of the
certificates app; re-exported by ocop.certificates.services."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates import lifecycle, notify
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.rendering import pdf_filename, render_certificate_pdf
from ocop.certificates.rerating import extension_end
from ocop.certificates.standings import product_standings_refresh
from ocop.certificates.status import certificate_months
from ocop.core.audit import AuditAction, audit_record


def certificates_issue(*, decision: Decision, actor=None) -> list[Certificate]:
    """One certificate per result of DECISION; idempotent (never a second one for a result)."""
    if decision.kind != Decision.Kind.RECOGNITION:
        raise ValidationError(_("Chỉ quyết định công nhận mới cấp giấy chứng nhận."))
    months = certificate_months()
    made = []
    for item in decision.items.select_related("result__product__unit", "result__product__producer"):
        with transaction.atomic():
            certificate, created = Certificate.objects.get_or_create(
                result=item.result,
                defaults={
                    "product": item.result.product, "decision": decision, "stars": item.stars,
                    "issued_on": decision.signed_on,
                    "valid_until": lifecycle.valid_until_for(decision.signed_on, months),
                },
            )
            if created:
                audit_record(
                    action=AuditAction.CERTIFICATES_CERTIFICATE_ISSUE, actor=actor, target=certificate,
                    unit=certificate.product.unit,
                    after={"uid": str(certificate.uid), "stars": certificate.stars,
                           "valid_until": certificate.valid_until.isoformat()},
                )
                notify.certificate_issued(certificate)
                extension_end(product=certificate.product, actor=actor, on=certificate.issued_on, exclude=certificate)
                product_standings_refresh(product_ids=[certificate.product_id])
        made.append(certificate)
    return made


def certificate_store_pdf(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render the certificate's PDF and keep it (once; FORCE renders it again)."""
    if certificate.pdf and not force:
        return certificate
    data = render_certificate_pdf(certificate)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    else:  # a worker killed between writing the file and saving the row left it: replace, never double
        field = certificate.pdf.field
        field.storage.delete(field.generate_filename(certificate, pdf_filename(certificate)))
    certificate.pdf.save(pdf_filename(certificate), ContentFile(data), save=False)
    certificate.pdf_generated_at = timezone.now()
    certificate.save(update_fields=["pdf", "pdf_generated_at", "updated_at"])
    return certificate


def certificate_pdf_is_current(certificate: Certificate) -> bool:
    """A stored PDF made before the certificate was revoked lacks the revocation mark."""
    if not certificate.pdf:
        return False
    if certificate.revoked_on is None:
        return True
    decision = certificate.revocation_decision
    revoked_at = decision.created_at if decision is not None else None
    return bool(certificate.pdf_generated_at and revoked_at and certificate.pdf_generated_at >= revoked_at)


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF when it is current, else rendered now (not stored: reads never write)."""
    if certificate_pdf_is_current(certificate):
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return render_certificate_pdf(certificate)
