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
    assert workflow.can_transition(status, to, roles) is allowed


def test_terminal_statuses():
    for status in (S.RATED, S.CENTRAL_RATED, S.REJECTED, S.WITHDRAWN):
        assert workflow.is_terminal(status)
    assert not workflow.is_terminal(S.FORWARDED_CENTRAL)


def test_buttons_never_offer_service_only_moves():
    assert workflow.allowed_transitions(S.SUBMITTED, {C}) == [S.RETURNED]
    assert workflow.allowed_transitions(S.ACCEPTED, {SEC, PO}) == [S.REJECTED]
    assert workflow.allowed_transitions(S.ACCEPTED, {SEC}, include_service_only=True) == [S.RATED, S.AWAITING_APPROVAL]


def test_every_target_is_a_status_with_a_label():
    for moves in workflow.TRANSITIONS.values():
        for to in moves:
            assert to in S.values
            assert workflow.action_label(to)


def test_reasons_and_editing():
    assert workflow.requires_reason(S.RETURNED) and workflow.requires_reason(S.REJECTED)
    assert not workflow.requires_reason(S.SUBMITTED)
    assert workflow.is_editable(S.DRAFT) and workflow.is_editable(S.RETURNED)
    assert not workflow.is_editable(S.SUBMITTED)
