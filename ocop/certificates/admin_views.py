"""Back-office pages of the certificates app that are not a model's change list:

* "Sắp hết hạn": certificates that will lapse, with filters and an Excel download;
* "Phân tích hội đồng": council members' leniency and each round's spreads and threshold bunching.

Both read through scoped selectors, in a constant number of queries whatever the number of rows.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts import sidebar
from ocop.accounts.scope import path_q, scope_for
from ocop.certificates import lifecycle, rerating, selectors
from ocop.certificates.exports import XLSX, expiring_workbook
from ocop.certificates.forms import ExpiringFilterForm
from ocop.lib import spreadsheet
from ocop.territory.models import AdminUnit

MAX_ROWS = 1000


def can_see_certificates(request) -> bool:
    """Sidebar and pages: staff with a back-office role (rule in ocop.accounts.sidebar)."""
    return sidebar.certificates(request)


def filter_units(user) -> list[AdminUnit]:
    """Units to filter by: the provinces in scope, and the communes of a single province in scope."""
    prefixes = scope_for(user).read_prefixes
    current = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT).select_related("parent")
    if user.is_superuser or "" in prefixes:
        return list(current.filter(level=AdminUnit.Level.PROVINCE).order_by("path"))
    return list(current.filter(path_q(prefixes)).exclude(level=AdminUnit.Level.DISTRICT).order_by("path"))


def expiring_view(request):
    if not can_see_certificates(request):
        raise PermissionDenied
    form = ExpiringFilterForm(request.GET or {"within": 180}, units=filter_units(request.user))
    filters = form.filters()
    rows = list(selectors.expiring_list(user=request.user, **filters)[:MAX_ROWS])
    where = filters["unit"].full_name if filters["unit"] else _("Toàn bộ phạm vi")
    title = _("Giấy chứng nhận hết hạn trong %(days)s ngày tới – %(where)s") % {
        "days": filters["within_days"], "where": where,
    }
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(expiring_workbook(rows, title=str(title)), content_type=XLSX)
        return spreadsheet.attachment(response, spreadsheet.export_filename(_("Giấy chứng nhận sắp hết hạn"), "xlsx"))
    today = timezone.localdate()
    lines = [
        {
            "certificate": c,
            "days_left": lifecycle.days_left(c.valid_until, today),
            "window": rerating.rerating_window(c),
            "window_state": lifecycle.rerating_window_state(c.valid_until, today,
                                                            covered=rerating.transition_covered(c)),
        }
        for c in rows
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Sắp hết hạn"),
        "subtitle": title,
        "form": form,
        "lines": lines,
        "truncated": len(rows) == MAX_ROWS,
        "export_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "certificates/admin/expiring.html", context)
