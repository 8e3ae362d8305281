"""Products and their rating stories.

Each producer has one product or more; RECOGNISED products hold a certificate in force today,
CANDIDATES do not (rated below 3★, rejected, withdrawn, or still in the pipeline). A story is the
list of a product's rating attempts, planned here and written by the rating phase:

* ``dossier`` — a dossier through a province round (QĐ 148 before 22/05/2026, QĐ 26 after; filed
  under the old commune before 01/07/2025);
* ``district`` — a historical 3★ result of a former district council (QĐ 148, before 07/2025);
* ``hist1048`` — a historical province result under QĐ 1048 (before 24/02/2023), whose
  certificate has expired; the product is then re-rated (dossier kind "rerating").

Upgrades (a 3★ recognition, then 4★) and earlier failed attempts fill the national number of
dossiers.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import accumulate

from ocop.certificates.lifecycle import add_months
from ocop.lib.text import fold
from ocop.ops.synth import names
from ocop.ops.synth.context import QD148_FROM, REFORM, Context, at, days
from ocop.ops.synth.producers import SET_WEIGHTS, TOURISM_ONLY
from ocop.ops.synth.rounds import Round, Rounds
from ocop.registry.models import Product, ProductCodeCounter
from ocop.registry.services import format_product_code

RANKS = ((3, 62), (4, 36), (5, 2))
# Final status of candidates' last dossier, with weights. "rated" means rated below 3★.
CANDIDATE_OUTCOMES = (("rated", 30), ("rejected", 10), ("withdrawn", 8), ("draft", 8), ("submitted", 10),
                      ("returned", 6), ("proposed", 8), ("accepted", 20))
VARIANTS = ("", " đặc biệt", " hảo hạng", " loại 1", " hộp quà", " truyền thống", " hữu cơ", " cao cấp")
COLUMNS = ("id", "producer_id", "unit_id", "name", "criteria_set", "description", "story", "ocop_code",
           "is_active", "search_text", "created_at", "updated_at")


@dataclass(slots=True)
class Attempt:
    kind: str  # "dossier" | "district" | "hist1048"
    product: "SynthProduct"
    round: Round | None = None
    dossier_kind: str = "first"
    rank: int = 0  # target stars; 0: below 3★
    outcome: str = "recognised"
    decided_on: date | None = None  # historical results: the decision's day
    previous: "Attempt | None" = None
    dossier_id: int | None = None
    sort_day: date | None = None


@dataclass(slots=True)
class SynthProduct:
    id: int
    producer: object
    name: str
    criteria_set: str
    recognised: bool
    attempts: list = field(default_factory=list)
    code: str = ""
    created: date | None = None

    @property
    def commune(self):
        return self.producer.commune


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _names_for(rng, producer, criteria_set, taken: set) -> str:
    base = rng.choice(names.PRODUCTS[criteria_set])
    place = producer.commune.name if rng.random() < 0.55 else rng.choice(names.BRAND_WORDS)
    for variant in VARIANTS:
        name = f"{base} {place}{variant}"
        if name not in taken:
            taken.add(name)
            return name
    name = f"{base} {place} {len(taken) + 1}"
    taken.add(name)
    return name


def _products(ctx: Context, rng) -> list[SynthProduct]:
    counts = ctx.counts
    total = counts.recognised + counts.candidates
    producers = ctx.producers
    owners = list(producers[:total])
    if total > len(producers):
        weights = [3 if p.kind in {"dn", "htx", "lhhtx"} else 1 for p in producers]
        owners += rng.choices(producers, weights=weights, k=total - len(producers))
    rng.shuffle(owners)
    sets, set_weights = zip(*((s, w) for s, w in SET_WEIGHTS.items() if s != "26"), strict=True)
    ids = ctx.sink.ids(Product, total)
    taken: dict[int, set] = {}
    made = []
    for n, (pid, producer) in enumerate(zip(ids, owners, strict=True)):
        if producer.kind in TOURISM_ONLY or producer.main_set == "26" or rng.random() < 0.75:
            criteria_set = producer.main_set
        else:
            criteria_set = rng.choices(sets, set_weights)[0]
        name = _names_for(rng, producer, criteria_set, taken.setdefault(producer.id, set()))
        product = SynthProduct(pid, producer, name, criteria_set, recognised=n < counts.recognised)
        producer.products.append(product)
        made.append(product)
    return made


@cache
def _cumulative(n: int) -> tuple[int, ...]:
    return tuple(accumulate(range(1, n + 1)))


def _recognised_story(ctx, rng, product, rounds: Rounds, window_start: date) -> None:
    commune = product.commune
    in_force = rounds.closed(commune.province, after=window_start)
    rnd = rng.choices(in_force, cum_weights=_cumulative(len(in_force)))[0]  # recent rounds recognise more
    if rnd.decision_on < REFORM and commune.legacy and rng.random() < 0.4:
        product.attempts.append(Attempt("district", product, rnd, rank=3, decided_on=rnd.decision_on))
        return
    rank = _pick(rng, RANKS)
    if rnd.decision_on < REFORM and rank == 3 and rng.random() < 0.6:
        rank = 4  # under QĐ 148 the province recognised 4★, the district 3★
    central = rounds.central.get((rnd.year, rnd.sequence))
    if rank == 5 and (central is None or central.decision_on >= ctx.today or central.council_id is None):
        rank = 4
    current = Attempt("dossier", product, rnd, rank=rank)
    earlier = [r for r in in_force if r.decision_on < rnd.proposal_deadline]
    if earlier and rank >= 4 and rng.random() < 0.2:
        first = Attempt("dossier", product, rng.choice(earlier), rank=3)
        product.attempts.append(first)
        current.dossier_kind, current.previous = "upgrade", first
    elif rng.random() < 0.15:
        year = rng.randint(2019, 2022)
        day = date(year, rng.randint(3, 12), rng.randint(1, 28))
        if day < QD148_FROM and commune.legacy:
            product.attempts.append(Attempt("hist1048", product, None, rank=rng.choice((3, 3, 4)), decided_on=day))
            current.dossier_kind = "rerating"
    product.attempts.append(current)


def _candidate_story(ctx, rng, product, rounds: Rounds) -> None:
    province = product.commune.province
    outcome = _pick(rng, CANDIDATE_OUTCOMES)
    upcoming = rounds.upcoming(province)
    if outcome in {"proposed", "accepted"} and upcoming and upcoming[0].council_id is None:
        outcome = "proposed" if outcome == "proposed" else "submitted"
    if outcome in {"rated", "rejected"}:
        rnd = rng.choice(rounds.closed(province))
    elif outcome in {"proposed", "accepted"} and upcoming:
        rnd = upcoming[0]
    else:
        rnd = None
    if outcome in {"proposed", "accepted"} and rnd is None:
        outcome = "submitted"
    rank = rng.choice((3, 3, 4)) if outcome in {"proposed", "accepted"} else 0
    product.attempts.append(Attempt("dossier", product, rnd, rank=rank, outcome=outcome))


def _fill_failed(ctx, rng, products, rounds: Rounds, wanted: int) -> int:
    """Earlier failed dossiers (rated below 3★) until the number of dossiers is reached."""
    added, tries = 0, 0
    while added < wanted and tries < wanted * 5:
        tries += 1
        product = rng.choice(products)
        first = product.attempts[0]
        before = first.round.proposal_deadline if first.round else ctx.today
        if first.kind == "hist1048":
            continue
        options = [r for r in rounds.closed(product.commune.province) if r.decision_on < before]
        if not options:
            continue
        product.attempts.insert(0, Attempt("dossier", product, rng.choice(options), rank=0, outcome="rated"))
        added += 1
    return added


def _first_day(ctx, attempt: Attempt) -> date:
    if attempt.decided_on:
        return attempt.decided_on - days(150)
    if attempt.round:
        return attempt.round.proposal_deadline - days(120)
    return ctx.today - days(60)


def generate(ctx: Context, rounds: Rounds) -> None:
    rng = ctx.rng("products")
    products = _products(ctx, rng)
    window_start = add_months(ctx.today, -36) + days(7)
    for product in products:
        if product.recognised:
            _recognised_story(ctx, rng, product, rounds, window_start)
        else:
            _candidate_story(ctx, rng, product, rounds)
    dossiers = sum(a.kind == "dossier" for p in products for a in p.attempts)
    added = _fill_failed(ctx, rng, products, rounds, ctx.counts.dossiers - dossiers)
    counters: dict[tuple[int, int], int] = {}
    rows = []
    for product in products:
        first = product.attempts[0]
        created = product.created = _first_day(ctx, first)
        # The code's year is the year of the (first) evaluation, "Năm đánh giá", not of the filing.
        year = first.round.year if first.round else (first.decided_on or created).year
        commune = product.commune
        serial = counters[(commune.id, year)] = counters.get((commune.id, year), 0) + 1
        product.code = format_product_code(province_code=commune.province.code, commune_code=commune.code,
                                           serial=serial, year=year)
        producer = product.producer
        description = (f"{product.name}: sản phẩm của {producer.name}, sản xuất tại {commune.name}, "
                       f"{commune.province.name}.")
        rows.append((product.id, producer.id, commune.id, product.name, product.criteria_set, description, "",
                     product.code, True, fold(f"{product.name} {producer.name} {product.code}"),
                     at(created), at(created)))
    ctx.product_rows = rows  # written after the certificates: see write()
    counter_ids = ctx.sink.ids(ProductCodeCounter, len(counters))
    ctx.sink.write(ProductCodeCounter, ("id", "unit_id", "year", "last_serial"),
                   ((cid, unit, year, last) for cid, ((unit, year), last) in zip(counter_ids, counters.items(),
                                                                                  strict=True)))
    ctx.products = products
    ctx.progress(f"sản phẩm: {len(products):,} ({ctx.counts.recognised:,} được công nhận), "
                 f"hồ sơ dự kiến: {dossiers + added:,}")


def write(ctx: Context, standings: dict | None) -> None:
    """Write the products, with what each shows today (registry.Product.standing_*, kept by
    ocop.certificates) when the model has those fields: STANDINGS {product id: Standing}."""
    if standings is None:
        ctx.sink.write(Product, COLUMNS, ctx.product_rows)
    else:
        none = (None, date.min, date.max)
        ctx.sink.write(Product, (*COLUMNS, "standing_stars", "standing_from", "standing_until"), (
            (*row, *((s.stars, s.since, s.until) if (s := standings.get(row[0])) else none))
            for row in ctx.product_rows
        ))
    ctx.product_rows = []
    ctx.progress(f"ghi sản phẩm: {len(ctx.products):,}")
