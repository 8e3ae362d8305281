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
            "established_on": "2026-09-01", "spread_threshold": "10",
            **_inline([{"user": chair.pk, "role": "chair", "organization": "Sở NN", "title": "Phó GĐ"},
                       {"user": member.pk, "role": "member", "organization": "", "title": ""}])}
    response = client.post(reverse("admin:rating_council_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    council = Council.objects.get(round=world.round)
    assert council.name == "Hội đồng mới" and council.decision_number == "12/QĐ-UBND"
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
            "spread_threshold": "8", **_inline(rows, initial=len(seats))}
    response = client.post(reverse("admin:rating_council_change", args=[council.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    council.refresh_from_db()
    assert council.name == "Hội đồng đổi tên" and council.spread_threshold == 8
    users = set(CouncilMember.objects.filter(council=council).values_list("user_id", flat=True))
    assert users == {seats[0].user_id, seats[1].user_id, seats[3].user_id, newcomer.pk}
    assert CouncilMember.objects.get(pk=seats[1].pk).title == "Chuyên viên"
    assert AuditEvent.objects.filter(action="council.member_remove").count() == 1
