"""Reads over administrative units. Units are public reference data: no user scope applies here
(scoping of unit-owned records lives in ocop.accounts.scope)."""

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext as _

from ocop.lib.text import fold
from ocop.territory.models import AdminUnit, UnitSuccession, unit_full_name

CODE_WIDTH: dict[str, int] = {AdminUnit.Level.PROVINCE: 2, AdminUnit.Level.DISTRICT: 3, AdminUnit.Level.COMMUNE: 5}


def unit_search(queryset: QuerySet, q: str | None, *, field: str = "") -> QuerySet:
    """Keep the rows whose folded search text contains every word of q, with or without
    diacritics ("dong nai" and "Đồng Nai" match the same units). field is the path to the
    unit from the queryset's model, e.g. "predecessor__" on UnitSuccession."""
    for word in fold(q).split():
        queryset = queryset.filter(**{f"{field}search_text__contains": word})
    return queryset


def unit_list(
    *,
    q: str | None = None,
    generation: str | None = None,
    level: str | None = None,
    parent: AdminUnit | int | None = None,
) -> QuerySet[AdminUnit]:
    """Units in map order (by path), optionally searched and filtered. parent is a unit or its id."""
    queryset = AdminUnit.objects.select_related("parent").order_by("path")
    if generation:
        queryset = queryset.filter(generation=generation)
    if level:
        queryset = queryset.filter(level=level)
    if parent is not None:
        queryset = queryset.filter(parent=parent)
    return unit_search(queryset, q)


def unit_get_by_code(generation: str, level: str, code: str | int) -> AdminUnit:
    """The unit with this official code; numbers are zero-padded ("75", 731, "26068").
    Raises AdminUnit.DoesNotExist."""
    code = str(code).strip()
    if code.isdigit():
        code = code.zfill(CODE_WIDTH.get(level, len(code)))
    return AdminUnit.objects.select_related("parent").get(generation=generation, level=level, code=code)


def unit_current_successors(unit: AdminUnit) -> list[AdminUnit]:
    """The current-map unit(s) that took over this unit, in one query (none for a current unit).

    current unit        -> [itself]
    legacy commune      -> its successor communes, the primary one first
    legacy district     -> the distinct successors of its communes (island districts without
                           communes have their own succession to a special zone)
    legacy province     -> the current province(s) that absorbed it
    """
    if unit.generation == AdminUnit.Generation.CURRENT:
        return [unit]
    match = Q(predecessor=unit)
    if unit.level == AdminUnit.Level.DISTRICT:
        match |= Q(predecessor__parent=unit)
    rows = (
        UnitSuccession.objects.filter(match)
        .select_related("successor__parent")
        .order_by("-is_primary", "successor__path")
    )
    successors: dict[int, AdminUnit] = {}
    for row in rows:
        successors.setdefault(row.successor_id, row.successor)
    result = list(successors.values())
    if unit.level != AdminUnit.Level.COMMUNE:
        result.sort(key=lambda u: u.path)
    return result


# ---------------------------------------------------------------------------------------------
# Ranked search: the one search behind every unit picker (registration, admin autocompletes).

RANKED_LIMIT = 60  # a picker shows the best matches; nobody scrolls past this many
MIN_RANKED_LETTERS = 2
LEVEL_ORDER: dict[str, int] = {AdminUnit.Level.PROVINCE: 0, AdminUnit.Level.DISTRICT: 1, AdminUnit.Level.COMMUNE: 2}
_ANCESTORS = ("parent__", "parent__parent__")


@dataclass(frozen=True)
class UnitRow:
    """What the ranking needs of a unit: plain values, so it is tested without a database."""

    id: int
    generation: str
    level: str
    kind: str
    code: str
    name: str  # "Phú Hòa"
    context: str = ""  # folded full names of its ancestors: "huyen dinh quan tinh dong nai"
    province_code: str = ""  # code of the current province over it (through current_path)


@lru_cache(maxsize=32768)
def _folded_names(kind: str, name: str) -> tuple[str, str]:
    """(folded name, folded full name): the ranking folds the same few thousand names again and again."""
    return fold(name), fold(unit_full_name(kind, name))


def _word_hits(words: list[str], targets: list[str]) -> int:
    """How many query words start a word of targets (each target word used once)."""
    pool = list(targets)
    hits = 0
    for word in words:
        for i, target in enumerate(pool):
            if target.startswith(word):
                hits += 1
                del pool[i]
                break
    return hits


def unit_match_tier(words: list[str], row: UnitRow) -> int:
    """0 its code or exact name; 1 its whole name plus the names of units above it ("phu hoa
    dong nai"); 2 the name starts with the query; 3 every word starts a word of the name, in
    any order; 4 every word starts a word of the name or of a unit above it; 5 otherwise."""
    query = " ".join(words)
    name, full = _folded_names(row.kind, row.name)
    if (query.isdigit() and query.zfill(len(row.code)) == row.code) or query in (name, full):
        return 0
    base, full_words, context = name.split(), full.split(), row.context.split()
    remaining = list(words)
    for word in base:  # take the name's words out of the query; the rest must name a unit above
        if word not in remaining:
            break
        remaining.remove(word)
    else:
        if remaining and all(w in full_words or w in context for w in remaining):
            return 1
    if _word_hits(words, full_words) == len(words):
        return 2 if name.startswith(query) or full.startswith(query) else 3
    if _word_hits(words, full_words + context) == len(words):
        return 4
    return 5


