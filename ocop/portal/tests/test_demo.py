"""The whole demo (every step, on the real unit data) leaves work for every demo role, and the
login table printed by `ocop serve` lists every demo account with its role."""

import pytest
from django.core.management import call_command

from ocop.accounts.demo import login_table
from ocop.accounts.models import Role, RoleAssignment, User
from ocop.certificates.selectors import own_certificates
from ocop.ops.demo import seed_all
from ocop.rating.models import CouncilMember, Dossier
from ocop.rating.workflow import DossierStatus
from ocop.registry.selectors import own_products

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0)
    return seed_all(log=lambda *_: None)


def test_every_demo_role_has_work_waiting(seeded, capsys):
    chuthe = User.objects.get(username="chuthe")
    products = own_products(chuthe)
    assert products.count() >= 4
    assert own_certificates(chuthe).exists()
    own_dossiers = Dossier.objects.filter(product__in=products)
    assert own_dossiers.filter(status=DossierStatus.RETURNED).exists()
    assert own_dossiers.filter(status=DossierStatus.DRAFT).exists()

    # Every demo commune officer, including the one of chuthe's commune, has a submitted dossier.
    officers = RoleAssignment.objects.filter(role=Role.COMMUNE_OFFICER, user__username__startswith="xa.")
    communes = {assignment.unit for assignment in officers.select_related("unit")}
    assert len(communes) == 3 and products.first().producer.unit in communes
    for commune in communes:
        assert Dossier.objects.filter(unit=commune, status=DossierStatus.SUBMITTED).exists(), commune

    # Council members with a sheet still to fill on a dossier before their council.
    waiting = set()
    for member in CouncilMember.objects.filter(user__username__startswith="hoidong").select_related("council"):
        for dossier in Dossier.objects.filter(status=DossierStatus.ACCEPTED, round=member.council.round):
            if not dossier.sheets.filter(member=member, submitted_at__isnull=False).exists():
                waiting.add(member.user.username)
    assert {"hoidong2", "hoidong3"} <= waiting

    table = dict(login_table())
    for username in ["admin", "dongnai", "trunguong", "songnn", "tinhkhac", "thanhtra", "thuky", "chuthe",
                     "hodangky", "hoidong1", "hoidong2", "hoidong3"]:
        assert username in table, username
    assert "Chủ thể" in table["chuthe"] and "Trọng Đức" in table["chuthe"]
    assert "hội đồng" in table["hoidong1"].lower()
    assert sum(1 for name in table if name.startswith("xa.")) == 3

    call_command("seed_demo", print_logins=True)
    printed = capsys.readouterr().out
    assert "chuthe" in printed and "hoidong2" in printed and "Tài khoản mẫu" in printed


def test_the_portal_step_is_idempotent(seeded):
    from ocop.portal import demo

    assert seeded["ocop.portal.demo.seed"]["dossiers_created"] >= 3
    assert demo.seed(log=lambda *_: None) == {"officers_created": 0, "dossiers_created": 0}
