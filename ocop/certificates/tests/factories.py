"""Test data for the certificates app, in two kinds:

- ``certify()`` (factory_boy: DecisionFactory, CertificateFactory): a certificate written directly,
  as from the records (a historical result and decision), for tests of what reads certificates
  (catalog, API, program indicators, pages). Fast; no service runs but the standing refresh.
- ``make_result()`` and ``issue()``: a final result of a dossier, then a decision and certificates
  through this app's services, for tests of the certificates workflow itself.

Producers and products: ocop/registry/tests/factories.py; historical results:
ocop/rating/tests/factories.py.
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from ocop.certificates import services
from ocop.certificates.lifecycle import valid_until_for
from ocop.certificates.models import Certificate, Decision
from ocop.rating.models import Dossier, RatingResult
from ocop.rating.tests.factories import RatingResultFactory
from ocop.rating.workflow import DossierStatus
from ocop.registry.models import Producer, ProducerMember, Product


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision from the records (historical): recognition by the province of ISSUER_UNIT."""

    class Meta:
        model = Decision

    issuer_level = Decision.Level.PROVINCE
    issuer_unit = None
    issuer_key = factory.LazyAttribute(
        lambda o: "central" if o.issuer_level == Decision.Level.CENTRAL else f"{o.issuer_level}:{o.issuer_unit.pk}")
    kind = Decision.Kind.RECOGNITION
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    year = factory.SelfAttribute("signed_on.year")
    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    signer_name = "Nguyễn Văn A"
    is_historical = True


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate on a historical result and decision; valid 36 months from ISSUED_ON."""

    class Meta:
        model = Certificate

    product = factory.SubFactory("ocop.registry.tests.factories.ProductFactory")
    stars = 4
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyAttribute(lambda o: valid_until_for(o.issued_on))
    result = factory.SubFactory(RatingResultFactory, product=factory.SelfAttribute("..product"),
                                stars=factory.SelfAttribute("..stars"),
                                year=factory.SelfAttribute("..issued_on.year"))
    # Recognised by the province of the product.
    decision = factory.SubFactory(DecisionFactory, signed_on=factory.SelfAttribute("..issued_on"),
                                  issuer_unit=factory.SelfAttribute("..product.unit.parent"))


def certify(product: Product, *, stars: int = 4, issued_on: date | None = None,
            valid_until: date | None = None,
            level: str = Decision.Level.PROVINCE, issuer_unit=None, decision: Decision | None = None,
            revoked: bool = False, revoked_on: date | None = None, refresh: bool = True) -> Certificate:
    """A certificate of PRODUCT issued on ISSUED_ON (30 days ago by default) by the province of the
    product (or ISSUER_UNIT, or the centre at LEVEL "central"), valid 36 months; REVOKED (yesterday)
    or REVOKED_ON a date by a revocation decision. REFRESH: what the product shows is brought up to
    date, as the certificates services do after every certificate they write (False: as a bulk load
    leaves it, for the daily task)."""
    fields = {"stars": stars, "result__level": level}
    if issued_on is not None:
        fields["issued_on"] = issued_on
    if valid_until is not None:
        fields["valid_until"] = valid_until
    if decision is not None:
        fields["decision"] = decision
    else:
        fields["decision__issuer_level"] = level
        if level == Decision.Level.CENTRAL:
            fields["decision__issuer_unit"] = None
        elif issuer_unit is not None:
            fields["decision__issuer_unit"] = issuer_unit
    certificate = CertificateFactory(product=product, **fields)
    if revoked or revoked_on:
        revoked_on = revoked_on or timezone.localdate() - timedelta(days=1)
        certificate.revoked_on = revoked_on
        certificate.revocation_decision = DecisionFactory(
            issuer_level=certificate.decision.issuer_level, issuer_unit=certificate.decision.issuer_unit,
            kind=Decision.Kind.REVOCATION, signed_on=revoked_on,
            number=factory.Sequence(lambda n: f"{n + 1}/QĐ-TH"),
        )
        certificate.revocation_ground = Certificate.Ground.STOPPED_PRODUCING
        certificate.save()
    if refresh:
        services.product_standings_refresh(product_ids=[product.pk])
    return certificate


def make_result(
    product: Product,
    *,
    level: str = RatingResult.Level.PROVINCE,
    stars: int = 4,
    average: str = "75.50",
    potential_5_star: bool = False,
    historical: bool = False,
    year: int = 2026,
    finalized: bool = True,
    dossier: Dossier | None = None,
) -> RatingResult:
    if dossier is None and not historical:
        dossier = Dossier.objects.create(
            product=product, unit=product.unit, year=year, criteria_set=product.criteria_set,
            status=DossierStatus.RATED, self_assessment={"1a": "3", "1b": "2", "x9": "1"},
        )
    return RatingResult.objects.create(
        product=product, dossier=dossier, level=level, regime="qd26-2026", criteria_set=product.criteria_set,
        year=year, average=Decimal(average), band_stars=stars, stars=stars, potential_5_star=potential_5_star,
        finalized_at=timezone.now() if finalized else None, is_historical=historical, members_count=3,
    )


def issue(results, *, unit=None, level: str = Decision.Level.PROVINCE, signed_on: date | None = None,
          actor=None, **extra) -> tuple[Decision, list[Certificate]]:
    """A decision through the service, and its certificates (as the background task makes them)."""
    if level != Decision.Level.CENTRAL and unit is None:
        unit = results[0].product.unit.parent
    decision = services.decision_issue(
        level=level, unit=unit, results=results, signed_on=signed_on or timezone.localdate(), actor=actor,
        signer_name="Võ Tấn Đức", signer_title="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", **extra,
    )
    return decision, services.certificates_issue(decision=decision)


def make_member(user, producer: Producer) -> ProducerMember:
    return ProducerMember.objects.create(user=user, producer=producer)
