"""PDF of a dashboard and of the annual report: HTML rendered by WeasyPrint, in DejaVu Sans (on
Debian, fonts-dejavu-core) so that every Vietnamese letter prints; a tagged PDF/A-2b (core/pdf.py)."""

from django.template.loader import render_to_string
from django.utils import timezone

from ocop.core.pdf import archival_pdf


def dashboard_pdf(dash, *, heading: str, extras=None) -> bytes:
    """The report as a tagged PDF/A (core/pdf.py)."""
    html = render_to_string("program/pdf/dashboard.html", {
        "dash": dash, "heading": heading, "extras": extras, "printed_at": timezone.localtime(),
    })
    return archival_pdf(html, title=heading, author=str(dash.title), description=str(heading))
