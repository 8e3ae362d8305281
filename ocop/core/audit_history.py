"""The history page of a record, read from the audit log: every event on the record (its services'
creates, edits, deletes and everything else they audit), newest first, with the fields that changed.

The admin's "Lịch sử" (history) button of a model whose admin inherits AuditHistoryAdminMixin opens
this page instead of Django's LogEntry list. One history mechanism: core.AuditEvent
(docs/architecture.md, "Audit").
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ocop.core.audit import action_label
from ocop.core.models import AuditEvent
from ocop.lib.formatting import actor_name

PER_PAGE = 100


def events_of(obj: models.Model) -> QuerySet[AuditEvent]:
    """The audit events whose target is OBJ, newest first (the audit_target_idx index)."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
    ).order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def changes(model: type[models.Model], event: AuditEvent) -> list[Change]:
    """The fields of EVENT's before/after, named as the model names them."""
    before, after = event.before or {}, event.after or {}
    names = list(after) + [name for name in before if name not in after]
    return [Change(_label(model, name), before.get(name), after.get(name)) for name in names]


class AuditHistoryAdminMixin:
    """The admin history page of a record from the audit log, scoped like the record (404 outside)."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        page = Paginator(events_of(obj), PER_PAGE).get_page(request.GET.get("p"))
        opts = self.model._meta  # type: ignore[attr-defined]
        rows = [
            {"event": event, "action": action_label(event.action), "actor": actor_name(event.actor_repr),
             "changes": changes(self.model, event)}  # type: ignore[attr-defined]
            for event in page
        ]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("Lịch sử: %s") % obj, "subtitle": None, "object": obj, "opts": opts,
            "module_name": str(opts.verbose_name_plural), "page": page, "rows": rows,
            "app_label": opts.app_label, **(extra_context or {}),
        }
        request.current_app = self.admin_site.name  # type: ignore[attr-defined]
        return TemplateResponse(request, "core/admin/record_history.html", context)
