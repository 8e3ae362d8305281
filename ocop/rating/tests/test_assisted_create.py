"""Filing a dossier in the portal: the assisted-mode fields are the commune officer's only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_producer_files_without_seeing_or_setting_assisted_mode(client, personas, world):
    client.force_login(personas.producer)
    page = client.get(reverse("portal:dossier_create")).text
    assert 'name="assisted"' not in page and 'name="consent_note"' not in page
    response = client.post(reverse("portal:dossier_create"), {
        "product": world.product_a.pk, "kind": "first", "assisted": "on", "consent_note": "tự ghi",
    })
    assert response.status_code == 302
    dossier = world.product_a.dossiers.get()
    assert dossier.assisted is False and dossier.consent_note == ""


def test_a_commune_officer_files_in_assisted_mode_with_the_consent(client, personas, world):
    client.force_login(personas.commune_a)
    assert 'name="assisted"' in client.get(reverse("portal:dossier_create")).text
    refused = client.post(reverse("portal:dossier_create"), {"product": world.product_a.pk, "kind": "first",
                                                              "assisted": "on", "consent_note": ""})
    assert refused.status_code == 200 and not world.product_a.dossiers.exists()
    assert "errorlist" in refused.text
    response = client.post(reverse("portal:dossier_create"), {
        "product": world.product_a.pk, "kind": "first", "assisted": "on",
        "consent_note": "Ông An đồng ý qua điện thoại ngày 02/12/2026",
    })
    assert response.status_code == 302
    dossier = world.product_a.dossiers.get()
    assert dossier.assisted and dossier.filed_by == personas.commune_a
