"""Certificate documents: the public verification URL, its QR code, and the PDF (WeasyPrint).

The PDF is always in Vietnamese (it is the legal document), a tagged PDF/A-2b with its metadata
(core/pdf.py); a revoked certificate's PDF carries a visible mark (status.pdf_mark) with the revocation
decision, its date and the verification link. A4 landscape, set in DejaVu Serif and
DejaVu Sans by family name (Debian's fonts-dejavu-core, which covers Vietnamese); no font file
is shipped. The QR code is an SVG data URI made by segno, so the HTML needs no network and no
file access. One certificate takes about 0.05 s of CPU when HarfBuzz-Subset is installed
(libharfbuzz-subset0), about 0.5 s when WeasyPrint falls back to fontTools (fonts subset and
embedded either way).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop.certificates.models import Certificate, Decision
from ocop.certificates.status import CertificateStatus, pdf_mark
from ocop.core.pdf import archival_pdf


def verification_url(certificate: Certificate) -> str:
    """The absolute public URL printed (as a QR code) on the certificate."""
    return settings.SITE_URL + reverse("certificates:verify", args=[certificate.uid])


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def issuer_heading(decision: Decision) -> tuple[str, str]:
    """(body, authority): "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai"."""
    if decision.issuer_level == Decision.Level.CENTRAL:
        return "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Bộ trưởng Bộ Nông nghiệp và Môi trường"
    unit = decision.issuer_unit.full_name
    return f"ỦY BAN NHÂN DÂN {unit.upper()}", f"Chủ tịch Ủy ban nhân dân {unit[:1].lower()}{unit[1:]}"


def stars_text(stars: int) -> str:
    return "★" * stars


def revoked_mark(certificate: Certificate) -> str:
    """The PDF's mark (ocop.certificates.status), in Vietnamese. The PDF is rendered once and kept,
    so it carries the mark of any revocation recorded."""
    if certificate.revoked_on is None:
        return ""
    with translation.override("vi"):
        return str(pdf_mark(CertificateStatus.REVOKED))


def certificate_context(certificate: Certificate) -> dict:
    decision = certificate.decision
    product = certificate.product
    body, authority = issuer_heading(decision)
    url = verification_url(certificate)
    unit = product.unit
    return {
        "certificate": certificate,
        "product": product,
        "producer": product.producer,
        "place": ", ".join(u.full_name for u in (unit, unit.parent) if u is not None),
        "decision": decision,
        "issuer_body": body,
        "authority": authority,
        "stars_text": stars_text(certificate.stars),
        "url": url,
        "qr": qr_data_uri(url),
        "revoked_mark": revoked_mark(certificate),
    }


def certificate_for_render(pk) -> Certificate:
    return Certificate.objects.select_related(
        "product__producer", "product__unit__parent", "decision__issuer_unit", "revocation_decision"
    ).get(pk=pk)


def render_certificate_html(certificate: Certificate) -> str:
    with translation.override("vi"):
        return render_to_string("certificates/certificate_pdf.html", certificate_context(certificate))


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a tagged PDF/A (core/pdf.py); a revoked one carries the revocation mark."""
    _body, authority = issuer_heading(certificate.decision)
    return archival_pdf(
        render_certificate_html(certificate),
        title=f"Giấy chứng nhận sản phẩm OCOP – {certificate.product.name}",
        author=authority.removeprefix("Chủ tịch ").removeprefix("Bộ trưởng "),
        description=f"Hạng {certificate.stars} sao, Quyết định số {certificate.decision.number}"
        + (f" – {revoked_mark(certificate)}" if certificate.revoked_on else ""),
    )


def warm_pdf_fonts() -> None:
    """Render one certificate of made-up values (nothing read or written) and throw it away. The
    first PDF of a process loads fontconfig and the fonts — most of a second — so a process that
    renders PDFs (the background worker) calls this as it starts, not its first user."""
    import uuid
    from datetime import date

    from weasyprint import HTML

    from ocop.registry.models import Producer, Product
    from ocop.territory.models import AdminUnit

    unit = AdminUnit(name="Mẫu", level=AdminUnit.Level.COMMUNE)
    product = Product(name="Sản phẩm mẫu", unit=unit, producer=Producer(name="Chủ thể mẫu", address="Ấp 1", unit=unit))
    decision = Decision(issuer_level=Decision.Level.CENTRAL, number="1/QĐ-BNNMT", signed_on=date(2026, 1, 1))
    certificate = Certificate(uid=uuid.uuid4(), product=product, decision=decision, stars=5,
                              issued_on=date(2026, 1, 1), valid_until=date(2029, 1, 1))
    with translation.override("vi"):
        html = render_to_string("certificates/certificate_pdf.html", certificate_context(certificate))
    HTML(string=html).write_pdf()


def pdf_filename(certificate: Certificate) -> str:
    return f"giay-chung-nhan-ocop-{certificate.uid.hex[:12]}.pdf"
