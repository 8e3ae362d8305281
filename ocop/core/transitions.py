"""The one transition service: every status move of every workflow (ocop.core.workflow) goes here.

transition() locks the record (select_for_update, unless the caller's service already holds the
lock), then checks in this order:

1. the actor's roles over the record — asked of ocop.accounts.policy through the app's Binding,
   which also refuses a record outside the actor's scope;
2. the move exists from the current status, else ImpossibleMove (a ValidationError: 422 in the
   API, a form or page error elsewhere);
3. the actor's roles may make it, else PermissionDenied (403); a move by the system (no actor)
   skips this check;
4. a reason where the declaration requires one (a form error on "reason");
5. the app's own readiness check (Binding.check).

Then, in the caller's transaction: saves the status (and the reason as the record's status note
where it has one), writes one core.Transition row and the audit event `<workflow>.<to>`, and
sends `moved` (receivers that talk to the outside world defer to transaction.on_commit, so a
move rolled back tells nobody). Two concurrent moves of one record leave one consistent result:
the second waits for the lock, sees the new status and is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ocop.core.audit import audit_record
from ocop.core.exceptions import ImpossibleMove
from ocop.core.models import Transition
from ocop.core.workflow import Workflow, audit_action
from ocop.lib.formatting import SYSTEM_ACTOR

#: Sent inside the move's transaction after the Transition row is written.
#: Arguments: workflow (its name), record, transition (the row), actor (None for the system).
moved = Signal()


@dataclass(frozen=True)
class Binding:
    """How the engine reaches one workflow's records (the services' side of a declaration)."""

    workflow: Workflow
    #: (actor, locked record) → the actor's roles over it, from ocop.accounts.policy; raises
    #: PermissionDenied (or Http404) when the record is outside the actor's scope.
    roles: Callable[[Any, Any], frozenset[str]]
    #: locked record → the administrative unit its audit events are filed under.
    unit: Callable[[Any], Any]
    #: select_related of the lock.
    related: tuple[str, ...] = ()
    #: (locked record, to) → None; raises ValidationError when the record is not ready for the move.
    check: Callable[[Any, str], None] | None = None
    #: (locked record, to, actor) → the other fields the move sets (saved with the status); it may
    #: write what belongs to the move (a dossier's first submission gives the product its code).
    stamp: Callable[[Any, str, Any], dict[str, Any]] | None = None
    #: Fields shown in the audit event's before/after besides the status.
    audited: tuple[str, ...] = ()
    #: The record's field that keeps the reason of its last move ("" when it has none).
    note_field: str = "status_note"


@dataclass(frozen=True)
class Moved:
    record: Any
    transition: Transition


def real_actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def lock(record, *related: str):
    """RECORD re-read under a row lock (select_for_update of its own row only)."""
    return type(record).objects.select_for_update(of=("self",)).select_related(*related).get(pk=record.pk)


def impossible(flow: Workflow, status: str, to: str) -> ImpossibleMove:
    if to in flow.statuses.values:
        return ImpossibleMove(_("Không thể chuyển từ «%(from)s» sang «%(to)s».")
                              % {"from": flow.label(status), "to": flow.label(to)})
    return ImpossibleMove(_("Trạng thái không hợp lệ."))


def check_offered(flow: Workflow, status: str, to: str, allowed: list[str]) -> None:
    """The views' check before they show a move's form: 422 (ImpossibleMove) for a move that does
    not exist from STATUS, 403 for one the user's roles do not allow (ALLOWED: the moves offered)."""
    if not flow.is_move(status, to):
        raise impossible(flow, status, to)
    if to not in allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def transition(binding: Binding, record, *, to: str, actor, reason: str = "", locked: bool = False,
               fields: tuple[str, ...] = ()) -> Moved:
    """Move RECORD to TO (see the module's docstring). LOCKED: the caller already holds the row lock
    and may have set FIELDS on the record itself (saved with the move)."""
    with transaction.atomic():
        flow = binding.workflow
        if not locked:
            record = lock(record, *binding.related)
        roles = binding.roles(actor, record)
        before = record.status
        if not flow.is_move(before, to):
            raise impossible(flow, before, to)
        if actor is not None and not flow.can(before, to, roles):
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
        reason = (reason or "").strip()
        if flow.requires_reason(before, to) and not reason:
            raise ValidationError({"reason": _("Cần nêu rõ lý do.")})
        if binding.check is not None:
            binding.check(record, to)
        audited_before = {"status": before, **{name: getattr(record, name) for name in binding.audited}}
        changes = binding.stamp(record, to, actor) if binding.stamp is not None else {}
        for name, value in changes.items():
            setattr(record, name, value)
        record.status = to
        note = (binding.note_field,) if binding.note_field else ()
        if note:
            setattr(record, binding.note_field, reason)
        timestamps = ("updated_at",) if _has_field(record, "updated_at") else ()
        record.save(update_fields=list(dict.fromkeys(["status", *note, *timestamps, *fields, *changes])))
        row = record_transition(flow, record, before=before, to=to, actor=actor, reason=reason)
        audit_record(
            action=audit_action(flow, to), actor=actor, target=record, unit=binding.unit(record),
            before=audited_before, after={"status": to, **{name: getattr(record, name) for name in binding.audited}},
            message=reason,
        )
        moved.send(sender=type(record), workflow=flow.name, record=record, transition=row, actor=real_actor(actor))
    return Moved(record, row)


def record_transition(flow: Workflow, record, *, before: str, to: str, actor, reason: str = "") -> Transition:
    """The history row of a move (also of a record's creation: BEFORE empty, TO its initial status)."""
    actor = real_actor(actor)
    return Transition.objects.create(
        workflow=flow.name, content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        from_status=before, to_status=to, actor=actor, actor_repr=str(actor)[:200] if actor else SYSTEM_ACTOR,
        reason=reason,
    )


def history(record) -> models.QuerySet[Transition]:
    """The record's moves, oldest first."""
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).select_related("actor").order_by("at", "id")


def _has_field(record, name: str) -> bool:
    return any(f.name == name for f in record._meta.concrete_fields)
