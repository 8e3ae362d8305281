"""Evidence in front of the people who judge it (issue 13 item 7): the review page shows the
self-assessment beside the evidence; evidence opens in the browser from the dossier page, the
review page, the member's sheet and the portal, for those in scope only; the producer side
replaces a cited file while the dossier is a draft or returned, and nowhere else."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.criteria.sheets import get_set, leaf_criteria
from ocop.rating.evidence import assessment_rows
from ocop.rating.models import DossierEvidence
from ocop.rating.services import council
from ocop.rating.tests.factories import REGIME, SET, accepted_dossier, best_sheet, make_dossier
from ocop.rating.tests.test_views import get
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.models import Document
from ocop.registry.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
NEW_PDF = b"%PDF-1.7\nban quet moi\n%%EOF\n"
CRITERION = leaf_criteria(get_set(REGIME, SET))[0]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cite(dossier, code=CRITERION.code, **fields) -> Document:
    document = DocumentFactory(producer=dossier.product.producer, title="Giấy ATTP Hạt điều An",
                               sha256=hashlib.sha256(PDF).hexdigest(), **fields)
    DossierEvidence.objects.create(dossier=dossier, document=document, criterion_code=code)
    return document


def opened(client, user, document):
    response = get(client, user, document.file.url)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("inline")
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    return response.status_code


# --- Pure ------------------------------------------------------------------------------------------

def test_assessment_rows_put_each_document_beside_its_criterion():
    criteria_set = get_set(REGIME, SET)
    first, second = leaf_criteria(criteria_set)[:2]
    best = max(first.options, key=lambda o: o.points)
    evidence = [type("E", (), {"criterion_code": first.code, "document": "doc-1"})(),
                type("E", (), {"criterion_code": "", "document": "doc-2"})(),
                type("E", (), {"criterion_code": "zz", "document": "doc-3"})()]
    rows, general = assessment_rows(criteria_set, {first.code: best.code, second.code: "0"}, evidence)
    assert len(rows) == len(leaf_criteria(criteria_set))
    assert (rows[0].option, rows[0].points, rows[0].documents) == (best, best.points, ("doc-1",))
    assert rows[1].answered and rows[1].option is None and rows[1].points == 0
    assert not rows[2].answered and rows[2].documents == ()
    assert general == ["doc-2", "doc-3"]


# --- The review page -------------------------------------------------------------------------------

def test_the_review_page_shows_the_self_assessment_beside_the_evidence(client, personas, world):
    dossier = make_dossier(world.product_a, S.SUBMITTED, self_assessment=best_sheet(), self_total="100.00")
    document = cite(dossier)
    page = get(client, personas.commune_a, reverse("admin:rating_dossier_review", args=[dossier.pk]))
    assert page.status_code == 200
    best = max(CRITERION.options, key=lambda o: o.points)
    row = page.text.split(f'data-criterion="{CRITERION.code}"', 1)[1].split("</tr>", 1)[0]
    assert best.title in row and f"{best.points}/{CRITERION.max}" in row
    assert f'href="{document.file.url}"' in row and 'target="_blank"' in row and "Giấy ATTP Hạt điều An" in row
    assert re.search(r"data-self-total>100[.,]00<", page.text)
    assert opened(client, personas.commune_a, document) == 200


@pytest.mark.parametrize(("persona", "status"), [
    ("commune_a", 200), ("province", 200), ("national", 200), ("auditor", 200), ("producer", 200),
    ("commune_b", 404), ("other_province", 404), (None, 404),
])
def test_evidence_opens_only_in_scope(client, personas, world, persona, status):
    document = cite(make_dossier(world.product_a, S.SUBMITTED))
    assert opened(client, getattr(personas, persona) if persona else None, document) == status


def test_the_dossier_page_links_the_evidence(client, personas, world):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    document = cite(dossier)
    page = get(client, personas.province, reverse("admin:rating_dossier_change", args=[dossier.pk]))
    assert f'href="{document.file.url}"' in page.text


def test_the_members_sheet_links_the_evidence_and_the_member_opens_it(client, personas, world):
    dossier = accepted_dossier(world)
    document = cite(dossier)
    member = world.members[1]
    council.conflict_declare(dossier=dossier, level="province", actor=member, has_conflict=False)
    page = get(client, member, reverse("admin:rating_dossier_scoring", args=[dossier.pk, "province"]))
    assert page.status_code == 200 and f'href="{document.file.url}"' in page.text
    assert opened(client, member, document) == 200


# --- The portal ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["portal:dossier_detail", "portal:dossier_evidence"])
def test_the_producer_opens_own_uploads_from_the_portal(client, personas, world, name):
    dossier = make_dossier(world.product_a, S.DRAFT)
    document = cite(dossier)
    page = get(client, personas.producer, reverse(name, args=[dossier.pk]))
    assert f'href="{document.file.url}"' in page.text
    assert opened(client, personas.producer, document) == 200


def replace_url(dossier, evidence):
    return reverse("portal:dossier_evidence_replace", args=[dossier.pk, evidence.pk])


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_the_producer_replaces_a_file_while_the_dossier_is_editable(client, personas, world, status):
    dossier = make_dossier(world.product_a, status)
    document = cite(dossier)
    old_url, evidence = document.file.url, dossier.evidence.get()
    client.force_login(personas.producer)
    assert 'href="' + replace_url(dossier, evidence) + '"' in client.get(
        reverse("portal:dossier_evidence", args=[dossier.pk])).text
    response = client.post(replace_url(dossier, evidence),
                           {"file": SimpleUploadedFile("ban-quet-moi.pdf", NEW_PDF, "application/pdf")})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.original_name == "ban-quet-moi.pdf" and document.size == len(NEW_PDF)
    assert document.title == "Giấy ATTP Hạt điều An"  # the document keeps its fields and citations
    assert dossier.evidence.get().document_id == document.pk
    served = client.get(document.file.url)
    assert b"".join(served.streaming_content) == NEW_PDF
    assert client.get(old_url).status_code == 404  # no record holds the old name any more
    assert AuditEvent.objects.filter(action="document.replace", target_id=str(document.pk)).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Hãy chọn tệp để thay."),
    ({"file": SimpleUploadedFile("x.pdf", b"<html>khong phai tep</html>", "application/pdf")},
     "Tệp không đúng định dạng cho phép"),
    ({"file": SimpleUploadedFile("y.pdf", PDF, "application/pdf")}, "Tệp này đã được lưu"),
])
def test_a_bad_replacement_is_refused_with_a_message(client, personas, world, data, message):
    dossier = make_dossier(world.product_a, S.DRAFT)
    document = cite(dossier)
    before = (document.file.name, document.sha256)
    client.force_login(personas.producer)
    response = client.post(replace_url(dossier, dossier.evidence.get()), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["file"]) and message in response.text
    document.refresh_from_db()
    assert (document.file.name, document.sha256) == before


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PROPOSED, S.ACCEPTED])
def test_the_producer_cannot_replace_on_a_submitted_dossier(client, personas, world, status):
    dossier = make_dossier(world.product_a, status)
    document = cite(dossier)
    client.force_login(personas.producer)
    url = replace_url(dossier, dossier.evidence.get())
    page = client.get(url)
    assert page.status_code == 200 and 'id="not-editable"' in page.text and 'id="replace-form"' not in page.text
    response = client.post(url, {"file": SimpleUploadedFile("z.pdf", NEW_PDF, "application/pdf")})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.size != len(NEW_PDF)


def test_a_document_cited_by_a_submitted_dossier_is_not_replaced_from_a_draft(client, personas, world):
    submitted = make_dossier(world.product_a, S.SUBMITTED)
    document = cite(submitted)
    draft = make_dossier(world.product_a, S.DRAFT)
    evidence = DossierEvidence.objects.create(dossier=draft, document=document, criterion_code="")
    client.force_login(personas.producer)
    response = client.post(replace_url(draft, evidence),
                           {"file": SimpleUploadedFile("z.pdf", NEW_PDF, "application/pdf")})
    assert response.status_code == 200
    assert f"hồ sơ #{submitted.pk} đã nộp" in response.context["form"].errors["file"][0]
    document.refresh_from_db()
    assert document.size != len(NEW_PDF)


@pytest.mark.parametrize(("persona", "status"), [("commune_b", 404), ("other_province", 404), ("province", 404)])
def test_others_cannot_reach_the_replace_page(client, personas, world, persona, status):
    dossier = make_dossier(world.product_a, S.DRAFT)
    cite(dossier)
    url = replace_url(dossier, dossier.evidence.get())
    assert get(client, getattr(personas, persona), url).status_code == status
