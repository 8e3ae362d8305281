from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = _("Quyết định, chứng nhận")

    def ready(self):
        from ocop.certificates import moves  # noqa: F401 (connects the dossier_moved receiver)
