import logging
import sys
import time

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# The commands whose process renders certificate PDFs one after another (the web server renders one
# only for a certificate whose stored PDF is missing, and does not warm up).
PDF_COMMANDS = {"db_worker"}


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = _("Quyết định, chứng nhận")

    def ready(self):
        from ocop.certificates import moves  # noqa: F401 (connects the receiver of core moves)

        if sys.argv[1:2] and sys.argv[1] in PDF_COMMANDS and getattr(settings, "OCOP_WARM_PDF_FONTS", True):
            warm_up()


def warm_up() -> None:
    """Load the PDF fonts now, not in the first certificate a user waits for (rendering.warm_pdf_fonts)."""
    from ocop.certificates.rendering import warm_pdf_fonts

    started = time.perf_counter()
    try:
        warm_pdf_fonts()
    except Exception:  # a worker that cannot warm up still starts: its first PDF is slower, or fails there
        logger.exception("PDF font warm-up failed")
        return
    logger.info("PDF fonts warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
