"""Producers (chủ thể OCOP): every current commune has at least one; the rest go to rural
communes more than to wards. Kinds, representatives and workforce in plausible proportions."""

from dataclasses import dataclass
from datetime import date

from ocop.lib.text import fold
from ocop.ops.synth import names
from ocop.ops.synth.context import Context, at, days
from ocop.ops.synth.units import Commune
from ocop.registry.models import Producer

KINDS = (("htx", 30), ("dn", 29), ("ho", 28), ("tht", 4), ("trang_trai", 5), ("lhhtx", 1), ("hoi", 2), ("bql", 1))
TOURISM_ONLY = {"hoi", "bql"}
# Criteria sets by how often producers make them (food first, as in the national statistics).
SET_WEIGHTS = {
    "01": 14, "02": 5, "03": 6, "04": 5, "05": 2, "06": 8, "07": 10, "08": 7, "09": 3, "10": 3, "11": 4,
    "12": 4, "13": 4, "14": 4, "15": 2, "16": 1, "17": 2, "18": 3, "19": 1, "20": 2, "21": 5, "22": 1,
    "23": 1, "24": 1, "25": 1, "26": 3,
}
COLUMNS = (
    "id", "kind", "name", "tax_code", "registered_on", "founded_on", "joined_ocop_on", "rep_name", "rep_title",
    "rep_is_woman", "rep_is_ethnic_minority", "rep_ethnicity", "unit_id", "address", "phone", "email", "website",
    "workforce_total", "workforce_local", "workforce_women", "note", "search_text", "created_at", "updated_at",
)
WEIGHT_BY_KIND = {"xa": 3, "thi_tran": 2, "dac_khu": 2}


@dataclass(slots=True)
class SynthProducer:
    id: int
    commune: Commune
    kind: str
    name: str
    main_set: str
    rep_name: str
    joined: date
    products: list


def _communes(ctx: Context, rng, count: int) -> list[Commune]:
    communes = list(ctx.geo.communes)
    rng.shuffle(communes)
    chosen = communes[:count]
    if count > len(communes):
        weights = [WEIGHT_BY_KIND.get(c.kind, 1) for c in communes]
        chosen += rng.choices(communes, weights=weights, k=count - len(communes))
    return chosen


def generate(ctx: Context) -> None:
    rng = ctx.rng("producers")
    count = ctx.counts.producers
    ids = ctx.sink.ids(Producer, count)
    kinds, kind_weights = zip(*KINDS, strict=True)
    sets, set_weights = zip(*SET_WEIGHTS.items(), strict=True)
    first_year = ctx.today.year - 8
    rows = []
    for pid, commune in zip(ids, _communes(ctx, rng, count), strict=True):
        kind = rng.choices(kinds, kind_weights)[0]
        main_set = "26" if kind in TOURISM_ONLY else rng.choices(sets, set_weights)[0]
        if main_set == "26" and kind in {"ho", "tht"}:
            kind = "htx"
        rep, woman = names.person(rng)
        minority = rng.random() < 0.11
        trade = rng.choice(names.PRODUCTS[main_set])
        name = names.producer_name(rng, kind, commune.name, rep, trade)
        household = kind in {"ho", "trang_trai", "tht"}
        prov = commune.province.code
        if household and rng.random() < 0.7:
            tax_code = f"{prov}{rng.choice('ABCDEGHK')}{rng.randrange(10**7, 10**8)}"
        else:
            tax_code = f"{prov}{rng.randrange(10**7, 10**8)}"
        founded = date(rng.randint(first_year - 15, ctx.today.year - 2), rng.randint(1, 12), rng.randint(1, 28))
        joined = min(founded + days(rng.randint(180, 2500)), ctx.today - days(400))
        joined = max(joined, founded)
        workforce = rng.randint(2, 12) if household else rng.randint(5, 120)
        local = rng.randint(workforce // 2, workforce)
        women = rng.randint(workforce // 4, workforce)
        producer = SynthProducer(pid, commune, kind, name, main_set, rep, joined, [])
        ctx.producers.append(producer)
        created = at(joined, rng.randint(7, 16), rng.randint(0, 59))
        rows.append((
            pid, kind, name, tax_code, founded, founded, joined, rep, names.TITLES[kind], woman, minority,
            rng.choice(names.ETHNIC_MINORITIES) if minority else "", commune.id,
            f"{rng.choice(('Thôn', 'Ấp', 'Tổ', 'Khu phố', 'Bản'))} {rng.randint(1, 15)}",
            f"0{rng.choice('39785')}{rng.randrange(10**7, 10**8)}",
            f"ocop{pid}@example.com" if kind in {"dn", "htx", "lhhtx"} and rng.random() < 0.6 else "",
            "", workforce, local, women, "", fold(f"{name} {tax_code} {rep}"), created, created,
        ))
    ctx.sink.write(Producer, COLUMNS, rows)
    ctx.progress(f"chủ thể: {count:,}")
