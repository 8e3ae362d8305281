"""The audit log's vocabulary: every action written is a member of AuditAction or a declared
workflow move, never a string spelt at the call site; one bulk writer; labels for the admin."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ocop.core.audit import (
    RENAMED,
    AuditAction,
    Entry,
    RecordActions,
    action_label,
    audit_record,
    audit_record_many,
    workflow_action,
    workflow_actions,
)
from ocop.core.models import AuditEvent
from ocop.core.workflow import WorkflowAction

OCOP = Path(__file__).resolve().parents[2]
CORE = OCOP / "core"


def _sources():
    for path in sorted(OCOP.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_action_is_spelt_as_a_string_outside_core():
    """A literal (or f-string) action= anywhere but argparse is a hand-written audit action."""
    found = []
    for path, text in _sources():
        if path.is_relative_to(CORE):
            continue
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            for keyword in node.keywords:
                literal = isinstance(keyword.value, ast.JoinedStr) or (
                    isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str))
                if keyword.arg in {"action", "actions"} and literal and name != "add_argument":
                    found.append(f"{path.relative_to(OCOP)}:{node.lineno}")
    assert found == []


def test_no_audit_event_is_built_outside_core():
    """No AuditEvent(...) and no AuditEvent.objects.create/bulk_create outside ocop/core."""
    found = []
    for path, text in _sources():
        if path.is_relative_to(CORE):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and "AuditEvent" in ast.unparse(node.func) and (
                ast.unparse(node.func) == "AuditEvent" or node.func.attr in {"create", "bulk_create", "get_or_create"}
            ):
                found.append(f"{path.relative_to(OCOP)}:{node.lineno}")
    assert found == []


def test_every_action_written_is_in_the_vocabulary():
    """Every AuditAction.NAME used in the code exists (the import would fail too), and every
    member is written somewhere (by name, or as one of the three of `RecordActions.of(STEM)`): the
    enum holds exactly the actions in use."""
    used = set()
    for _path, text in _sources():
        used |= set(re.findall(r"AuditAction\.([A-Z][A-Z0-9_]+)", text))
        for stem in re.findall(r"RecordActions\.of\(\"([A-Z][A-Z0-9_]+)\"\)", text):
            used |= {f"{stem}_CREATE", f"{stem}_UPDATE", f"{stem}_DELETE"}
    assert used - set(AuditAction.names) == set()
    assert set(AuditAction.names) - used == set()


def test_record_actions_of_a_stem():
    assert RecordActions.of("PROMOTION_EVENT") == RecordActions(
        AuditAction.PROMOTION_EVENT_CREATE, AuditAction.PROMOTION_EVENT_UPDATE, AuditAction.PROMOTION_EVENT_DELETE)
    with pytest.raises(KeyError):
        RecordActions.of("PROMOTION_NOTHING")


def test_member_names_follow_values_and_values_are_domain_dot_verb():
    for action in AuditAction:
        assert action.name == action.value.upper().replace(".", "_")
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", action.value), action.value
        assert str(action.label) and str(action.label) != action.value


def test_renamed_values_are_not_written_any_more():
    assert set(RENAMED) & set(AuditAction.values) == set()


@pytest.mark.django_db
def test_a_plain_string_is_refused(personas):
    with pytest.raises(TypeError):
        audit_record(action="producer.create", actor=personas.province)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        audit_record_many(action="producer.create", entries=[])  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()


def test_workflow_actions_are_declared_and_named():
    import ocop.cycle.workflow  # noqa: F401  (declares the cycle's workflows to the engine)
    import ocop.rating.workflow  # noqa: F401

    assert workflow_action("dossier", "submitted") == "dossier.submitted"
    assert workflow_action("idea", "returned") == "idea.returned"
    assert isinstance(workflow_action("idea", "returned"), WorkflowAction)
    with pytest.raises(ValueError):
        workflow_action("idea", "retruned")
    with pytest.raises(ValueError):
        workflow_action("dossier", "submited")
    with pytest.raises(ValueError):
        workflow_action("dosier", "submitted")
    assert ("idea.returned", "Ý tưởng sản phẩm: Trả lại để bổ sung") in [
        (value, str(label)) for value, label in workflow_actions()]
    assert action_label("idea.returned") == "Ý tưởng sản phẩm: Trả lại để bổ sung"
    moves = {value for value, _label in workflow_actions()}
    assert moves & set(AuditAction.values) == set()  # a move never reads as another action


def test_labels_of_stored_values():
    assert action_label("producer.create") == "Tạo chủ thể"
    assert action_label("download") == "Tải tệp"  # an old row, before the rename
    assert action_label("something.else") == "something.else"


@pytest.mark.django_db
def test_the_bulk_writer_writes_what_single_writes_would(personas):
    units = personas.units
    targets = [units.commune_a, units.commune_b, units.hcm_commune]
    kwargs = {"action": AuditAction.PRODUCER_CREATE, "actor": personas.province}
    singles = [audit_record(**kwargs, target=t, unit=t, after={"name": t.name}, message="m") for t in targets]
    many = audit_record_many(**kwargs, entries=[Entry(t, unit=t, after={"name": t.name}, message="m") for t in targets],
                             batch_size=2)
    fields = ["action", "actor_id", "actor_repr", "target_type_id", "target_id", "target_repr", "unit_id", "before",
              "after", "message"]

    def rows(events):
        stored = AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("id")
        return [tuple(getattr(e, f) for f in fields) for e in stored]

    assert len(many) == 3 and rows(many) == rows(singles)
    assert rows(many)[0][3] == ContentType.objects.get_for_model(units.commune_a).pk
    system = audit_record_many(action=AuditAction.PRODUCER_CREATE, entries=[Entry(None)])
    assert rows(system)[0][1:3] == (None, "hệ thống")


@pytest.mark.django_db
def test_the_admin_filter_names_actions_in_vietnamese(client, personas):
    event = audit_record(action=AuditAction.PRODUCER_CREATE, actor=personas.province, unit=personas.units.commune_a)
    client.force_login(personas.province)
    url = reverse("admin:core_auditevent_changelist")
    page = client.get(url)
    assert "Tạo chủ thể" in page.text and "Cấp giấy chứng nhận" in page.text
    filtered = client.get(url, {"action": "producer.create"})
    assert reverse("admin:core_auditevent_change", args=[event.pk]) in filtered.text
    assert reverse("admin:core_auditevent_change", args=[event.pk]) not in client.get(url, {"action": "user.create"}).text


@pytest.mark.django_db(transaction=True)
def test_the_renaming_migration_rewrites_the_old_rows():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.migrate([("core", target)])
        executor.loader.build_graph()
        return executor.loader.project_state([("core", target)]).apps

    old = migrate("0004_transition").get_model("core", "AuditEvent")
    for value in [*RENAMED, "producer.create"]:
        old.objects.create(action=value)
    migrate("0005_audit_action_names")
    stored = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert stored == sorted([*(str(new) for new in RENAMED.values()), "producer.create"])
