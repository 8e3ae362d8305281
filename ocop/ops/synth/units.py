"""The administrative map the data is spread over: every current commune (loaded by
`ocop load-units`), and for pre-reform records the old commune, district and province that each
current commune took over on 01/07/2025."""

from collections import defaultdict
from dataclasses import dataclass, field

from ocop.territory.models import AdminUnit, UnitSuccession


@dataclass(frozen=True)
class Commune:
    id: int
    code: str
    name: str
    kind: str
    province: "Province"
    #: (old commune id, old district id, old province id) of its predecessors (pre-reform map).
    legacy: tuple[tuple[int, int | None, int | None], ...] = ()


@dataclass
class Province:
    id: int
    code: str
    name: str
    communes: list[Commune] = field(default_factory=list)


@dataclass
class Geography:
    provinces: list[Province]
    communes: list[Commune]

    @property
    def has_legacy(self) -> bool:
        return any(c.legacy for c in self.communes)


def load_geography() -> Geography:
    current = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT)
    provinces = {
        u.id: Province(u.id, u.code, u.name)
        for u in current.filter(level=AdminUnit.Level.PROVINCE).order_by("code")
    }
    legacy_parent = dict(
        AdminUnit.objects.filter(generation=AdminUnit.Generation.LEGACY).values_list("id", "parent_id")
    )
    predecessors = defaultdict(list)
    successions = UnitSuccession.objects.filter(
        successor__generation=AdminUnit.Generation.CURRENT, successor__level=AdminUnit.Level.COMMUNE,
        predecessor__level=AdminUnit.Level.COMMUNE,
    ).order_by("successor_id", "-is_primary", "predecessor_id")
    for successor_id, predecessor_id in successions.values_list("successor_id", "predecessor_id"):
        district = legacy_parent.get(predecessor_id)
        province = legacy_parent.get(district) if district else None
        predecessors[successor_id].append((predecessor_id, district, province))
    communes = []
    rows = current.filter(level=AdminUnit.Level.COMMUNE).order_by("code")
    for uid, code, name, kind, parent_id in rows.values_list("id", "code", "name", "kind", "parent_id"):
        province = provinces[parent_id]
        commune = Commune(uid, code, name, kind, province, tuple(predecessors.get(uid, ())))
        province.communes.append(commune)
        communes.append(commune)
    return Geography([p for p in provinces.values() if p.communes], communes)
