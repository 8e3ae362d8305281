"""The producer portal: a neighbour's records, and the main flows. The status of every route as every
persona is the permission matrix's (ocop/core/tests/test_permission_matrix.py)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.core.models import AuditEvent
from ocop.core.testing import PASSWORD
from ocop.cycle.models import ProducerVerification, ProductIdea
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.cycle.workflow import IdeaStatus, PlanStatus, VerificationStatus
from ocop.registry.models import Document, Producer, ProducerMember
from ocop.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

OWN_VISIBLE = {"producer": 200, "commune_a": 200, "province": 200, "national": 200, "auditor": 200,
               "superuser": 200, "commune_b": 404, "other_province": 404}
NEIGHBOUR_VISIBLE = {**OWN_VISIBLE, "producer": 404}


@pytest.fixture
def files(world):
    """One record of every kind for producer A (the producer persona's) and its neighbour A2."""
    out = {}
    for key, producer in (("own", world.a), ("neighbour", world.a2)):
        implementation = ImplementationFactory(plan__idea__producer=producer)
        out[key] = {
            "producer": producer,
            "idea": IdeaFactory(producer=producer, status=IdeaStatus.SUBMITTED),
            "plan": PlanFactory(idea__producer=producer, status=PlanStatus.SUBMITTED),
            "implementation": implementation,
        }
    ProducerVerification.objects.create(producer=world.a2)
    return out


def page_urls(records):
    return [
        reverse("portal:producer_detail", args=[records["producer"].pk]),
        reverse("portal:idea_detail", args=[records["idea"].pk]),
        reverse("portal:plan_detail", args=[records["plan"].pk]),
        reverse("portal:implementation_detail", args=[records["implementation"].pk]),
    ]


@pytest.mark.parametrize("persona", list(NEIGHBOUR_VISIBLE))
def test_a_neighbours_pages_by_persona(client, personas, files, persona):
    """A neighbour in the producer's own commune: hidden from the producer, not from its officers
    (the matrix has one producer per commune)."""
    client.force_login(getattr(personas, persona))
    for url in page_urls(files["neighbour"]):
        assert client.get(url).status_code == NEIGHBOUR_VISIBLE[persona], (url, persona)


WRITES = [
    ("portal:idea_create", "producer", {"proposed_name": "x"}),
    ("portal:document_create", "producer", {}),
    ("portal:idea_update", "idea", {"proposed_name": "x"}),
    ("portal:idea_move", "idea", {"reason": "x"}),
    ("portal:plan_create", "idea", {"summary": "x"}),
    ("portal:plan_update", "plan", {"summary": "x"}),
    ("portal:plan_move", "plan", {"reason": "x"}),
    ("portal:implementation_detail", "implementation", {"milestone-title": "x"}),
    ("portal:implementation_move", "implementation", {"reason": "x"}),
]


@pytest.mark.parametrize(("name", "key", "data"), WRITES)
def test_a_producer_writing_to_a_neighbour_gets_404(client, personas, files, name, key, data):
    client.force_login(personas.producer)
    assert client.post(reverse(name, kwargs=_kwargs(name, files["neighbour"][key])), data).status_code == 404


def _kwargs(name, obj):
    kwargs = {"pk": obj.pk}
    if name.endswith("_move"):
        kwargs["to"] = {"portal:idea_move": "accepted", "portal:plan_move": "under_review",
                        "portal:implementation_move": "completed"}[name]
    return kwargs


# --- Registration and verification ---------------------------------------------------------------

def registration(personas, **extra):
    return {
        "username": "hochetam", "full_name": "Lê Văn Tám", "email": "tam@example.org", "phone": "0912345678",
        "password1": "mat-khau-rat-manh-2026", "password2": "mat-khau-rat-manh-2026",
        "kind": Producer.Kind.HOUSEHOLD, "name": "Hộ kinh doanh Lê Văn Tám", "tax_code": "",
        "rep_name": "Lê Văn Tám", "unit": personas.units.commune_b.pk, "address": "Ấp 3", **extra,
    }


def test_a_producer_registers_and_waits_for_verification(client, personas):
    assert client.get(reverse("portal:register")).status_code == 200
    response = client.post(reverse("portal:register"), registration(personas))
    assert response.status_code == 302, response.text[:3000]
    user = User.objects.get(username="hochetam")
    producer = Producer.objects.get(name="Hộ kinh doanh Lê Văn Tám")
    assert producer.unit == personas.units.commune_b
    assert ProducerMember.objects.filter(user=user, producer=producer).exists()
    assert RoleAssignment.objects.filter(user=user, role=Role.PRODUCER, unit=personas.units.commune_b).exists()
    assert not user.is_staff
    assert producer.verification.status == VerificationStatus.PENDING
    assert AuditEvent.objects.filter(action="producer.register", actor=user).exists()
    page = client.get(response["Location"])
    assert "Chờ xác minh" in page.text
    assert client.get(reverse("portal:idea_create", args=[producer.pk])).status_code == 200
    refused = client.post(reverse("portal:idea_create", args=[producer.pk]), {
        "proposed_name": "Mắm cá linh", "criteria_set": "09", "description": "Mắm cá linh Long Thành"})
    assert refused.status_code == 200 and "chưa được cán bộ xã xác minh" in refused.text

    client.force_login(personas.commune_b)
    verify = reverse("portal:verification_move", args=[producer.pk, "verified"])
    assert client.post(verify, {"reason": ""}).status_code == 302
    producer.verification.refresh_from_db()
    assert producer.verification.status == VerificationStatus.VERIFIED

    client.force_login(user)
    created = client.post(reverse("portal:idea_create", args=[producer.pk]), {
        "proposed_name": "Mắm cá linh", "criteria_set": "09", "description": "Mắm cá linh Long Thành"})
    assert created.status_code == 302
    assert ProductIdea.objects.get(producer=producer).status == IdeaStatus.DRAFT


def test_registration_does_not_reveal_other_producers(client, personas, world):
    world.b.tax_code = "3600123456"
    world.b.save()
    response = client.post(reverse("portal:register"), registration(personas, tax_code="3600123456",
                                                                     kind=Producer.Kind.SME))
    assert response.status_code == 200
    assert "liên hệ cán bộ OCOP xã" in response.text and world.b.name not in response.text
    assert not User.objects.filter(username="hochetam").exists()


def test_registration_validates_the_account(client, personas):
    response = client.post(reverse("portal:register"), registration(personas, password2="khac"))
    assert response.status_code == 200 and not User.objects.filter(username="hochetam").exists()


def test_commune_search_is_diacritic_insensitive(client, personas):
    response = client.get(reverse("portal:commune_options"), {"commune_search": "long thanh"})
    assert response.status_code == 200
    assert f'value="{personas.units.commune_b.pk}"' in response.text
    assert "Trấn Biên" not in response.text


def test_the_officer_verification_buttons_and_the_producer_cannot_verify_itself(client, personas, files, world):
    client.force_login(personas.commune_a)
    page = client.get(reverse("portal:producer_detail", args=[world.a2.pk])).text
    assert reverse("portal:verification_move", args=[world.a2.pk, "verified"]) in page
    ProducerMember.objects.create(user=personas.producer, producer=world.a2)
    client.force_login(personas.producer)
    url = reverse("portal:verification_move", args=[world.a2.pk, "verified"])
    assert client.post(url).status_code == 403


# --- Ideas, plans, implementation ------------------------------------------------------------------

def test_producer_submits_and_sees_the_officers_reason(client, personas, world):
    client.force_login(personas.producer)
    response = client.post(reverse("portal:idea_create", args=[world.a.pk]), {
        "proposed_name": "Hạt điều rang muối", "criteria_set": "07", "description": "Điều Bình Phước",
        "expected_market": "Siêu thị"})
    idea = ProductIdea.objects.get(proposed_name="Hạt điều rang muối")
    assert response["Location"] == reverse("portal:idea_detail", args=[idea.pk])
    page = client.get(response["Location"]).text
    assert reverse("portal:idea_move", args=[idea.pk, "submitted"]) in page
    sent = client.post(reverse("portal:idea_move", args=[idea.pk, "submitted"]))
    assert sent.status_code == 302, sent.text[sent.text.find("form-errors"):][:800]
    assert client.post(reverse("portal:idea_update", args=[idea.pk]), {}).status_code == 200  # not editable now

    client.force_login(personas.commune_a)
    move = reverse("portal:idea_move", args=[idea.pk, "returned"])
    assert client.post(move, {"reason": ""}).status_code == 200  # the reason is required
    assert client.post(move, {"reason": "Cần bổ sung nguồn nguyên liệu"}).status_code == 302

    client.force_login(personas.producer)
    page = client.get(reverse("portal:idea_detail", args=[idea.pk])).text
    assert "Cần bổ sung nguồn nguyên liệu" in page and "Trả lại để bổ sung" in page
    assert reverse("portal:idea_update", args=[idea.pk]) in page
    # A stale move (already handled) is 422 with the current status (403 is for a move the role may not make).
    stale = client.post(reverse("portal:idea_move", args=[idea.pk, "accepted"]))
    assert stale.status_code == 422 and "Không thể chuyển từ «Trả lại để bổ sung»" in stale.text
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.RETURNED


def test_commune_officer_acts_in_assisted_mode_with_consent(client, personas, world):
    client.force_login(personas.commune_a)
    url = reverse("portal:idea_create", args=[world.a2.pk])
    form = client.get(url).text
    assert "consent_note" in form
    data = {"proposed_name": "Bánh tráng", "criteria_set": "06", "description": "Bánh tráng phơi sương"}
    assert client.post(url, data).status_code == 200
    response = client.post(url, {**data, "consent_recorded": "on", "consent_note": "Chủ hộ đồng ý tại UBND xã"})
    assert response.status_code == 302
    idea = ProductIdea.objects.get(proposed_name="Bánh tráng")
    assert idea.assisted and idea.created_by == personas.commune_a
    client.force_login(personas.producer)  # the form of a producer for itself has no consent fields
    assert "consent_note" not in client.get(reverse("portal:idea_create", args=[world.a.pk])).text


def test_plan_flow_in_the_portal(client, personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.ACCEPTED)
    client.force_login(personas.producer)
    assert reverse("portal:plan_create", args=[idea.pk]) in client.get(
        reverse("portal:idea_detail", args=[idea.pk])).text
    response = client.post(reverse("portal:plan_create", args=[idea.pk]), {
        "summary": "Mua máy rang", "capital_own": "100000000", "capital_loan": "50000000", "capital_state": "0",
        "capital_other": "0", "timeline": "Quý 3", "market_plan": "Chợ đầu mối"})
    assert response.status_code == 302, response.text[:2000]
    plan = idea.plans.get()
    assert "150.000.000 đ" in client.get(response["Location"]).text
    assert client.post(reverse("portal:plan_move", args=[plan.pk, "submitted"])).status_code == 302
    client.force_login(personas.province)
    assert client.post(reverse("portal:plan_move", args=[plan.pk, "under_review"])).status_code == 302
    assert client.post(reverse("portal:plan_move", args=[plan.pk, "approved"])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    implementation = plan.implementation
    client.force_login(personas.producer)
    url = reverse("portal:implementation_detail", args=[implementation.pk])
    added = client.post(url, {"milestone-title": "Lắp máy rang", "milestone-due": "2026-09-01"})
    assert added.status_code == 302
    milestone = implementation.milestones.get()
    assert client.post(reverse("portal:milestone_done", args=[implementation.pk, milestone.pk])).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is not None


def test_document_upload_goes_to_the_registry_locker(client, personas, world):
    client.force_login(personas.producer)
    url = reverse("portal:document_create", args=[world.a.pk])
    pdf = SimpleUploadedFile("attp.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf")
    response = client.post(url, {"kind": Document.Kind.FOOD_SAFETY, "number": "12/ATTP", "file": pdf})
    assert response.status_code == 302, response.text[:2000]
    assert Document.objects.get(producer=world.a).number == "12/ATTP"
    fake = SimpleUploadedFile("virus.pdf", BytesIO(b"MZ not a pdf").read(), content_type="application/pdf")
    rejected = client.post(url, {"kind": Document.Kind.OTHER, "file": fake})
    assert rejected.status_code == 200 and Document.objects.count() == 1


def test_login_and_logout_pages(client, personas, world):
    assert client.get(reverse("portal:login")).status_code == 200
    response = client.post(reverse("portal:login"), {"username": "producer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:producer_detail", args=[world.a.pk])
    assert client.post(reverse("portal:logout")).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302


def test_home_sends_officers_to_their_producers(client, personas, world):
    client.force_login(personas.commune_a)
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:producer_list")
    listing = client.get(reverse("portal:producer_list"), {"q": "nguyen van"}).text
    assert world.a2.name in listing and world.a.name not in listing and world.b.name not in listing


def test_portal_pages_keep_the_strict_csp(client, personas):
    response = client.get(reverse("portal:register"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
    assert "<script src=" in response.text and "django_htmx" in response.text


@pytest.mark.parametrize("persona", ["producer", "commune_a"])
def test_producer_page_query_count_does_not_grow_with_records(client, personas, world, persona):
    client.force_login(getattr(personas, persona))
    url = reverse("portal:producer_detail", args=[world.a.pk])
    ImplementationFactory(plan__idea__producer=world.a)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        ImplementationFactory(plan__idea__producer=world.a)
        IdeaFactory(producer=world.a, status=IdeaStatus.RETURNED, status_note="Bổ sung")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]
    print(f"producer page ({persona}): {len(many.captured_queries)} queries")


def test_producer_list_query_count_does_not_grow(client, personas, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.province)
    url = reverse("portal:producer_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        ProducerVerification.objects.create(producer=HouseholdFactory(unit=personas.units.commune_b,
                                                                      name=f"Hộ {i}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    print(f"producer list: {len(many.captured_queries)} queries")
