"""The data behind the permission matrix: the standard personas, two council seats, and one record
of every kind the routes show, all in commune A of Đồng Nai (or in Đồng Nai itself where a record
belongs to a province). Commune B and the other province are then out of scope for every record.

Rows are written directly through the apps' test factories (fast); the matrix checks answers, not
workflows.
"""

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment
from ocop.api.tokens import api_token_create
from ocop.catalog.models import CatalogWithdrawal, FakeReport
from ocop.certificates.models import Notification
from ocop.certificates.tests.factories import certify
from ocop.core.audit import AuditAction, audit_record
from ocop.core.testing import Personas, make_personas, make_user
from ocop.cycle.models import Cycle, ProducerVerification, PublicityActivity
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    IndicatorValue,
    Plan,
    ReportJob,
    TrainingCourse,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services.plans import plan_ensure_periods
from ocop.promotion.models import EcommerceLink, Event, Participation, SalesPoint
from ocop.rating.models import CommuneReview, DossierEvidence, PublicHoliday
from ocop.rating.tests.factories import accepted_dossier, make_dossier, make_world
from ocop.registry.models import AddressChangeRequest, ProductPhoto
from ocop.registry.tests.factories import DocumentFactory, ProductFactory
from ocop.territory.models import UnitSuccession


@dataclass
class World:
    personas: Personas
    #: Admin object per model label ("registry.product" → the row).
    objects: dict = field(default_factory=dict)
    #: Other path values (dossier under scoring, period, milestone, uid ...).
    values: dict = field(default_factory=dict)
    council_member: object = None
    council_secretary: object = None
    department_officer: object = None


