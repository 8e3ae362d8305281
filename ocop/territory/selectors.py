"""Reads over administrative units. Units are public reference data: no user scope applies here
(scoping of unit-owned records lives in ocop.accounts.scope)."""

from django.db.models import Q, QuerySet

from ocop.core.text import fold
from ocop.territory.models import AdminUnit, UnitSuccession

CODE_WIDTH = {AdminUnit.Level.PROVINCE: 2, AdminUnit.Level.DISTRICT: 3, AdminUnit.Level.COMMUNE: 5}


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
