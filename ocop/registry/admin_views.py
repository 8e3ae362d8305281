"""The Excel import page inside the back office: upload → report (every bad row with its number
and reason) → confirm. The uploaded file waits in storage between the two steps; the confirm step
checks it again, so what is written is what the report showed, against current data."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.lib.spreadsheet import attachment
from ocop.registry.excel import build_template
from ocop.registry.forms import ImportConfirmForm, ImportUploadForm
from ocop.registry.importing import (
    IMPORT_EXTENSIONS,
    KIND_LABELS,
    ImportFileError,
    import_file,
    validate_file,
)

SESSION_KEY = "registry_imports"
MAX_REPORT_ROWS = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_download(model_admin, request, kind: str) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    response = HttpResponse(build_template(kind), content_type=XLSX)
    attachment(response, f"Mẫu nhập {KIND_LABELS[kind]}.xlsx")
    return response


def _stash(request, upload, kind: str) -> str:
    token = uuid.uuid4().hex
    upload.seek(0)
    suffix = next((e for e in IMPORT_EXTENSIONS if upload.name.lower().endswith(e)), ".xlsx")
    path = default_storage.save(f"registry/imports/{token}{suffix}", ContentFile(upload.read()))
    stash = request.session.get(SESSION_KEY, {})
    stash[token] = {"kind": kind, "path": path, "name": upload.name}
    request.session[SESSION_KEY] = stash
    return token


def _unstash(request, token: str, kind: str):
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["kind"] != kind or not default_storage.exists(entry["path"]):
        return None, None
    stored = default_storage.open(entry["path"], "rb")
    stored.name = entry["name"]
    return entry, stored


def _forget(request, token: str, entry) -> None:
    stash = request.session.get(SESSION_KEY, {})
    stash.pop(token, None)
    request.session[SESSION_KEY] = stash
    if entry:
        default_storage.delete(entry["path"])


def import_page(model_admin, request, kind: str):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Nhập %(kind)s từ Excel") % {"kind": KIND_LABELS[kind]},
        "kind_label": KIND_LABELS[kind],
        "template_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template"),
        "changelist_url": changelist,
    }
    form = ImportUploadForm()
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if confirm.is_valid():
            token = confirm.cleaned_data["token"]
            entry, stored = _unstash(request, token, kind)
            if stored is None:
                messages.error(request, _("Phiên nhập đã hết hạn; hãy tải tệp lên lại."))
                return redirect(request.path)
            try:
                with stored:
                    report = import_file(stored, kind=kind, user=request.user,
                                         only_valid=confirm.cleaned_data["only_valid"])
            except ImportFileError as exc:
                messages.error(request, str(exc))
                _forget(request, token, entry)
                return redirect(request.path)
            if report.written:
                _forget(request, token, entry)
                messages.success(request, _("Đã nhập: %(new)d mới, %(update)d cập nhật, %(same)d không đổi.") % {
                    "new": report.counts["new"], "update": report.counts["update"],
                    "same": report.summary()["unchanged"],
                })
                return redirect(changelist)
            context.update(_report_context(report, token, confirm.cleaned_data["only_valid"]))
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload, only_valid = form.cleaned_data["file"], form.cleaned_data["only_valid"]
            try:
                report = validate_file(upload, kind=kind, user=request.user)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                token = _stash(request, upload, kind)
                context.update(_report_context(report, token, only_valid))
    context["form"] = form
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "registry/import.html", context)


def _report_context(report, token: str, only_valid: bool) -> dict:
    summary = report.summary()
    writable = summary["new"] + summary["update"]
    can_confirm = writable > 0 and (not report.errors or only_valid)
    return {
        "report": report,
        "summary": summary,
        "error_rows": report.errors[:MAX_REPORT_ROWS],
        "errors_truncated": len(report.errors) > MAX_REPORT_ROWS,
        "confirm_form": ImportConfirmForm(initial={"token": token, "only_valid": only_valid}) if can_confirm else None,
        "valid_only_form": ImportConfirmForm(initial={"token": token, "only_valid": True})
        if report.errors and not only_valid and writable else None,
    }
