"""The notifications page is a portal page: the portal's header, not the public site's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_notifications_page_uses_the_portal_header(client, personas):
    client.force_login(personas.producer)
    response = client.get(reverse("portal:notifications"))
    assert response.status_code == 200
    header = response.text.split("</header>")[0]
    assert f'href="{reverse("portal:dossier_list")}"' in header
    assert f'action="{reverse("portal:logout")}"' in header
    assert f'href="{reverse("criteria:index")}"' not in header  # the public site's menu
