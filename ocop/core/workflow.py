"""Workflows as data: one declaration per workflow, one engine (ocop.core.transitions) for all.

A Workflow names its statuses (a TextChoices), where a record starts, and its moves: for each
(from, to) the roles that may make it, whether the move must say why, whether only a service
that writes something else first makes it (never offered as a button), and the verb on its
button. It also names the statuses in which the producer side may still edit the record and the
tone of each status badge. The apps declare their workflows in `<app>/workflow.py` (dossier in
rating, task in program, idea/plan/implementation/verification in cycle); the audit action of a
move is `<workflow>.<to status>`.

Roles are the roles a user holds over the record, as ocop.accounts.policy answers them; the
declaration only names which of those may move. Pure module: no ORM access.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models

TONES = frozenset({"ok", "warn", "bad", ""})


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    roles: frozenset[str]
    reason: bool = False  # the move must say why (the reason is shown to the other side)
    service_only: bool = False  # made only by a service that writes something else first
    label: object = None  # the verb on the button (a lazy string); default: the target's label


@dataclass(frozen=True)
class Workflow:
    name: str
    statuses: type[models.TextChoices]
    initial: str
    moves: tuple[Move, ...]
    editable: frozenset[str] = frozenset()
    tones: Mapping[str, str] = field(default_factory=dict)
    title: object = None  # the workflow's name for people (a lazy string), e.g. in the audit log

    def __post_init__(self):
        for problem in self.problems():
            raise ValueError(f"workflow {self.name!r}: {problem}")
        table: dict[str, dict[str, Move]] = {}
        for move in self.moves:
            table.setdefault(move.source, {})[move.target] = move
        object.__setattr__(self, "_table", table)

    def problems(self) -> list[str]:
        """What is wrong with the declaration (empty when it is sound)."""
        values = set(self.statuses.values)
        found = []
        if self.initial not in values:
            found.append(f"initial status {self.initial!r} is not a status")
        seen = set()
        for move in self.moves:
            for status in (move.source, move.target):
                if status not in values:
                    found.append(f"{status!r} is not a status")
            if (move.source, move.target) in seen:
                found.append(f"{move.source} → {move.target} is declared twice")
            seen.add((move.source, move.target))
            if not move.roles:
                found.append(f"{move.source} → {move.target} names no role")
        found += [f"editable {s!r} is not a status" for s in self.editable if s not in values]
        found += [f"tone of {s!r}: {t!r}" for s, t in self.tones.items() if s not in values or t not in TONES]
        reached, frontier = {self.initial}, [self.initial]
        while frontier:
            status = frontier.pop()
            for move in self.moves:
                if move.source == status and move.target not in reached:
                    reached.add(move.target)
                    frontier.append(move.target)
        found += [f"{s!r} cannot be reached from {self.initial!r}" for s in sorted(values - reached)]
        return found

    # --- questions ------------------------------------------------------------------------------
    def move(self, status: str, to: str) -> Move | None:
        return self._table.get(status, {}).get(to)  # type: ignore[attr-defined]

    def is_move(self, status: str, to: str) -> bool:
        """Whether STATUS → TO exists at all (for anyone)."""
        return self.move(status, to) is not None

    def can(self, status: str, to: str, roles: Iterable[str]) -> bool:
        move = self.move(status, to)
        return move is not None and bool(move.roles & frozenset(roles))

    def allowed(self, status: str, roles: Iterable[str], *, include_service_only: bool = False) -> list[str]:
        """Target statuses a holder of ROLES may move to from STATUS, in declaration order."""
        roles = frozenset(roles)
        return [
            move.target for move in self._table.get(status, {}).values()  # type: ignore[attr-defined]
            if move.roles & roles and (include_service_only or not move.service_only)
        ]

    def targets(self, *, include_service_only: bool = False) -> list[str]:
        """Every status a move leads to, in declaration order (one button each in the back office)."""
        return list(dict.fromkeys(m.target for m in self.moves if include_service_only or not m.service_only))

    def requires_reason(self, status: str, to: str) -> bool:
        move = self.move(status, to)
        return move is not None and move.reason

    def is_service_only(self, to: str) -> bool:
        return any(m.service_only for m in self.moves if m.target == to)

    def is_editable(self, status: str) -> bool:
        return status in self.editable

    def is_terminal(self, status: str) -> bool:
        return not self._table.get(status)  # type: ignore[attr-defined]

    def label(self, status: str) -> str:
        """The status's name; an unknown value is shown as it is stored."""
        return str(self.statuses(status).label) if status in self.statuses.values else status

    def action_label(self, status: str | None, to: str) -> str:
        """The verb on the button of STATUS → TO (STATUS None: the first move declared into TO)."""
        move = self.move(status, to) if status is not None else next(
            (m for m in self.moves if m.target == to), None)
        return str(move.label) if move is not None and move.label else self.label(to)

    def tone(self, status: str) -> str:
        return self.tones.get(status, "")


REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    if REGISTRY.setdefault(workflow.name, workflow) is not workflow:
        raise ValueError(f"workflow {workflow.name!r} is declared twice")
    return workflow


def get(name: str) -> Workflow:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"Unknown workflow: {name!r}") from None


class WorkflowAction(str):
    """The audit action of a move into a status, `<workflow>.<status>`. Made only by audit_action()
    (or ocop.core.audit.workflow_action()), so ocop.core.audit can tell it from a string spelt by hand."""

    __slots__ = ()


def audit_action(workflow: Workflow, to: str) -> WorkflowAction:
    """The audit action of a move: `<workflow>.<to status>` (e.g. dossier.submitted, task.done)."""
    if to not in workflow.statuses.values:
        raise ValueError(f"workflow {workflow.name!r} has no status {to!r}")
    return WorkflowAction(f"{workflow.name}.{to}")
