from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ocop.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from ocop.api import problems
        from ocop.core import unavailable

        unavailable.RESPONDERS["/api/"] = problems.database_unavailable  # JSON, not the 503 page