def build_world() -> World:
    personas = make_personas()
    units = personas.units
    rating = make_world(personas)
    world = World(personas, council_member=rating.members[1], council_secretary=rating.secretary)
    o = world.objects

    producer, product = rating.producer_a, rating.product_a
    o["registry.producer"] = producer
    o["registry.product"] = product
    o["registry.document"] = DocumentFactory(producer=producer)

    # Step 5: a draft dossier the producer may edit, an accepted one under the council.
    o["rating.dossier"] = accepted_dossier(rating)
    CommuneReview.objects.create(dossier=o["rating.dossier"], complete=True, conclusion="propose",
                                 issued_on=date(2026, 8, 10), report_number="05/BC-UBND")
    draft = world.values["draft_dossier"] = make_dossier(product)
    world.values["evidence"] = DossierEvidence.objects.create(
        dossier=draft, document=o["registry.document"], criterion_code="1a"
    )
    o["rating.ratinground"] = rating.round
    o["rating.council"] = rating.council
    o["rating.publicholiday"] = PublicHoliday.objects.create(date=date(2026, 9, 2), name="Quốc khánh")
    certificate = certify(product, stars=4)
    # A stored PDF, as the issuing task leaves it: downloads serve it instead of rendering each time.
    certificate.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    o["certificates.certificate"] = certificate
    o["certificates.decision"] = certificate.decision
    o["rating.ratingresult"] = certificate.result
    o["certificates.notification"] = Notification.objects.create(
        user=personas.producer, kind=Notification.Kind.ISSUED, text="Đã cấp giấy chứng nhận", certificate=certificate
    )
    world.values["uid"] = certificate.uid

    # Steps 1–4.
    o["cycle.cycle"] = Cycle.objects.create(unit=units.dong_nai, year=2026)
    o["cycle.publicityactivity"] = PublicityActivity.objects.create(
        unit=units.commune_a, kind=PublicityActivity.Kind.CONFERENCE, title="Hội nghị OCOP xã", date=date(2026, 3, 1)
    )
    o["cycle.producerverification"] = ProducerVerification.objects.create(producer=producer)
    idea = IdeaFactory(producer=producer)
    plan = PlanFactory(idea__producer=producer)
    implementation = ImplementationFactory(plan__idea__producer=producer)
    o["cycle.productidea"], o["cycle.businessplan"], o["cycle.implementation"] = idea, plan, implementation
    world.values["milestone"] = implementation.milestones.create(title="Lắp máy sấy", due=date(2026, 8, 1))

    # Trade promotion and the public catalog.
    event = Event.objects.create(name="Hội chợ OCOP Đồng Nai", organiser="Sở Công Thương", starts_on=date(2026, 5, 1),
                                 ends_on=date(2026, 5, 3), place="Biên Hòa", unit=units.commune_a)
    o["promotion.event"] = event
    o["promotion.participation"] = Participation.objects.create(event=event, producer=producer)
    o["promotion.salespoint"] = SalesPoint.objects.create(name="Điểm bán OCOP", address="Trấn Biên", unit=units.commune_a)
    o["promotion.ecommercelink"] = EcommerceLink.objects.create(
        product=product, platform=EcommerceLink.Platform.SHOPEE, url="https://shopee.vn/ocop-hat-dieu"
    )
    world.values["photo"] = ProductPhoto.objects.create(product=product, image="registry/photos/matrix.png")
    o["registry.addresschangerequest"] = AddressChangeRequest.objects.create(
        producer=producer, old_unit=producer.unit, unit=units.commune_a, address="Ấp 9", reason="Sai số nhà",
        requested_by=personas.producer,
    )
    o["catalog.fakereport"] = FakeReport.objects.create(
        unit=units.commune_a, where_seen="Chợ Biên Hòa", description="Nhãn OCOP giả trên hạt điều"
    )
    withdrawn = ProductFactory(producer=producer, name="Hạt điều tạm ẩn")
    certify(withdrawn, stars=3)
    o["catalog.catalogwithdrawal"] = CatalogWithdrawal.objects.create(product=withdrawn, reason="Đang xác minh")
    world.values["hidden_product"] = withdrawn

    # Program monitoring.
    department = Department.objects.create(unit=units.dong_nai, name="Sở Nông nghiệp và Môi trường")
    o["program.department"] = department
    world.department_officer = make_user("so_nnmt", Role.DEPARTMENT_OFFICER, units.dong_nai, department=department)
    o["program.departmenttask"] = DepartmentTask.objects.create(
        unit=units.dong_nai, lead=department, title="Thẩm định hồ sơ", deadline=timezone.localdate() + timedelta(days=30)
    )
    o["program.fundingline"] = FundingLine.objects.create(
        unit=units.commune_a, year=2026, source=FundingLine._meta.get_field("source").choices[0][0],
        title="Hỗ trợ bao bì", planned=Decimal("10000000")
    )
    program_plan = Plan.objects.create(unit=units.dong_nai, title="Kế hoạch OCOP 2026", starts_on=date(2026, 1, 1),
                                       ends_on=date(2026, 12, 31))
    plan_ensure_periods(plan=program_plan)
    o["program.plan"] = program_plan
    period = program_plan.periods.first()
    world.values["period"] = period
    period.closed_at = timezone.now()  # a closed period holds its frozen values
    period.save(update_fields=["closed_at"])
    o["program.indicatorvalue"] = IndicatorValue.objects.create(
        period=period, indicator="products_certified", generation="current", unit=units.dong_nai,
        numerator=Decimal(3), value=Decimal(3), closed_at=period.closed_at
    )
    o["program.reportjob"] = ReportJob.objects.create(
        unit=units.dong_nai, generation="current", year=2026, requested_by=personas.province
    )
    o["program.trainingrosterentry"] = TrainingRosterEntry.objects.create(
        unit=units.commune_a, category=TrainingRosterEntry._meta.get_field("category").choices[0][0],
        full_name="Nguyễn Văn Học", listed_on=date(2026, 1, 5)
    )
    course = TrainingCourse.objects.create(unit=units.commune_a, title="Tập huấn OCOP", starts_on=date(2026, 4, 1),
                                           ends_on=date(2026, 4, 2))
    o["program.trainingcourse"] = course
    o["program.trainingsession"] = TrainingSession.objects.create(course=course, date=date(2026, 4, 1), topic="Chu trình")

    # Reference data, accounts, audit.
    o["core.auditevent"] = audit_record(action=AuditAction.FILE_DOWNLOAD, unit=units.commune_a)
    o["territory.adminunit"] = units.commune_a
    o["territory.unitsuccession"] = UnitSuccession.objects.create(predecessor=units.old_commune, successor=units.commune_a)
    o["accounts.user"] = personas.commune_a
    o["accounts.roleassignment"] = RoleAssignment.objects.get(user=personas.commune_a)
    o["auth.group"] = Group.objects.create(name="Nhóm thử")
    o["api.apitoken"], _key = api_token_create(user=personas.province, name="matrix", actor=personas.province)
    o["django_tasks_database.dbtaskresult"] = _task_result()
    with suppress(LookupError):  # the second login step (accounts), on a user who is no persona
        o["accounts.totpdevice"] = apps.get_model("accounts", "TOTPDevice").objects.create(
            user=make_user("matrix_totp"), secret="JBSWY3DPEHPK3PXP"
        )
    return world


def _task_result():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="ocop.program.tasks.indicators_close",
        backend_name="default", run_after=timezone.now(), exception_class_path="", traceback="",
    )
