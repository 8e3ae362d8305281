"""Test data for the rating app: a world around the standard personas, answer sheets with
hand-computable totals on QĐ 26/2026 set 07 (every criterion's maximum adds up to 100), dossiers
and final results written directly. Producers and products: ocop/registry/tests/factories.py."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.core.testing import make_user
from ocop.criteria.sheets import get_set, leaf_criteria
from ocop.rating.models import Council, CouncilMember, Dossier, RatingResult, RatingRound
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.models import Producer, ProducerMember, Product
from ocop.registry.tests.factories import HouseholdFactory, ProductFactory

SET = "07"
REGIME = "qd26-2026"


def best_sheet(**zeros: str) -> dict[str, str]:
    """Every criterion at its highest option; criteria named in ZEROS get that option instead
    (use "0" for "no option applies"); keys are "c" + the code, "dd" for "đ": c4c, c1dd."""
    cs = get_set(REGIME, SET)
    answers = {c.code: max(c.options, key=lambda o: o.points).code for c in leaf_criteria(cs)}
    for key, value in zeros.items():
        code = key.removeprefix("c").replace("dd", "đ")
        assert code in answers, code
        answers[code] = value
    return answers


def make_dossier(product, status: str = S.DRAFT, **fields) -> Dossier:
    defaults = {"unit": product.unit, "year": 2026, "regime": REGIME, "criteria_set": product.criteria_set,
                "status": status, "samples_count": 5}
    defaults.update(fields)
    return Dossier.objects.create(product=product, **defaults)


@dataclass
class World:
    producer_a: Producer
    product_a: Product
    product_b: Product
    product_hcm: Product
    round: RatingRound
    council: Council
    secretary: object
    members: list
    seats: list


def make_world(personas) -> World:
    units = personas.units
    producer_a = HouseholdFactory(unit=units.commune_a, name="Hộ Nguyễn Văn An")
    ProducerMember.objects.create(user=personas.producer, producer=producer_a)
    product_a = ProductFactory(producer=producer_a, name="Hạt điều rang muối An")
    product_b = ProductFactory(producer=HouseholdFactory(unit=units.commune_b, name="Hộ Trần Thị Bình"),
                               name="Chuối sấy Bình")
    product_hcm = ProductFactory(producer=HouseholdFactory(unit=units.hcm_commune, name="Hộ Sài Gòn"),
                                 name="Mứt Sài Gòn")
    rnd = RatingRound.objects.create(level="province", unit=units.dong_nai, year=2026, sequence=2,
                                     proposal_deadline=date(2026, 10, 30), rating_deadline=date(2026, 12, 30))
    council = Council.objects.create(round=rnd, name="Hội đồng OCOP tỉnh Đồng Nai đợt 2/2026")
    secretary = make_user("thuky_test", Role.COUNCIL_SECRETARY, units.dong_nai)
    members = [make_user(f"hoidong_test{i}", Role.COUNCIL_MEMBER, units.dong_nai) for i in (1, 2, 3)]
    seats = [CouncilMember.objects.create(council=council, user=u, role=r)
             for u, r in zip(members, ["chair", "member", "member"], strict=True)]
    CouncilMember.objects.create(council=council, user=secretary, role="secretary")
    return World(producer_a, product_a, product_b, product_hcm, rnd, council, secretary, members, seats)


def accepted_dossier(world, product=None, **fields) -> Dossier:
    return make_dossier(product or world.product_a, S.ACCEPTED, round=world.round, submitted_at=timezone.now(),
                        self_assessment=best_sheet(), **fields)


class RatingResultFactory(factory.django.DjangoModelFactory):
    """A final result entered from the records (historical), as a certificate rests on."""

    class Meta:
        model = RatingResult

    class Params:
        province = factory.LazyAttribute(lambda o: o.product.unit.parent)

    product = factory.SubFactory(ProductFactory)
    level = RatingResult.Level.PROVINCE
    rated_by_unit = factory.LazyAttribute(
        lambda o: None if o.level == RatingResult.Level.CENTRAL else o.province)
    regime = "qd148-2023"
    criteria_set = factory.SelfAttribute("product.criteria_set")
    year = 2026
    stars = 4
    band_stars = factory.SelfAttribute("stars")
    average = factory.LazyAttribute(lambda o: Decimal(50 + o.stars * 8))
    is_historical = True
