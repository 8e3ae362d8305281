"""What each product shows, stored on the product (registry.Product.standing_*; computed by the pure
ocop.certificates.standing), and the certificate tallies of its commune. Written only here: every
certificate write (issue, revocation, extension) ends in product_standings_refresh, and so does the
daily standings_roll task (docs/architecture.md, "Derived data")."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connections, router, transaction
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.certificates.selectors import standings_due
from ocop.certificates.standing import standing_on
from ocop.certificates.status import CertificateDates
from ocop.certificates.tally import tallies_refresh
from ocop.core.public_version import public_data_changed
from ocop.registry.models import Product

STANDING_FIELDS = ["standing_stars", "standing_from", "standing_until"]
STANDING_BATCH = 2000


@transaction.atomic
def product_standings_refresh(*, product_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Store on each product what it shows on TODAY and the window it holds for (derived data: the
    certificate's own service writes the audit event). PRODUCT_IDS None: every product due — its
    window has passed or a certificate of it was written around the services (the daily task, and
    after bulk loads). Returns the number of products whose standing changed. Every certificate
    write (issue, revocation, extension) ends here, so this is where the public data version moves
    (ocop.core.public_version)."""
    today = today or timezone.localdate()
    ids = sorted(standings_due(today) if product_ids is None else set(product_ids))
    changed = 0
    for start in range(0, len(ids), STANDING_BATCH):
        chunk = ids[start: start + STANDING_BATCH]
        # The tallies of the communes whose certificates changed (named products: a service wrote
        # them; else those written around the services), in this transaction.
        named = Product.objects.filter(pk__in=chunk)
        touched = named if product_ids is not None else Product.objects.filter(pk__in=Certificate.objects.filter(
            product_id__in=chunk, standing_applied=False).values("product_id"))
        tallies_refresh(unit_ids=touched.values_list("unit_id", flat=True))
        dates: defaultdict[int, list[CertificateDates]] = defaultdict(list)
        rows = Certificate.objects.filter(product_id__in=chunk).values_list(
            "product_id", "pk", "stars", "issued_on", "valid_until", "revoked_on", "extended_until")
        for product_id, pk, stars, issued_on, valid_until, revoked_on, extended_until in rows:
            dates[product_id].append(CertificateDates(pk, stars, issued_on, valid_until, revoked_on, extended_until))
        products = Product.objects.select_for_update().filter(pk__in=chunk).values_list("pk", *STANDING_FIELDS)
        updates = []
        for pk, *stored in products:
            standing = standing_on(dates[pk], today)
            if [standing.stars, standing.since, standing.until] != stored:
                updates.append((pk, standing.stars, standing.since, standing.until))
        standings_store(Product, updates)
        Certificate.objects.filter(product_id__in=chunk, standing_applied=False).update(standing_applied=True)
        changed += len(updates)
    if product_ids is not None or changed:  # a certificate of these products was written, or a standing moved
        public_data_changed()
    return changed


def standings_store(product_model, rows: list[tuple]) -> None:
    """Write ROWS (pk, stars, since, until) to PRODUCT_MODEL's standing columns: one UPDATE from a
    VALUES list per batch on PostgreSQL (bulk_update's CASE per row grows with the square of the
    batch), bulk_update elsewhere. Takes the model so that the migration storing the first
    standings can use it with its historical model."""
    using = router.db_for_write(product_model)
    if connections[using].vendor != "postgresql":
        now = timezone.now()  # the stars shown change: a change for the API's updated_since
        objects = [product_model(pk=pk, standing_stars=stars, standing_from=since, standing_until=until, updated_at=now)
                   for pk, stars, since, until in rows]
        product_model.objects.using(using).bulk_update(objects, [*STANDING_FIELDS, "updated_at"], batch_size=100)
        return
    table = connections[using].ops.quote_name(product_model._meta.db_table)
    for start in range(0, len(rows), STANDING_BATCH):
        batch = rows[start: start + STANDING_BATCH]
        values = ", ".join(["(%s::integer, %s::smallint, %s::date, %s::date)"] * len(batch))
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS p SET standing_stars = v.stars, standing_from = v.since, standing_until = v.until, "
                f"updated_at = %s FROM (VALUES {values}) AS v (id, stars, since, until) WHERE p.id = v.id",
                [timezone.now(), *(value for row in batch for value in row)],
            )
