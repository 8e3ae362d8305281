"""An area to report on (a unit, or the whole country, under one map) and how records fall into it.

Every record carries a unit (a FK to AdminUnit, reached through a field path such as "unit" or
"producer__unit"). Its *key* is its place on the chosen map:

* new map (current): the unit's current_path — a record filed at an old Bình Phước commune
  counts under the current Đồng Nai commune that succeeded it;
* old map (legacy): the unit's own path for pre-reform units; for a record filed at a current
  unit, the path of the old unit it came from (the old unit at the same level whose
  current_path is this unit's path; the one with the same code first, then by path).

A record is in the area when its key starts with the area's path, and its *part* is the key cut
to the length of the area's children's paths (paths are fixed-width per level), so one grouped
query gives the figure of every child unit at once, whatever the number of units or records.
Records at the area's own unit fall into the part keyed by the area's own path.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, Substr

from ocop.accounts.scope import unit_q
from ocop.program.measures import Period
from ocop.territory.models import AdminUnit

CURRENT, LEGACY = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY
ROOT = {CURRENT: "C/", LEGACY: "L/"}
WIDTH = {AdminUnit.Level.PROVINCE: 2, AdminUnit.Level.DISTRICT: 3, AdminUnit.Level.COMMUNE: 5}
CHILD_LEVEL = {
    (CURRENT, None): AdminUnit.Level.PROVINCE,
    (LEGACY, None): AdminUnit.Level.PROVINCE,
    (CURRENT, AdminUnit.Level.PROVINCE): AdminUnit.Level.COMMUNE,
    (LEGACY, AdminUnit.Level.PROVINCE): AdminUnit.Level.DISTRICT,
    (LEGACY, AdminUnit.Level.DISTRICT): AdminUnit.Level.COMMUNE,
}


def legacy_path_of(field: str):
    """SQL for the old-map path of the unit at FIELD ("" for the unit itself; see the module docstring)."""
    at = f"{field}__" if field else ""
    predecessors = AdminUnit.objects.filter(
        generation=LEGACY, level=OuterRef(f"{at}level"), current_path=OuterRef(f"{at}path")
    )
    same_code = predecessors.filter(code=OuterRef(f"{at}code")).values("path")[:1]
    first = predecessors.order_by("path").values("path")[:1]
    return Case(
        When(**{f"{at}generation": LEGACY}, then=F(f"{at}path")),
        default=Coalesce(Subquery(same_code), Subquery(first)),
        output_field=CharField(),
    )


def key_of(field: str, generation: str):
    return F(f"{field}__current_path") if generation == CURRENT else legacy_path_of(field)


@dataclass
class Query:
    """What a formula is asked: an area (unit, or None for the country), a map, a period, and
    optionally the user whose scope further limits the records. memo lets the formulas of one
    evaluation share their source queries."""

    unit: AdminUnit | None
    generation: str
    period: Period
    scope_prefixes: tuple[str, ...] | None = None  # None: no user limit (system, closing a period)
    memo: dict = field(default_factory=dict)
    #: True: count the records themselves, never the summary tables (the reference in tests and
    #: in ``manage.py certificate_tallies --check``).
    live: bool = False

    @property
    def path(self) -> str:
        return self.unit.path if self.unit else ROOT[self.generation]

    @property
    def child_level(self) -> str | None:
        return CHILD_LEVEL.get((self.generation, self.unit.level if self.unit else None))

    @property
    def child_length(self) -> int:
        level = self.child_level
        return len(self.path) + WIDTH[level] + 1 if level else len(self.path)

    @cached_property
    def children(self) -> list[AdminUnit]:
        """The child units (one query), by code."""
        if self.child_level is None:
            return []
        units = AdminUnit.objects.filter(generation=self.generation, level=self.child_level)
        units = units.filter(parent=self.unit) if self.unit else units
        return list(units.order_by("code"))

    @property
    def part_keys(self) -> list[str]:
        return [child.path for child in self.children] or [self.path]

    def _user_scope(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.scope_prefixes is not None:
            queryset = queryset.filter(unit_q(self.scope_prefixes, field))
        return queryset

    def scoped(self, queryset: QuerySet, field: str) -> QuerySet:
        """Records of QUERYSET in the area (by the unit at FIELD), annotated with _key and _part."""
        queryset = self._user_scope(queryset, field).annotate(_key=key_of(field, self.generation))
        if self.generation == CURRENT:  # the plain column, so that its index serves the prefix match
            queryset = queryset.filter(**{f"{field}__current_path__startswith": self.path})
        else:
            queryset = queryset.filter(_key__startswith=self.path)
        return queryset.annotate(_part=Substr("_key", 1, self.child_length))

    @cached_property
    def legacy_keys(self) -> dict[int, str]:
        """The old-map key of every unit in the area, by id (one query, shared by the sources)."""
        units = AdminUnit.objects.all()
        if self.unit is not None:  # only the units that may be in the area get their key looked up
            units = units.filter(self._legacy_candidates(""))
        units = units.annotate(_key=legacy_path_of("")).filter(_key__startswith=self.path)
        return dict(units.values_list("pk", "_key"))

    def _legacy_candidates(self, field: str) -> Q:
        """Units at FIELD that may be in the old-map area: its old units, and the current units
        that succeeded one of them (which of those are in it, legacy_keys says)."""
        at = f"{field}__" if field else ""
        olds = AdminUnit.objects.filter(generation=LEGACY, path__startswith=self.path).values("current_path")
        return Q(**{f"{at}path__startswith": self.path}) | Q(**{f"{at}path__in": olds})

    def rows(self, queryset: QuerySet, field: str, by: tuple[str, ...], **aggregates) -> list[dict]:
        """The AGGREGATES of the area's records by part and BY: one query on the new map. On the
        old map the records are grouped by their unit (the record's own column) and the units'
        rows added up by part here, with the units' old-map keys read once (legacy_keys): the key
        is no longer looked up per record. AGGREGATES must add up across units (counts, sums,
        distinct counts of things that have one unit)."""
        if self.generation == CURRENT:
            rows = self.scoped(queryset, field).values("_part", *by).annotate(**aggregates).order_by()
            return list(rows)
        queryset = self._user_scope(queryset, field)
        if self.unit is not None:  # units that may be in the area (exactly: those in legacy_keys)
            queryset = queryset.filter(self._legacy_candidates(field))
        rows = queryset.values(field, *by).annotate(**aggregates).order_by()
        keys, folded = self.legacy_keys, {}
        for row in rows:
            if row[field] not in keys:
                continue
            group = (keys[row[field]][: self.child_length], *(row[name] for name in by))
            total = folded.setdefault(group, {"_part": group[0], **dict(zip(by, group[1:], strict=True)),
                                              **dict.fromkeys(aggregates, 0)})
            for name in aggregates:
                total[name] += row[name]
        return list(folded.values())

    def grouped(self, queryset: QuerySet, field: str, **aggregates) -> dict[str, dict]:
        """One query: the AGGREGATES of the area's records, by part (see rows())."""
        return {row.pop("_part"): row for row in self.rows(queryset, field, (), **aggregates)}

    def remember(self, key, compute):
        """The source KEY's figures: once per evaluation (memo), and from the shared cache while
        their records are unchanged (ocop.program.figures_cache; never when live)."""
        if key not in self.memo:
            from ocop.program.figures_cache import cached

            self.memo[key] = cached(self, key, compute)
        return self.memo[key]


def scope_filter(user) -> tuple[str, ...] | None:
    """The read prefixes that limit what USER's figures count (None: everything)."""
    from ocop.accounts.policy import office_scope

    if user is None:
        return None
    scope = office_scope(user)
    return None if scope.is_national else scope.read_prefixes

