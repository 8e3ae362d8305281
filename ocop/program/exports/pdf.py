"""PDF of a dashboard and of the annual report: HTML rendered by WeasyPrint, in DejaVu Sans (on
Debian, fonts-dejavu-core) so that every Vietnamese letter prints."""

from django.template.loader import render_to_string
from django.utils import timezone


def dashboard_pdf(dash, *, heading: str, extras=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("program/pdf/dashboard.html", {
        "dash": dash, "heading": heading, "extras": extras, "printed_at": timezone.localtime(),
    })
    return HTML(string=html).write_pdf()
