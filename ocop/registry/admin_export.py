"""The "Xuất Excel (toàn bộ)" button of the product list: a small export is served at once; a big
one is handed to the background worker, and the page shows its progress until the file is ready
to download (only by the user who asked for it)."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.lib import spreadsheet
from ocop.registry import export_stream
from ocop.registry.admin_views import XLSX
from ocop.registry.tasks import export_products

TITLE = "Sản phẩm OCOP"


def _file(handle):
    return spreadsheet.attachment(FileResponse(handle, content_type=XLSX), spreadsheet.export_filename(TITLE, "xlsx"))


def export_all(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if "task" in request.GET:
        return _follow(model_admin, request, request.GET["task"])
    count = export_stream.product_export_count(request.user)
    if count <= export_stream.direct_max():
        handle, _count = export_stream.product_export(user=request.user)
        return _file(handle)
    result = export_products.enqueue(request.user.pk)
    return redirect(f"{request.path}?task={result.id}&rows={count}")


def _result(request, task_id: str):
    try:
        result = export_products.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError, TypeError, NotImplementedError) as exc:
        raise Http404 from exc
    if list(result.args) != [request.user.pk]:
        raise Http404  # someone else's export: as if it did not exist
    return result


def _follow(model_admin, request, task_id: str):
    result = _result(request, task_id)
    done = result.status == TaskResultStatus.SUCCESSFUL
    if done and "download" in request.GET:
        try:
            handle = default_storage.open(result.return_value["path"], "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return _file(handle)
    started = result.started_at or result.enqueued_at
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Xuất Excel toàn bộ sản phẩm"),
        "status": result.status,
        "done": done,
        "failed": result.status == TaskResultStatus.FAILED,
        "rows": result.return_value["rows"] if done else request.GET.get("rows", ""),
        "waiting": result.status == TaskResultStatus.READY,
        "elapsed": int((timezone.now() - started).total_seconds()) if started else 0,
        "download_url": f"{request.path}?task={task_id}&download=1",
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "registry/export_status.html", context)
