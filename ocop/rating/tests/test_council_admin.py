"""The council's back-office form (add and change, with member inlines) saves through the services."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core.audit import AuditEvent
from ocop.core.testing import make_user
from ocop.rating.models import Council, CouncilMember

pytestmark = pytest.mark.django_db

PREFIX = "members"


def _inline(rows, initial=0):
    data = {f"{PREFIX}-TOTAL_FORMS": str(len(rows)), f"{PREFIX}-INITIAL_FORMS": str(initial),
            f"{PREFIX}-MIN_NUM_FORMS": "0", f"{PREFIX}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{PREFIX}-{i}-{key}": value for key, value in row.items()})
    return data


def test_province_office_adds_a_council_with_members(client, world, personas):
    chair = make_user("chutich_moi", Role.COUNCIL_MEMBER, personas.units.dong_nai)
    member = make_user("uyvien_moi", Role.COUNCIL_MEMBER, personas.units.dong_nai)
    Council.objects.filter(round=world.round).delete()  # one council per round
    client.force_login(personas.province)
    data = {"round": world.round.pk, "name": "Hội đồng mới", "decision_number": "12/QĐ-UBND",
            "established_on": "2026-09-01", "spread_threshold": "10", "quorum": "three_quarters",
            "quorum_needs_chair": "on", "spread_resolution": "rescore",
            **_inline([{"user": chair.pk, "role": "chair", "organization": "Sở NN", "title": "Phó GĐ"},
                       {"user": member.pk, "role": "member", "organization": "", "title": ""}])}
    response = client.post(reverse("admin:rating_council_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    council = Council.objects.get(round=world.round)
    assert council.name == "Hội đồng mới" and council.decision_number == "12/QĐ-UBND"
    assert (council.quorum, council.quorum_needs_chair, council.spread_resolution) == ("three_quarters", True,
                                                                                      "rescore")
    seats = {m.user_id: (m.role, m.organization) for m in council.members.all()}
    assert seats == {chair.pk: ("chair", "Sở NN"), member.pk: ("member", "")}
    assert AuditEvent.objects.filter(action="council.member_add").count() == 2


def test_province_office_changes_a_council_and_its_members(client, world, personas):
    newcomer = make_user("uyvien_them", Role.COUNCIL_MEMBER, personas.units.dong_nai)
    council = world.council
    seats = list(council.members.order_by("pk"))
    client.force_login(personas.province)
    rows = [{"id": s.pk, "council": council.pk, "user": s.user_id, "role": s.role, "organization": s.organization,
             "title": s.title} for s in seats]
    rows[1]["title"] = "Chuyên viên"  # changed
    rows[2]["DELETE"] = "on"  # removed (has not scored)
    rows.append({"council": council.pk, "user": newcomer.pk, "role": "member", "organization": "", "title": ""})
    data = {"round": world.round.pk, "name": "Hội đồng đổi tên", "decision_number": "", "established_on": "",
            "spread_threshold": "8", "quorum": "two_thirds", "spread_resolution": "discussion",
            **_inline(rows, initial=len(seats))}
    response = client.post(reverse("admin:rating_council_change", args=[council.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    council.refresh_from_db()
    assert council.name == "Hội đồng đổi tên" and council.spread_threshold == 8
    users = set(CouncilMember.objects.filter(council=council).values_list("user_id", flat=True))
    assert users == {seats[0].user_id, seats[1].user_id, seats[3].user_id, newcomer.pk}
    assert CouncilMember.objects.get(pk=seats[1].pk).title == "Chuyên viên"
    assert AuditEvent.objects.filter(action="council.member_remove").count() == 1


def _change_data(council, **member_edits):
    seats = list(council.members.order_by("pk"))
    rows = [{"id": s.pk, "council": council.pk, "user": s.user_id, "role": s.role, "organization": s.organization,
             "title": s.title, **({"absent": "on"} if s.absent else {}), "absence_reason": s.absence_reason}
            for s in seats]
    for index, edits in member_edits.items():
        rows[int(index.removeprefix("m"))].update(edits)
    return {"round": council.round_id, "name": council.name, "decision_number": "", "established_on": "",
            "spread_threshold": "10", "quorum": council.quorum, "spread_resolution": council.spread_resolution,
            **_inline(rows, initial=len(seats))}


def test_a_member_is_marked_absent_with_a_reason(client, world, personas):
    council = world.council
    url = reverse("admin:rating_council_change", args=[council.pk])
    client.force_login(personas.province)
    response = client.post(url, _change_data(council, m2={"absent": "on", "absence_reason": ""}))
    assert response.status_code == 200
    assert "Cần nêu lý do vắng mặt của thành viên." in response.content.decode()
    assert not CouncilMember.objects.filter(absent=True).exists()
    response = client.post(url, _change_data(council, m2={"absent": "on", "absence_reason": "Đi công tác"}))
    assert response.status_code == 302
    member = CouncilMember.objects.get(absent=True)
    assert (member.pk, member.absence_reason) == (world.seats[2].pk, "Đi công tác")
    # the unchanged form saves back
    assert client.post(url, _change_data(council)).status_code == 302


def test_a_member_who_submitted_a_sheet_is_not_removed_but_can_be_marked_absent(client, world, personas):
    from ocop.rating.services import council as council_services
    from ocop.rating.tests.factories import accepted_dossier, best_sheet

    dossier = accepted_dossier(world)
    member = world.members[2]
    council_services.conflict_declare(dossier=dossier, level="province", actor=member, has_conflict=False)
    council_services.sheet_save(dossier=dossier, level="province", actor=member, answers=best_sheet(), submit=True)
    url = reverse("admin:rating_council_change", args=[world.council.pk])
    client.force_login(personas.province)
    response = client.post(url, _change_data(world.council, m2={"DELETE": "on"}))
    assert response.status_code == 200
    assert "hãy đánh dấu vắng mặt" in response.content.decode()
    assert CouncilMember.objects.filter(pk=world.seats[2].pk).exists()
