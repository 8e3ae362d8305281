"""The drift case of the four copies of the scope (issue 15): a user holding a producer role, an
officer role in one commune and an officer role with no unit got the whole country from
cycle.access.office_scope and only their commune from the other three. Now there is one answer
(their commune), and the unit-less officer role cannot be stored at all."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.scope import scope_for
from ocop.core.testing import make_user
from ocop.rating.tests.factories import make_dossier, make_world
from ocop.registry.models import ProducerMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def drifter(personas, monkeypatch):
    user = make_user("drifter", Role.PRODUCER, personas.units.commune_a)
    RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=personas.units.commune_a)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=None)
    # Replay the unit-less row as it was read before the constraint existed.
    from ocop.accounts import scope

    real = scope._assignment_rows
    monkeypatch.setattr(scope, "_assignment_rows", lambda u: real(u) + (
        [(Role.COMMUNE_OFFICER, None, None)] if u.pk == user.pk else []))
    return user


@pytest.fixture
def rated(personas):
    world = make_world(personas)
    return world, make_dossier(world.product_b), make_dossier(world.product_hcm), make_dossier(world.product_a)


def test_drift_the_scope_is_the_commune_and_nothing_national(drifter, personas):
    scope = scope_for(drifter)
    assert scope.read_prefixes == (personas.units.commune_a.path,)
    assert not scope.is_national


def test_drift_portal_cycle_pages_stop_at_the_commune(client, drifter, rated):
    world, _b, _hcm, _a = rated
    ProducerMember.objects.create(user=drifter, producer=world.producer_a)
    client.force_login(drifter)
    for product in (world.product_b, world.product_hcm):
        url = reverse("portal:producer_detail", args=[product.producer_id])
        assert client.get(url).status_code == 404
    assert client.get(reverse("portal:producer_detail", args=[world.producer_a.pk])).status_code == 200
    listing = client.get(reverse("portal:producer_list"))
    assert world.producer_a.name in listing.text
    assert world.product_b.producer.name not in listing.text
    assert world.product_hcm.producer.name not in listing.text


def test_drift_back_office_registry_and_dossiers_stop_at_the_commune(client, drifter, rated):
    world, dossier_b, dossier_hcm, dossier_a = rated
    client.force_login(drifter)
    for producer in (world.product_b.producer, world.product_hcm.producer):
        assert client.get(reverse("admin:registry_producer_change", args=[producer.pk])).status_code == 404
    assert client.get(reverse("admin:registry_producer_change", args=[world.producer_a.pk])).status_code == 200
    for dossier in (dossier_b, dossier_hcm):
        assert client.get(reverse("admin:rating_dossier_change", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("admin:rating_dossier_change", args=[dossier_a.pk])).status_code == 200
