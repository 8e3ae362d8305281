"""M-3: the national holiday calendar drives every province's working-day deadlines; only the
national office writes it."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.rating.models import PublicHoliday

pytestmark = pytest.mark.django_db

ADD = "admin:rating_publicholiday_add"
FORM = {"date": "2026-12-24", "name": "Nghỉ bù (tự đặt)", "is_working_day": ""}


@pytest.mark.parametrize("persona", ["province", "other_province", "commune_a", "auditor"])
def test_m3_only_the_national_office_adds_a_holiday(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.post(reverse(ADD), FORM).status_code == 403
    assert not PublicHoliday.objects.exists()


def test_m3_province_office_cannot_change_or_delete_a_holiday(client, personas):
    holiday = PublicHoliday.objects.create(date=date(2026, 9, 1), name="Quốc khánh (nghỉ thêm)")
    client.force_login(personas.province)
    change = reverse("admin:rating_publicholiday_change", args=[holiday.pk])
    assert client.post(change, {"date": "2026-09-03", "name": "Sửa", "is_working_day": ""}).status_code == 403
    delete = reverse("admin:rating_publicholiday_delete", args=[holiday.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    holiday.refresh_from_db()
    assert holiday.date == date(2026, 9, 1)


def test_m3_the_national_office_adds_one_and_a_bad_date_is_refused_in_vietnamese(client, personas):
    client.force_login(personas.national)
    assert client.post(reverse(ADD), FORM).status_code == 302
    assert PublicHoliday.objects.filter(date=date(2026, 12, 24)).exists()
    bad = client.post(reverse(ADD), {**FORM, "date": "24/13/2026"})
    assert bad.status_code == 200
    assert PublicHoliday.objects.count() == 1