def unit_rank(q: str | None, rows, *, home_provinces=()) -> list[UnitRow]:
    """The rows best match first: tier (see unit_match_tier), then the current map before the
    legacy one, units of the user's own province, larger units first, shorter names, code."""
    words = fold(q).split()
    home = set(home_provinces)

    def key(row: UnitRow):
        return (
            unit_match_tier(words, row) if words else 0,
            row.generation != AdminUnit.Generation.CURRENT,
            row.province_code not in home,
            LEVEL_ORDER.get(row.level, 3),
            len(row.name),
            row.code,
        )

    return sorted(rows, key=key)


def _province_code(current_path: str) -> str:
    parts = current_path.split("/")
    return parts[1] if len(parts) > 2 else ""


def unit_candidates(queryset: QuerySet, q: str | None, *, field: str = "") -> QuerySet:
    """Units whose own name or code, or a unit above them, holds every word of q (folded):
    "phu hoa dong nai" finds the communes named Phú Hòa in Đồng Nai. field: as in unit_search."""
    for word in fold(q).split():
        match = Q(**{f"{field}search_text__contains": word})
        for ancestor in _ANCESTORS:
            match |= Q(**{f"{field}{ancestor}search_text__contains": word})
        queryset = queryset.filter(match)
    return queryset


def _rows(queryset: QuerySet) -> list[UnitRow]:
    fields = ["id", "generation", "level", "kind", "code", "name", "current_path"]
    for ancestor in _ANCESTORS:
        fields += [f"{ancestor}kind", f"{ancestor}name"]
    rows = []
    for values in queryset.order_by().values_list(*fields):
        pk, generation, level, kind, code, name, current_path, *ancestors = values
        context = " ".join(
            _folded_names(a_kind, a_name)[1] for a_kind, a_name in zip(ancestors[::2], ancestors[1::2], strict=True)
            if a_name
        )
        rows.append(UnitRow(pk, generation, level, kind, code, name, context, _province_code(current_path)))
    return rows


def unit_ranked_search(
    q: str | None, *, queryset: QuerySet | None = None, home_provinces=(), limit: int = RANKED_LIMIT
) -> QuerySet[AdminUnit]:
    """The best `limit` units for q among queryset (all units by default), best first, with
    what their labels need (unit_label): parents and the primary successor of legacy units.
    An empty q keeps the map order; a single letter gives the first `limit` matches in map order
    (ranking most of the map on every first keystroke costs more than it tells)."""
    queryset = AdminUnit.objects.all() if queryset is None else queryset
    if not fold(q):
        return unit_labelled(queryset.order_by("path"))
    if len(fold(q).replace(" ", "")) < MIN_RANKED_LETTERS:  # one letter matches most of the map
        return unit_labelled(unit_candidates(queryset, q).order_by("path"))[:limit]
    ranked = unit_rank(q, _rows(unit_candidates(queryset, q)), home_provinces=home_provinces)[:limit]
    ids = [row.id for row in ranked]
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return unit_labelled(AdminUnit.objects.filter(pk__in=ids)).order_by(order) if ids else queryset.none()


def unit_labelled(queryset: QuerySet) -> QuerySet[AdminUnit]:
    """Units with their parents and (legacy units) the primary successor's names, for unit_label."""
    successor = UnitSuccession.objects.filter(predecessor=OuterRef("pk"), is_primary=True)
    return queryset.select_related("parent__parent").annotate(
        successor_kind=Subquery(successor.values("successor__kind")[:1]),
        successor_name=Subquery(successor.values("successor__name")[:1]),
        successor_parent_kind=Subquery(successor.values("successor__parent__kind")[:1]),
        successor_parent_name=Subquery(successor.values("successor__parent__name")[:1]),
    )


def unit_label(unit: AdminUnit) -> str:
    """"Xã Phú Hòa – Tỉnh Đồng Nai"; a legacy unit adds "(cũ)" and its successor:
    "Xã Phú Hòa – Huyện Định Quán – Tỉnh Đồng Nai (cũ) → Xã Phú Hòa – Tỉnh Đồng Nai"."""
    parts: list[str] = []
    node: AdminUnit | None = unit
    while node is not None:
        parts.append(node.full_name)
        node = node.parent if node.parent_id else None
    label = " – ".join(parts)
    if unit.generation == AdminUnit.Generation.CURRENT:
        return label
    label = f"{label} ({_('cũ')})"
    name = getattr(unit, "successor_name", None)  # annotated by the selector that listed the unit
    if name:
        successor = unit_full_name(getattr(unit, "successor_kind", ""), name)
        if parent_name := getattr(unit, "successor_parent_name", None):
            successor += " – " + unit_full_name(getattr(unit, "successor_parent_kind", ""), parent_name)
        label = f"{label} → {successor}"
    return label
