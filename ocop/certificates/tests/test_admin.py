"""The certificates app's back-office and portal pages: what each scope sees, writes refused leave
the records as they are, issuing and revoking through the forms. The status of every route as every
persona is the permission matrix's (ocop/core/tests/test_permission_matrix.py); a case stays here
only when it checks more (content, a write, a scope filter, a date window)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from ocop.certificates.models import Certificate, Decision, Notification
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.rating.models import Council, CouncilMember, RatingRound, ScoreSheet
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 1)
STAFF = ["national", "province", "commune_a", "commune_b", "other_province", "auditor", "superuser"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def certificate(personas) -> Certificate:
    """A 4★ certificate of a commune A product, recognised by Đồng Nai."""
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Cà phê A Tằng", criteria_set="13")
    make_member(personas.producer, product.producer)
    _, [made] = issue([make_result(product)], actor=personas.province)
    return made


def visit(client, personas, persona, url, method="get", data=None):
    if persona is not None:
        client.force_login(getattr(personas, persona))
    return getattr(client, method)(url, data or {})


DETAIL_SCOPE = [("national", 200), ("province", 200), ("commune_a", 200), ("commune_b", 404),
                ("other_province", 404), ("auditor", 200), ("superuser", 200)]


@pytest.mark.parametrize(("persona", "status"), DETAIL_SCOPE)
def test_certificate_pdf_by_persona(client, personas, certificate, persona, status):
    response = visit(client, personas, persona, reverse("admin:certificates_certificate_download_pdf",
                                                        args=[certificate.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.parametrize(("persona", "status"), DETAIL_SCOPE)
def test_decision_page_by_persona(client, personas, certificate, persona, status):
    url = reverse("admin:certificates_decision_change", args=[certificate.decision.pk])
    response = visit(client, personas, persona, url)
    assert response.status_code == status
    if status == 200:
        assert "Cà phê A Tằng" in response.text


def test_a_central_decision_is_seen_by_the_province_of_its_product_only(client, personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_b, criteria_set="13"),
                         level="central", stars=5, average="93")
    decision, _ = issue([result], level=Decision.Level.CENTRAL, actor=personas.national)
    url = reverse("admin:certificates_decision_change", args=[decision.pk])
    for persona, status in [("province", 200), ("commune_b", 200), ("commune_a", 404), ("other_province", 404)]:
        assert visit(client, personas, persona, url).status_code == status, persona


@pytest.mark.parametrize("name", ["admin:certificates_certificate_change", "admin:certificates_decision_change"])
def test_auditor_gets_403_on_post_and_records_stay_as_they_are(client, personas, certificate, name):
    pk = certificate.decision.pk if "decision" in name else certificate.pk
    assert visit(client, personas, "auditor", reverse(name, args=[pk]), "post", {"stars": 5}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.stars == 4


def revocation_data(**extra):
    return {"revocation_ground": "mark_misuse", "revocation_finding_on": "2026-09-20", "revoked_on": "2026-10-01",
            "signer_name": "Võ Tấn Đức", "signer_title": "Phó Chủ tịch", "note": "", **extra}


def test_auditor_gets_403_on_revoke_post(client, personas, certificate):
    url = reverse("admin:certificates_certificate_revoke", args=[certificate.pk])
    assert visit(client, personas, "auditor", url, "post", revocation_data()).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_on is None


def test_the_province_revokes_through_the_form_and_is_warned_when_late(client, personas, certificate):
    url = reverse("admin:certificates_certificate_revoke", args=[certificate.pk])
    response = visit(client, personas, "province", url, "post", revocation_data(revocation_finding_on="2026-09-01"))
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_on == TODAY and certificate.revocation_ground == "mark_misuse"
    page = client.get(response["Location"])
    assert "quá 15 ngày" in page.text and "Đã thu hồi" in page.text
    assert "Quá hạn 15 ngày (hạn 16/09/2026)" in page.text
    assert visit(client, personas, "province", url).status_code == 403  # already revoked: no second time


def test_revoke_form_shows_field_errors(client, personas, certificate):
    url = reverse("admin:certificates_certificate_revoke", args=[certificate.pk])
    response = visit(client, personas, "province", url, "post", revocation_data(revocation_finding_on="2026-10-05"))
    assert response.status_code == 200 and "không thể sau ngày quyết định" in response.text


def test_issue_form_offers_only_results_in_scope_and_issues(client, personas):
    mine = make_result(ProductFactory(producer__unit=personas.units.commune_a, name="Mật ong Mã Đà",
                                      criteria_set="13"))
    theirs = make_result(ProductFactory(producer__unit=personas.units.hcm_commune, name="Bánh tráng Sài Gòn",
                                        criteria_set="13"))
    url = reverse("admin:certificates_decision_issue_decision")
    page = visit(client, personas, "province", url)
    assert "Mật ong Mã Đà" in page.text and "Bánh tráng Sài Gòn" not in page.text
    refused = client.post(url, {"issuer_level": "province", "issuer_unit": personas.units.dong_nai.pk,
                                "signed_on": "2026-10-01", "signer_name": "A", "results": [theirs.pk]})
    assert refused.status_code == 200 and not Decision.objects.exists()
    done = client.post(url, {"issuer_level": "province", "issuer_unit": personas.units.dong_nai.pk,
                             "signed_on": "2026-10-01", "signer_name": "A", "results": [mine.pk]})
    assert done.status_code == 302
    assert Decision.objects.get().number == "1/QĐ-UBND"


def test_auditor_gets_403_on_issue_post(client, personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))
    response = visit(client, personas, "auditor", reverse("admin:certificates_decision_issue_decision"), "post",
                     {"issuer_level": "central", "signed_on": "2026-10-01", "signer_name": "A", "results": [result.pk]})
    assert response.status_code == 403 and not Decision.objects.exists()


RERATING_SCOPE = [("commune_a", 200), ("superuser", 200), ("province", 403), ("national", 403), ("auditor", 403),
                  ("commune_b", 404), ("other_province", 404)]


@pytest.mark.parametrize(("persona", "status"), RERATING_SCOPE)
def test_rerating_form_by_persona_inside_the_window(client, personas, certificate, persona, status):
    url = reverse("admin:certificates_certificate_start_rerating", args=[certificate.pk])
    with time_machine.travel(certificate.valid_until - timedelta(days=150), tick=False):
        assert visit(client, personas, persona, url).status_code == status


def test_rerating_is_refused_outside_the_window(client, personas, certificate):
    url = reverse("admin:certificates_certificate_start_rerating", args=[certificate.pk])
    assert visit(client, personas, "commune_a", url).status_code == 403


def test_upgrade_by_the_commune_officer_creates_a_dossier(client, personas, certificate):
    url = reverse("admin:certificates_certificate_start_upgrade", args=[certificate.pk])
    response = visit(client, personas, "commune_a", url, "post", {"consent_note": "Chủ thể đồng ý ngày 30/09/2026"})
    assert response.status_code == 302, response.context["form"].errors
    dossier = certificate.product.dossiers.get(kind="upgrade")
    assert dossier.previous == certificate.result.dossier and dossier.assisted


@pytest.fixture
def rounds(personas):
    """A Đồng Nai round and a Hồ Chí Minh round, each with a council of three and sheets."""
    made = {}
    for key, unit, commune in [("dong_nai", personas.units.dong_nai, personas.units.commune_a),
                               ("hcm", personas.units.hcm, personas.units.hcm_commune)]:
        rating_round = RatingRound.objects.create(level="province", unit=unit, year=2026, sequence=1,
                                                  proposal_deadline=date(2026, 4, 30), rating_deadline=date(2026, 6, 30))
        council = Council.objects.create(round=rating_round, name=f"Hội đồng {unit.name}")
        members = [CouncilMember.objects.create(council=council, user=getattr(personas, p))
                   for p in ("national", "auditor", "superuser")]
        dossier = make_result(ProductFactory(producer__unit=commune, criteria_set="13")).dossier
        for member, total in zip(members, ("70.5", "72", "69"), strict=True):
            ScoreSheet.objects.create(dossier=dossier, member=member, total=total, submitted_at="2026-06-01T09:00Z")
        made[key] = rating_round
    return made


ANALYTICS_SCOPE = [("national", 200), ("province", 200), ("auditor", 200), ("superuser", 200),
                   ("other_province", 404), ("commune_a", 403), ("commune_b", 403)]


@pytest.mark.parametrize(("persona", "status"), ANALYTICS_SCOPE)
def test_council_analytics_by_persona(client, personas, rounds, persona, status):
    url = reverse("admin:rating_council_analytics") + f"?round={rounds['dong_nai'].pk}"
    response = visit(client, personas, persona, url)
    assert response.status_code == status
    if status == 200:
        assert "Hội đồng" not in response.text or "Đồng Nai" in response.text
        assert "3 phiếu chấm đã nộp" in response.text


def test_council_analytics_shows_only_rounds_in_scope(client, personas, rounds):
    page = visit(client, personas, "province", reverse("admin:rating_council_analytics"))
    assert "Đồng Nai" in page.text and "Hồ Chí Minh" not in page.text
    assert "3 phiếu chấm đã nộp" in page.text


def test_council_analytics_query_count_is_constant(client, personas, rounds, django_assert_num_queries):
    client.force_login(personas.national)
    url = reverse("admin:rating_council_analytics")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):  # more dossiers, sheets and members
        dossier = make_result(ProductFactory(producer__unit=personas.units.commune_b,
                                             criteria_set="13")).dossier
        for member in CouncilMember.objects.filter(council__round=rounds["dong_nai"]):
            ScoreSheet.objects.create(dossier=dossier, member=member, total=60 + i, submitted_at="2026-06-01T09:00Z")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_expiring_list_query_count_is_constant_and_exports(client, personas, django_assert_max_num_queries):
    def certify(n):
        for _ in range(n):
            issue([make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))],
                  signed_on=TODAY - timedelta(days=1000))

    certify(2)
    client.force_login(personas.province)
    url = reverse("admin:certificates_expiring")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.text.count("1/QĐ-UBND") + page.text.count("2/QĐ-UBND") == 2
    certify(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    export = client.get(url + "?within=180&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from datetime import datetime
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    row = next(sheet.iter_rows(min_row=3, max_row=3))  # cells from the one export helper: typed
    assert isinstance(row[4].value, int) and isinstance(row[6].value, datetime)
    assert row[6].number_format == "DD/MM/YYYY" and isinstance(row[8].value, int)
    assert isinstance(row[11].value, str) and row[11].number_format == "@"


def test_expiring_list_is_scoped(client, personas):
    issue([make_result(ProductFactory(producer__unit=personas.units.commune_b, name="Sữa bò Long Thành",
                                      criteria_set="13"))],
          signed_on=TODAY - timedelta(days=1000))
    assert "Sữa bò Long Thành" in visit(client, personas, "commune_b", reverse("admin:certificates_expiring")).text
    assert "Sữa bò Long Thành" not in visit(client, personas, "commune_a", reverse("admin:certificates_expiring")).text


def test_certificate_list_filters_by_computed_status(client, personas, certificate):
    issue([make_result(ProductFactory(producer__unit=personas.units.commune_a, name="Điều sấy giòn",
                                      criteria_set="13"))],
          signed_on=TODAY - timedelta(days=1000))
    client.force_login(personas.province)
    url = reverse("admin:certificates_certificate_changelist")
    expiring = client.get(url + "?status=expiring").text
    assert "Điều sấy giòn" in expiring and "Cà phê A Tằng" not in expiring
    assert "Cà phê A Tằng" in client.get(url + "?status=valid").text


def test_notifications_are_private_to_their_user(client, personas, certificate):
    mine = Notification.objects.get(user=personas.commune_a)
    theirs = Notification.objects.create(user=personas.commune_b, kind="issued", text="khác")
    client.force_login(personas.commune_a)
    page = client.get(reverse("admin:certificates_notification_changelist"))
    assert "Cà phê A Tằng" in page.text and "khác" not in page.text
    change = "admin:certificates_notification_change"
    assert client.get(reverse(change, args=[mine.pk])).status_code == 200
    assert client.get(reverse(change, args=[theirs.pk])).status_code == 404
    client.post(reverse("admin:certificates_notification_changelist"),
                {"action": "mark_read", "_selected_action": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


@pytest.mark.parametrize("persona", [*STAFF, "producer"])
def test_portal_notifications_page_for_everyone_logged_in(client, personas, certificate, persona):
    response = visit(client, personas, persona, reverse("portal:notifications"))
    assert response.status_code == 200
    assert ("Cà phê A Tằng" in response.text) == (persona in ("producer", "commune_a"))


def test_portal_notifications_anonymous_to_login_and_mark_read(client, personas, certificate):
    assert client.get(reverse("portal:notifications")).status_code == 302
    client.force_login(personas.producer)
    assert client.post(reverse("portal:notifications_read")).status_code == 302
    assert not Notification.objects.filter(user=personas.producer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=personas.commune_a, read_at__isnull=True).exists()


@pytest.mark.parametrize("name", ["admin:certificates_certificate_changelist", "admin:certificates_decision_changelist"])
def test_change_lists_use_a_constant_number_of_queries(client, personas, name, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def certify(n):
        for _ in range(n):
            issue([make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))])

    certify(2)
    client.force_login(personas.commune_a)
    url = reverse(name)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    certify(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_change_page_shows_the_status_label_not_a_pair(client, personas, certificate):
    response = visit(client, personas, "province", reverse("admin:certificates_certificate_change",
                                                           args=[certificate.pk]))
    assert response.status_code == 200
    assert "Còn hiệu lực" in response.text and "CertificateStatus." not in response.text
