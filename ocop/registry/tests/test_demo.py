"""The Đồng Nai demo seed: real named producers at their current communes, idempotent."""

import pytest
from django.core.management import call_command

from ocop.accounts.models import Role, RoleAssignment
from ocop.registry import demo
from ocop.registry.models import Document, Producer, ProducerMember, Product
from ocop.registry.selectors import producers_of_user
from ocop.registry.status import with_status

pytestmark = pytest.mark.django_db


def test_demo_seed_is_realistic_and_idempotent():
    call_command("load_units", verbosity=0)
    from ocop.accounts.demo import seed as seed_accounts

    seed_accounts(log=lambda *_: None)
    first = demo.seed(log=lambda *_: None)
    assert first["skipped"] == 0
    assert 35 <= Producer.objects.count() <= 45 and 60 <= Product.objects.count() <= 80
    trong_duc = Producer.objects.select_related("unit").get(name="Công ty TNHH Ca cao Trọng Đức")
    assert trong_duc.unit.name == "Phú Hòa" and trong_duc.unit.is_current  # old xã Phú Hòa, Định Quán
    nga_bien = Producer.objects.select_related("unit").get(name__contains="Nga Biên")
    assert nga_bien.unit.name == "Xuân Hòa" and nga_bien.unit.parent.code == "75"
    assert Product.objects.filter(producer=nga_bien).count() == 4
    assert Product.objects.get(name="Bột ca cao 3 trong 1 Bunga").ocop_code == "75-26221-001-2020"
    statuses = set(with_status(Document.objects.all()).values_list("status", flat=True))
    assert statuses == {"valid", "expiring", "expired"}
    account = ProducerMember.objects.select_related("user").get(producer=trong_duc).user
    assert account.username == "chuthe" and not account.is_staff
    assert RoleAssignment.objects.filter(user=account, role=Role.PRODUCER, unit=trong_duc.unit).exists()
    assert list(producers_of_user(account)) == [trong_duc]

    again = demo.seed(log=lambda *_: None)
    assert again == {"producers_created": 0, "products_created": 0, "documents_created": 0, "skipped": 0}
