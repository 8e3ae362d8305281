"""Writes of the program. Every service validates (full_clean), re-checks the actor's scope inside
its transaction (also against the stored row, so a record cannot be moved out of scope), saves,
and writes an AuditEvent. actor=None means the system itself (demo seed, scheduled jobs)."""

from django.db import models, transaction

from ocop.accounts.policy import check_write
from ocop.accounts.roles import PROGRAM_WRITERS
from ocop.core.audit import RecordActions, audit_record, diff, snapshot


def save_record[M: models.Model](instance: M, *, actor, unit_of, actions: RecordActions,
                                   roles=PROGRAM_WRITERS) -> M:
    """Create or update INSTANCE. unit_of(obj) gives the unit that decides who may write it."""
    with transaction.atomic():
        stored = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
        if stored is not None:
            check_write(actor, unit_of(stored), roles)
        check_write(actor, unit_of(instance), roles)
        instance.full_clean()
        before = snapshot(stored) if stored is not None else None
        instance.save()
        after = snapshot(instance)
        if before is not None:
            before, after = diff(before, after)
        audit_record(
            action=actions.update if stored is not None else actions.create, actor=actor, target=instance,
            unit=unit_of(instance), before=before, after=after,
        )
    return instance


def delete_record(instance: models.Model, *, actor, unit_of, actions: RecordActions,
                  roles=PROGRAM_WRITERS) -> None:
    with transaction.atomic():
        check_write(actor, unit_of(instance), roles)
        audit_record(action=actions.delete, actor=actor, target=instance, unit=unit_of(instance),
                     before=snapshot(instance))
        instance.delete()
