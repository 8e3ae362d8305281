"""The promotion back office: scoped lists and objects, view-only auditors, saves through services."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.promotion.models import Event, Participation, SalesPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_b(personas):
    return Event.objects.create(name="Phiên chợ Long Thành", organiser="UBND xã", starts_on=date(2026, 3, 1),
                                ends_on=date(2026, 3, 1), place="Chợ Long Thành", unit=personas.units.commune_b)


def change_url(obj):
    return reverse(f"admin:promotion_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(("persona", "status"), [
    ("superuser", 200), ("national", 200), ("auditor", 200), ("province", 200), ("commune_b", 200),
    ("commune_a", 404), ("other_province", 404),
])
def test_event_page_by_persona(client, personas, event_b, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(change_url(event_b)).status_code == status


def test_auditor_cannot_change(client, personas, event_b):
    client.force_login(personas.auditor)
    assert client.post(change_url(event_b), {"name": "Sửa"}).status_code == 403


def test_list_shows_in_scope_events_only(client, personas, event_b):
    Event.objects.create(name="Hội chợ Sài Gòn", organiser="x", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 2),
                         place="x", unit=personas.units.hcm)
    client.force_login(personas.commune_b)
    text = client.get(reverse("admin:promotion_event_changelist")).text
    assert "Phiên chợ Long Thành" in text and "Hội chợ Sài Gòn" not in text


def test_event_with_participants_is_saved_through_services(client, personas, catalog):
    client.force_login(personas.province)
    data = {
        "name": "Hội chợ OCOP", "kind": "fair", "organiser": "Sở Công Thương", "starts_on": "2026-05-01",
        "ends_on": "2026-05-03", "place": "Biên Hòa", "unit": personas.units.dong_nai.pk, "is_public": "on",
        "organising_cost": "5000000", "visitors": "", "description": "",
        "participations-TOTAL_FORMS": "1", "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0", "participations-MAX_NUM_FORMS": "1000",
        "participations-0-producer": catalog.producer_a.pk, "participations-0-booth": "A1",
        "participations-0-cost": "1000000", "participations-0-sales": "3000000",
    }
    response = client.post(reverse("admin:promotion_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = Event.objects.get(name="Hội chợ OCOP")
    assert Participation.objects.get(event=event).sales == 3_000_000
    assert AuditEvent.objects.filter(action="promotion.participation.create").exists()


def test_commune_officer_cannot_record_for_another_commune(client, personas):
    client.force_login(personas.commune_a)
    data = {"name": "Điểm bán", "kind": "showroom", "address": "1 Đường B", "unit": personas.units.commune_b.pk,
            "is_active": "on"}
    response = client.post(reverse("admin:promotion_salespoint_add"), data)
    assert response.status_code == 200  # the form says why
    assert not SalesPoint.objects.exists()
    data["unit"] = personas.units.commune_a.pk
    assert client.post(reverse("admin:promotion_salespoint_add"), data).status_code == 302
    assert SalesPoint.objects.get().unit == personas.units.commune_a


@pytest.mark.parametrize("persona", ["province", "commune_a", "auditor", "superuser"])
def test_sidebar_has_the_trade_promotion_section(client, personas, persona):
    client.force_login(getattr(personas, persona))
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Xúc tiến thương mại" in page.text and reverse("admin:promotion_event_changelist") in page.text
