"""Archival PDFs: every document the system prints (certificates, decisions and minutes, reports)
is written here, by WeasyPrint, as PDF/A-2b (ISO 19005-2, level B: fonts embedded, sRGB output
intent, XMP metadata with the PDF/A identification) and tagged (a structure tree: headings,
paragraphs, tables, images with their alt text, for screen readers and text extraction), with a
title, an author (the issuing body), a description, the creation time and the language.

PDF/A-2b rather than 2a: WeasyPrint tags the document, but level A also asks for things it does
not guarantee (every glyph mapped to Unicode, an alternate text on every figure), so the file
claims only what it can be checked to be.
"""

from django.conf import settings
from django.utils import timezone

PDF_VARIANT = "pdf/a-2b"
PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def archival_pdf(html: str, *, title: str, author: str = "", description: str = "", lang: str = "vi",
                 created=None) -> bytes:
    """HTML as a tagged PDF/A-2b with the given metadata (CREATED: an aware datetime, default now)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render(**PDF_OPTIONS)
    metadata = document.metadata
    metadata.title = str(title)
    metadata.authors = [str(author or getattr(settings, "OCOP_PDF_AUTHOR", "Chương trình OCOP"))]
    metadata.description = str(description) or None
    metadata.lang = lang
    stamp = timezone.localtime(created or timezone.now()).replace(microsecond=0).isoformat()
    metadata.created = metadata.modified = stamp
    metadata.generator = "OCOP"
    return document.write_pdf(**PDF_OPTIONS)
