"""The public catalog's facets as plain data (pure module: no database).

Product groups are the six sectors of the OCOP classification (food, drinks, herbs, handicrafts,
ornamental plants and animals, community tourism), numbered 1–6 in the order of the
classification; each holds several of the 26 product sets ("01".."26").
"""

from dataclasses import dataclass
from functools import cache

from ocop.registry.classification import criteria_sets

STAR_CHOICES = (3, 4, 5)


@dataclass(frozen=True)
class Sector:
    code: str
    title: str
    sets: tuple[str, ...]


@cache
def sectors() -> tuple[Sector, ...]:
    grouped: dict[str, list[str]] = {}
    for item in criteria_sets().values():
        grouped.setdefault(item.sector, []).append(item.code)
    return tuple(Sector(str(i), title, tuple(codes)) for i, (title, codes) in enumerate(grouped.items(), start=1))


def sector_sets(code: str | None) -> tuple[str, ...]:
    """The set codes of sector CODE ("1".."6"); empty for an unknown code."""
    return next((s.sets for s in sectors() if s.code == code), ())


def sector_of_set(set_code: str | None) -> Sector | None:
    return next((s for s in sectors() if set_code in s.sets), None)


def set_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} – {s.name}") for s in criteria_sets().values()]


def sector_choices() -> list[tuple[str, str]]:
    return [(s.code, s.title) for s in sectors()]


def stars_text(stars: int | None) -> str:
    """"★★★" for 3 stars (decorative; pages also say the number in words)."""
    return "★" * int(stars or 0)
