"""The dossier workflow table (pure)."""

import pytest

from ocop.accounts.models import Role
from ocop.rating import workflow
from ocop.rating.workflow import DossierStatus as S

P, C, PO, SEC, N = Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICE, Role.COUNCIL_SECRETARY, Role.NATIONAL_OFFICE


@pytest.mark.parametrize(
    ("status", "to", "roles", "allowed"),
    [
        (S.DRAFT, S.SUBMITTED, {P}, True),
        (S.DRAFT, S.SUBMITTED, {C}, True),  # assisted mode
        (S.DRAFT, S.SUBMITTED, {PO}, False),
        (S.SUBMITTED, S.PROPOSED, {C}, True),
        (S.SUBMITTED, S.PROPOSED, {P}, False),
        (S.SUBMITTED, S.PROPOSED, {PO}, False),
        (S.SUBMITTED, S.RETURNED, {C}, True),
        (S.RETURNED, S.SUBMITTED, {P}, True),
        (S.PROPOSED, S.ACCEPTED, {PO}, True),
        (S.PROPOSED, S.ACCEPTED, {C}, False),
        (S.PROPOSED, S.REJECTED, {PO}, True),
        (S.ACCEPTED, S.RATED, {SEC}, True),
        (S.ACCEPTED, S.RATED, {PO}, False),
        (S.ACCEPTED, S.AWAITING_APPROVAL, {SEC}, True),
        (S.ACCEPTED, S.FORWARDED_CENTRAL, {SEC}, False),  # the chair approves first (Art. 7.3.e)
        (S.AWAITING_APPROVAL, S.FORWARDED_CENTRAL, {workflow.COUNCIL_CHAIR}, True),
        (S.AWAITING_APPROVAL, S.FORWARDED_CENTRAL, {SEC, PO}, False),
        (S.FORWARDED_CENTRAL, S.CENTRAL_RATED, {N}, True),
        (S.FORWARDED_CENTRAL, S.CENTRAL_RATED, {PO}, False),
        (S.RATED, S.ACCEPTED, {PO, SEC, N, C, P}, False),
        (S.DRAFT, S.RATED, {SEC}, False),
    ],
)
def test_can_transition(status, to, roles, allowed):
    assert workflow.DOSSIER.can(status, to, roles) is allowed


def test_terminal_statuses():
    for status in (S.RATED, S.CENTRAL_RATED, S.REJECTED, S.WITHDRAWN):
        assert workflow.DOSSIER.is_terminal(status)
    assert not workflow.DOSSIER.is_terminal(S.FORWARDED_CENTRAL)


def test_buttons_never_offer_service_only_moves():
    assert workflow.DOSSIER.allowed(S.SUBMITTED, {C}) == [S.RETURNED]
    assert workflow.DOSSIER.allowed(S.ACCEPTED, {SEC, PO}) == [S.REJECTED]
    assert workflow.DOSSIER.allowed(S.ACCEPTED, {SEC}, include_service_only=True) == [S.RATED, S.AWAITING_APPROVAL]


def test_every_target_is_a_status_with_a_label():
    assert workflow.DOSSIER.problems() == []
    for move in workflow.DOSSIER.moves:
        assert move.target in S.values
        assert workflow.DOSSIER.action_label(move.source, move.target)


def test_reasons_and_editing():
    flow = workflow.DOSSIER
    assert all(flow.requires_reason(m.source, m.target) for m in flow.moves if m.target in (S.RETURNED, S.REJECTED))
    assert not any(flow.requires_reason(m.source, m.target) for m in flow.moves if m.target == S.SUBMITTED)
    assert flow.is_editable(S.DRAFT) and flow.is_editable(S.RETURNED)
    assert not flow.is_editable(S.SUBMITTED)
