"""The data migrations that moved the three transition tables (cycle.Transition,
rating.DossierTransition, program.TaskTransition) into core.Transition, run both ways on this
database with Django's MigrationExecutor: rows written in the old tables before are in the generic
one after, every field kept (the time of the move too), and backward puts them back."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ocop.core.models import AuditEvent, Transition
from ocop.cycle.models import ProductIdea
from ocop.cycle.tests.factories import IdeaFactory
from ocop.program.models import Department, DepartmentTask
from ocop.rating.models import Dossier
from ocop.rating.tests.factories import make_dossier
from ocop.registry.tests.factories import HouseholdFactory, ProductFactory

BEFORE = [("cycle", "0002_constraint_messages"), ("rating", "0010_list_order_indexes"),
          ("program", "0002_constraint_messages")]
AFTER = [("cycle", "0004_delete_transition"), ("rating", "0012_delete_dossiertransition"),
         ("program", "0005_task_audit_actions")]
AT = [datetime(2025, 3, day, 2, 30, tzinfo=UTC) for day in (1, 2, 3)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def records(personas):
    unit = personas.units.commune_a
    idea = IdeaFactory(producer=HouseholdFactory(unit=unit), status="accepted")
    dossier = make_dossier(ProductFactory(producer=HouseholdFactory(unit=unit), name="Trà mãng cầu"), "submitted")
    lead = Department.objects.create(unit=personas.units.dong_nai, name="Sở Công Thương")
    task = DepartmentTask.objects.create(unit=lead.unit, lead=lead, title="Xúc tiến", deadline=date(2026, 12, 31),
                                         status="in_progress")
    return idea, dossier, task


@pytest.mark.django_db(transaction=True)
def test_the_three_tables_move_into_one_and_back(personas, records):
    idea, dossier, task = records
    actor = personas.commune_a
    old = migrate(BEFORE)
    OldCycle, OldDossier, OldTask = (old.get_model("cycle", "Transition"), old.get_model("rating", "DossierTransition"),
                                     old.get_model("program", "TaskTransition"))
    idea_type = ContentType.objects.get_for_model(ProductIdea)
    OldCycle.objects.create(workflow="idea", content_type_id=idea_type.pk, object_id=idea.pk, from_status="submitted",
                            to_status="accepted", actor_id=actor.pk, actor_repr="Cán bộ xã", reason="Đạt")
    OldDossier.objects.create(dossier_id=dossier.pk, from_status="", to_status="draft", actor_repr="")
    OldDossier.objects.create(dossier_id=dossier.pk, from_status="draft", to_status="submitted", actor_id=actor.pk,
                              actor_repr="Cán bộ xã", reason="Lập thay")
    OldTask.objects.create(task_id=task.pk, from_status="assigned", to_status="in_progress", actor_repr="hệ thống")
    for model in (OldCycle, OldDossier, OldTask):  # `at` was auto_now_add: set the times of the moves afterwards
        for row, at in zip(model.objects.order_by("id"), AT, strict=False):
            model.objects.filter(pk=row.pk).update(at=at)

    migrate(AFTER)
    rows = {(t.workflow, t.object_id, t.from_status, t.to_status): t for t in Transition.objects.all()}
    assert set(rows) == {("idea", idea.pk, "submitted", "accepted"), ("dossier", dossier.pk, "", "draft"),
                         ("dossier", dossier.pk, "draft", "submitted"), ("task", task.pk, "assigned", "in_progress")}
    moved = rows[("dossier", dossier.pk, "draft", "submitted")]
    assert (moved.content_type, moved.actor, moved.actor_repr, moved.reason, moved.at) == (
        ContentType.objects.get_for_model(Dossier), actor, "Cán bộ xã", "Lập thay", AT[1])
    assert rows[("idea", idea.pk, "submitted", "accepted")].at == AT[0]
    assert rows[("task", task.pk, "assigned", "in_progress")].content_type == ContentType.objects.get_for_model(
        DepartmentTask)
    # The history displays read the generic table.
    assert [t.to_label for t in Dossier.objects.get(pk=dossier.pk).transitions.all()] == [
        "Bản nháp", "Đã nộp, chờ xã thẩm định"]
    assert [t.to_status for t in DepartmentTask.objects.get(pk=task.pk).transitions.all()] == ["in_progress"]

    old = migrate(BEFORE)
    assert not Transition.objects.exists()
    back = old.get_model("rating", "DossierTransition").objects.order_by("at", "id")
    assert [(t.from_status, t.to_status, t.actor_id, t.reason) for t in back] == [
        ("", "draft", None, ""), ("draft", "submitted", actor.pk, "Lập thay")]
    assert old.get_model("cycle", "Transition").objects.get().at == AT[0]
    assert old.get_model("program", "TaskTransition").objects.get().task_id == task.pk

    migrate(AFTER)
    assert Transition.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_tasks_old_audit_action_becomes_its_workflow_action(records):
    _idea, _dossier, task = records
    migrate([("program", "0004_delete_tasktransition")])
    old = AuditEvent.objects.create(action="program.task.transition", target_id=str(task.pk),
                                    before={"status": "reported"}, after={"status": "done"})
    migrate([("program", "0005_task_audit_actions")])
    assert AuditEvent.objects.get(pk=old.pk).action == "task.done"
    migrate([("program", "0004_delete_tasktransition")])
    assert AuditEvent.objects.get(pk=old.pk).action == "program.task.transition"
    migrate([("program", "0005_task_audit_actions")])
