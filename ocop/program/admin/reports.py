"""Annual report jobs: requested from the dashboard, built in the background, downloaded here."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.program import admin_views
from ocop.program.admin.base import ProgramAdmin
from ocop.program.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdminMixin, ProgramAdmin):
    # Reports are requested from the dashboard (a background job), not typed in.
    list_display = ["__str__", "requested_by", "requested_at", "status", "progress", "files"]
    list_filter = ["status", "year"]
    list_select_related = ["unit", "requested_by"]

    def get_urls(self):
        site = self.admin_site
        return [
            path("request/", site.admin_view(admin_views.report_request), name="program_reportjob_request"),
            path("<int:pk>/status/", site.admin_view(admin_views.report_status), name="program_reportjob_status"),
            path("<int:pk>/download.<str:fmt>", site.admin_view(admin_views.report_download),
                 name="program_reportjob_download"),
            *super().get_urls(),
        ]

    @display(description=_("Tệp"))
    def files(self, obj):
        if obj.status != ReportJob.Status.DONE:
            return format_html('<a href="{}">{}</a>', reverse("admin:program_reportjob_status", args=[obj.pk]),
                               _("Xem tiến độ"))
        return format_html('<a href="{}">Excel</a> · <a href="{}">PDF</a>',
                           reverse("admin:program_reportjob_download", args=[obj.pk, "xlsx"]),
                           reverse("admin:program_reportjob_download", args=[obj.pk, "pdf"]))
