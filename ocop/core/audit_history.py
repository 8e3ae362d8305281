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


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)  # type: ignore[return-value]
    except FieldDoesNotExist:
        return None


def _related_names(model: type[models.Model], events: list[AuditEvent]) -> dict[tuple[str, Any], str]:
    """{(field name, stored id): the related record's name} for every foreign key (or many-to-many)
    id in EVENTS' before/after: one query per related model, not one per value."""
    wanted: dict[str, set] = {}
    for event in events:
        for values in (event.before or {}, event.after or {}):
            for name, value in values.items():
                field = _field(model, name)
                if field is not None and field.is_relation and value not in (None, "", []):
                    wanted.setdefault(name, set()).update(value if isinstance(value, list) else [value])
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related = _field(model, name).related_model  # type: ignore[union-attr]
        found = related._default_manager.in_bulk([i for i in ids if isinstance(i, int | str)])
        for pk in ids:
            names[(name, pk)] = str(found[pk]) if pk in found else _("#%s (đã xoá)") % pk
    return names


def _readable(model: type[models.Model], name: str, value: Any, related: dict[tuple[str, Any], str]) -> Any:
    """VALUE of field NAME as a person reads it: a related record by its name, a choice by its
    label, yes/no; anything else as stored."""
    field = _field(model, name)
    if value is None or field is None:
        return value
    if field.is_relation:
        values = value if isinstance(value, list) else [value]
        return ", ".join(related.get((name, v), str(v)) for v in values)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return value


def changes(model: type[models.Model], event: AuditEvent,
            related: dict[tuple[str, Any], str] | None = None) -> list[Change]:
    """The fields of EVENT's before/after, named and valued as people read them."""
    related = _related_names(model, [event]) if related is None else related
    before, after = event.before or {}, event.after or {}
    names = list(after) + [name for name in before if name not in after]
    return [
        Change(str(field.verbose_name) if (field := _field(model, name)) is not None else name,
               _readable(model, name, before.get(name), related), _readable(model, name, after.get(name), related))
        for name in names
    ]


class AuditHistoryAdminMixin:
    """The admin history page of a record from the audit log, scoped like the record (404 outside)."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        page = Paginator(events_of(obj), PER_PAGE).get_page(request.GET.get("p"))
        opts = self.model._meta  # type: ignore[attr-defined]
        events = list(page)
        related = _related_names(self.model, events)  # type: ignore[attr-defined]
        rows = [
            {"event": event, "action": action_label(event.action), "actor": actor_name(event.actor_repr),
             "changes": changes(self.model, event, related)}  # type: ignore[attr-defined]
            for event in events
        ]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("Lịch sử: %s") % obj, "subtitle": None, "object": obj, "opts": opts,
            "module_name": str(opts.verbose_name_plural), "page": page, "rows": rows,
            "app_label": opts.app_label, **(extra_context or {}),
        }
        request.current_app = self.admin_site.name  # type: ignore[attr-defined]
        return TemplateResponse(request, "core/admin/record_history.html", context)
