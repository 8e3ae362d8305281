from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "ocop.program"
    label = "program"
    verbose_name = _("Giám sát chương trình")

    def ready(self):
        from ocop.program import indicators  # noqa: F401 (registers the indicators: Target.indicator's choices)
        from ocop.program.figures_cache import connect_signals

        connect_signals()
