"""Test data for the certificates app: producers, products, final rating results, decisions.

Results are written straight through the rating models (the rating workflow is tested in its own
app); decisions and certificates always go through this app's services.
"""

from datetime import date
from decimal import Decimal
from itertools import count

from django.utils import timezone

from ocop.certificates import services
from ocop.certificates.models import Certificate, Decision
from ocop.rating.models import Dossier, RatingResult
from ocop.rating.workflow import DossierStatus
from ocop.registry.models import Producer, ProducerMember, Product

_serial = count(1)


def make_producer(unit, name: str | None = None, **extra) -> Producer:
    n = next(_serial)
    return Producer.objects.create(
        kind=Producer.Kind.COOPERATIVE, name=name or f"Hợp tác xã Thử Nghiệm {n}", tax_code=f"{3600000000 + n}",
        unit=unit, **extra,
    )


def make_product(unit, name: str | None = None, producer: Producer | None = None, criteria_set: str = "13") -> Product:
    producer = producer or make_producer(unit)
    return Product.objects.create(
        producer=producer, unit=unit, name=name or f"Sản phẩm thử {next(_serial)}", criteria_set=criteria_set
    )


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
