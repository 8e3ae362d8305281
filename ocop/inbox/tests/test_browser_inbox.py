"""Browser: every demo back-office account logs in, lands on its task inbox, and each item of the
inbox opens the page where the work is done (never a 403/404 page). On the demo's data (real
units, `seed_demo`); a role whose demo inbox would be empty gets the missing record first."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.core.tests.browser import admin_login, seed_demo
from ocop.inbox.selectors import SECTIONS, inbox_keys
from ocop.rating.workflow import DossierStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEMS_OPENED_PER_ROLE = 3


def _dossier(unit, status, **fields):
    from ocop.rating.models import Dossier
    from ocop.registry.models import Producer, Product

    producer = Producer.objects.create(kind=Producer.Kind.HOUSEHOLD, name=f"Hộ mẫu {unit.name} {status}", unit=unit)
    product = Product.objects.create(producer=producer, unit=unit, name=f"Sản phẩm mẫu {status}", criteria_set="07")
    return Dossier.objects.create(product=product, unit=unit, year=timezone.localdate().year, criteria_set="07",
                                  status=status, submitted_at=timezone.now(), **fields)


def _fill_empty_inboxes():
    """The demo should give each role work; where it does not (yet), add one record so that the
    journey still proves the links."""
    from ocop.program.models import Department, DepartmentTask
    from ocop.rating.models import CouncilMember
    from ocop.territory.models import AdminUnit

    today = timezone.localdate()
    for assignment in RoleAssignment.objects.select_related("user", "unit").order_by("pk"):
        user, unit = assignment.user, assignment.unit
        if assignment.role == Role.COMMUNE_OFFICER and not SECTIONS["review"][1](user).exists():
            _dossier(unit, DossierStatus.SUBMITTED, review_due_on=today + timedelta(days=5))
        elif assignment.role == Role.PROVINCE_OFFICE and not SECTIONS["accept"][1](user).exists():
            commune = AdminUnit.objects.filter(parent=unit, level=AdminUnit.Level.COMMUNE).order_by("path").first()
            _dossier(commune, DossierStatus.PROPOSED, proposed_at=timezone.now())
        elif assignment.role == Role.DEPARTMENT_OFFICER and not SECTIONS["tasks"][1](user).exists():
            department = assignment.department or Department.objects.filter(unit=unit).first() or Department.objects.create(
                unit=unit, name="Sở Nông nghiệp và Môi trường")
            DepartmentTask.objects.create(unit=unit, title="Kiểm tra điểm bán OCOP", lead=department,
                                          deadline=today + timedelta(days=10))
    for seat in CouncilMember.objects.filter(role__in=CouncilMember.SCORING).select_related("user", "council__round"):
        rnd = seat.council.round
        if rnd.unit_id and not SECTIONS["sheets"][1](seat.user).exists():
            commune = AdminUnit.objects.filter(parent=rnd.unit, level=AdminUnit.Level.COMMUNE).order_by("path").first()
            _dossier(commune, DossierStatus.ACCEPTED, round=rnd)


def test_each_demo_role_lands_on_its_inbox_and_every_item_opens(live_server, page):
    seed_demo()
    _fill_empty_inboxes()
    base = live_server.url
    staff = User.objects.filter(is_staff=True, is_active=True, roles__isnull=False).distinct().order_by("username")
    seen_sections = set()
    for user in staff:
        keys = inbox_keys(user)
        page.context.clear_cookies()
        admin_login(page, base, user.username)
        expect(page.locator("h1.ocop-inbox-title")).to_have_text("Việc cần làm")
        for key in keys:
            expect(page.locator(f"#inbox-{key}")).to_be_visible()
        expect(page.locator("#all-apps")).to_be_attached()  # the app list stays reachable
        links = [a.get_attribute("href") for a in page.locator(".ocop-inbox-items a").all()]
        seen_sections.update(key for key in keys if page.locator(f"#inbox-{key} .ocop-inbox-items a").count())
        roles = set(user.roles.values_list("role", flat=True))
        if roles & {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICE, Role.DEPARTMENT_OFFICER} or "sheets" in keys:
            assert links, f"{user.username}: an empty inbox"
        for href in links[:ITEMS_OPENED_PER_ROLE]:
            response = page.goto(f"{base}{href}")
            assert response.status == 200, (user.username, href, response.status)
            expect(page.locator("body")).not_to_contain_text("Không tìm thấy trang")
            expect(page.locator("body")).not_to_contain_text("Không có quyền thực hiện")
        if roles & {Role.NATIONAL_OFFICE, Role.AUDITOR}:
            page.goto(f"{base}/admin/")
            page.click("text=Mở bảng theo dõi chỉ tiêu")
            expect(page.locator("#program-dashboard")).to_be_visible()
    # The demo's province office has dossiers to accept; council members have sheets to fill.
    assert {"review", "accept", "sheets", "tasks"} <= seen_sections
