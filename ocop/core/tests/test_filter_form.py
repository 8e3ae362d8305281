"""The back-office reports' GET filter form, one include (core/admin/_filter_form.html): each
report shows its fields, the errors of a bad filter under the field, and its export button."""

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db

REPORTS = [
    # (url name, a bad filter, the field it is bad for, has an Excel export)
    ("admin:certificates_expiring", {"within": "7"}, "within", True),
    ("admin:cycle_funnel", {"year": "năm nay"}, "year", True),
    ("admin:rating_council_analytics", {"year": "1900"}, "year", False),
]


@pytest.mark.parametrize(("name", "bad", "field", "exports"), REPORTS, ids=[r[0] for r in REPORTS])
def test_report_filter_form_shows_fields_errors_and_export(client, personas, name, bad, field, exports):
    client.force_login(personas.superuser)
    good = client.get(reverse(name))
    content = good.content.decode()
    form = good.context["form"]
    assert content.count('<form method="get"') == 1
    for bound in form:
        assert f'<label for="{bound.id_for_label}"' in content and str(bound.label) in content
    assert ("format=xlsx" in content) is exports
    assert 'class="text-red-600"' not in content

    response = client.get(reverse(name), bad)
    errors = response.context["form"].errors
    assert list(errors) == [field]
    content = response.content.decode()
    for message in errors[field]:
        assert f'<p class="text-red-600">{escape(message)}</p>' in content
