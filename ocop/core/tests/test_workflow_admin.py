"""A workflow's status badge in the back office takes its colour from the declaration's tones: the
dossier, task, idea, plan, implementation and verification admins show the same colours the
workflow declares, and no admin keeps a colour table of its own."""

import pytest
from django.contrib import admin

from ocop.core.workflow import REGISTRY
from ocop.core.workflow_admin import BADGE_COLOURS, BUTTON_VARIANTS, button_variant
from ocop.cycle.models import BusinessPlan, Implementation, ProducerVerification, ProductIdea
from ocop.program.models import DepartmentTask
from ocop.rating.models import Dossier

COLUMNS = [  # (model, its admin's status column, its workflow)
    (Dossier, "status_label", "dossier"),
    (DepartmentTask, "status_badge", "task"),
    (ProductIdea, "status_label", "idea"),
    (BusinessPlan, "status_label", "plan"),
    (Implementation, "status_label", "implementation"),
    (ProducerVerification, "status_label", "verification"),
]


@pytest.mark.parametrize(("model", "column", "name"), COLUMNS, ids=[c[2] for c in COLUMNS])
def test_status_badge_reads_the_workflows_tones(model, column, name):
    model_admin = admin.site._registry[model]
    method = getattr(model_admin, column)
    assert method.label == BADGE_COLOURS
    flow = REGISTRY[name]
    for status, label in flow.statuses.choices:
        tone, shown = method(model(status=status))
        assert (tone, shown) == (flow.tone(status), label)
        assert BADGE_COLOURS[tone] == {"ok": "success", "warn": "warning", "bad": "danger"}.get(flow.tone(status), "info")


def test_the_task_badge_follows_its_declaration():
    """The task admin used to colour «assigned» and «reported» alike (info) and «in progress» as a
    warning; it shows now what program/workflow.py declares."""
    from ocop.program.workflow import TASK, TaskStatus

    method = admin.site._registry[DepartmentTask].status_badge
    assert method(DepartmentTask(status=TaskStatus.DONE))[0] == "ok" == TASK.tone(TaskStatus.DONE)
    assert method(DepartmentTask(status=TaskStatus.CANCELLED))[0] == "bad"
    assert method(DepartmentTask(status=TaskStatus.REPORTED))[0] == "warn"


def test_button_variant_of_a_tone():
    assert button_variant("bad") == BUTTON_VARIANTS["bad"]
    assert button_variant("") == button_variant("unknown") != BUTTON_VARIANTS["ok"]
