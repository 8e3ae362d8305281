"""Certificate tallies (CertificateTally): the certificates grouped by commune and by the dates the
programme indicators judge them by, so that the dashboard and the indicator API sum a few rows per
commune instead of counting every certificate through its product, unit and decision.

* ``tally_rows`` (pure) turns certificates into rows: for each certificate, its product's earlier
  issue dates and the last day in force of its earlier certificates (see CertificateTally), then
  the certificates with equal values are counted together.
* ``tallies_refresh(unit_ids)`` recomputes the rows of some communes from their certificates, in
  the caller's transaction (the certificate services through product_standings_refresh, a
  product moved to another commune: registry.signals.product_moved, received in certificates.moves).
* ``tallies_rebuild()`` recomputes every row (after a bulk load: synth; ``manage.py
  certificate_tallies``); ``tallies_differences()`` compares the stored rows with a fresh
  computation (``--check``).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from ocop.certificates.models import Certificate, CertificateTally
from ocop.certificates.status import CertificateDates

FIELDS = ("unit_id", "stars", "level", "issued_on", "valid_until", "extended_until", "revoked_on", "earlier_any",
          "earlier_stars", "earlier_level", "earlier_both", "covered_until")
BATCH = 5000


def _product_rows(facts: list[CertificateDates]) -> Iterable[tuple]:
    """The rows of one product's certificates, in issue order (then creation order)."""
    latest: dict[tuple, date] = {}
    covered: date | None = None
    for fact in sorted(facts, key=lambda f: (f.issued_on, f.pk)):
        keys = ("any", ("stars", fact.stars), ("level", fact.level), ("both", fact.stars, fact.level))
        earlier = [latest.get(key) for key in keys]
        yield (fact.unit_id, fact.stars, fact.level, fact.issued_on, fact.valid_until, fact.extended_until,
               fact.revoked_on, *earlier, covered)
        for key in keys:
            latest[key] = fact.issued_on
        covered = fact.last_day_in_force if covered is None else max(covered, fact.last_day_in_force)


def tally_rows(facts: Iterable[CertificateDates]) -> Counter:
    """{row (FIELDS): number of certificates} of FACTS (every certificate of each product in it)."""
    by_product: dict[int, list[CertificateDates]] = defaultdict(list)
    for fact in facts:
        by_product[fact.product_id].append(fact)
    rows: Counter = Counter()
    for facts_of_product in by_product.values():
        rows.update(_product_rows(facts_of_product))
    return rows


def _facts(certificates) -> Iterable[CertificateDates]:
    values = certificates.order_by().values_list(  # in the order of CertificateDates' fields
        "pk", "stars", "issued_on", "valid_until", "revoked_on", "extended_until", "product_id", "product__unit_id",
        "decision__issuer_level",
    )
    return (CertificateDates(*row) for row in values.iterator(chunk_size=BATCH))


def _store(rows: Counter, tally_model=CertificateTally) -> None:
    objects = [tally_model(**dict(zip(FIELDS, row, strict=True)), n=n) for row, n in rows.items()]
    tally_model.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def tallies_refresh(*, unit_ids: Iterable[int]) -> None:
    """Recompute the rows of the communes UNIT_IDS from their products' certificates. The units'
    rows are locked first (in id order) so that two transactions refreshing one commune apply one
    after the other, each computing from what the other committed."""
    from ocop.territory.models import AdminUnit

    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    list(AdminUnit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    CertificateTally.objects.filter(unit_id__in=ids).delete()
    _store(tally_rows(_facts(Certificate.objects.filter(product__unit_id__in=ids))))


def _all_rows(certificate_model=Certificate) -> Counter:
    return tally_rows(_facts(certificate_model.objects.all()))


@transaction.atomic
def tallies_rebuild(certificate_model=Certificate, tally_model=CertificateTally) -> int:
    """Recompute every row; returns the number of rows stored. Takes the models so that the
    migration creating the table can fill it with its historical models."""
    rows = _all_rows(certificate_model)
    tally_model.objects.all().delete()
    _store(rows, tally_model)
    return len(rows)


def tallies_differences(limit: int = 20) -> list[str]:
    """The rows stored and computed differently (at most LIMIT, described); [] when equal."""
    stored: Counter = Counter()
    for *row, n in CertificateTally.objects.order_by().values_list(*FIELDS, "n").iterator(chunk_size=BATCH):
        stored[tuple(row)] += n
    computed = _all_rows()
    differences = []
    for row in sorted(set(stored) | set(computed), key=str):
        if stored[row] != computed[row]:
            differences.append(f"{dict(zip(FIELDS, row, strict=True))}: stored {stored[row]}, computed {computed[row]}")
            if len(differences) >= limit:
                break
    return differences
