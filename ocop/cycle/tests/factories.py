"""Factories for cycle tests: ideas, plans and implementations written directly, in any status (the
services are tested through themselves). Producers: ocop/registry/tests/factories.py."""

from datetime import date
from decimal import Decimal

import factory

from ocop.cycle.models import BusinessPlan, Implementation, ProductIdea
from ocop.cycle.workflow import IdeaStatus, PlanStatus
from ocop.registry.models import ProducerMember
from ocop.registry.tests.factories import HouseholdFactory


def member(user, producer) -> ProducerMember:
    return ProducerMember.objects.create(user=user, producer=producer)


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductIdea

    producer = factory.SubFactory(HouseholdFactory)
    year = 2026
    proposed_name = factory.Sequence(lambda n: f"Mứt chôm chôm {n}")
    criteria_set = "07"
    description = "Mứt chôm chôm sấy dẻo từ vườn nhà."
    expected_market = "Chợ Biên Hòa, siêu thị trong tỉnh"
    status = IdeaStatus.DRAFT


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessPlan

    idea = factory.SubFactory(IdeaFactory, status=IdeaStatus.ACCEPTED)
    summary = "Đầu tư máy sấy và bao bì."
    capital_own = Decimal("150000000")
    capital_loan = Decimal("100000000")
    status = PlanStatus.DRAFT


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation

    plan = factory.SubFactory(PlanFactory, status=PlanStatus.APPROVED)
    started_on = date(2026, 7, 1)
