"""The OCOP product classification (QĐ 148/2023, kept by QĐ 26/2026): 6 sectors → groups → 26 sets.

The authoritative data file is ocop/criteria/data/classification.json (owned by the criteria app).
It is read lazily, once, when present; until then a built-in table of the 26 sets from QĐ 148 is
used, so the registry works and validates "01".."26" without it. Pure module: no ORM access.
"""

import json
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "criteria" / "data" / "classification.json"
SET_CODES = tuple(f"{n:02d}" for n in range(1, 27))


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    name: str
    sector: str
    group: str


_FOOD, _DRINK, _HERB = "Thực phẩm", "Đồ uống", "Thảo dược"
_CRAFT, _PLANT, _TOUR = "Thủ công mỹ nghệ", "Sinh vật cảnh", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"

# (name, sector, group) of sets 01..26, as listed in QĐ 148/QĐ-TTg (see ../shared/docs/domain.md §3.3).
_BUILT_IN = [
    ("Rau, củ, quả, hạt tươi", _FOOD, "Nông sản tươi sống"),
    ("Thịt, thủy sản, trứng, sữa tươi", _FOOD, "Nông sản tươi sống"),
    ("Gạo, ngũ cốc, hạt sơ chế khác", _FOOD, "Nông sản thô, sơ chế"),
    ("Mật ong, mật khác và nông sản thực phẩm khác", _FOOD, "Nông sản thô, sơ chế"),
    ("Đồ ăn nhanh", _FOOD, "Thực phẩm chế biến"),
    ("Chế biến từ gạo, ngũ cốc", _FOOD, "Thực phẩm chế biến"),
    ("Chế biến từ rau, củ, quả, hạt", _FOOD, "Thực phẩm chế biến"),
    ("Chế biến từ thịt, trứng, sữa, thủy sản, mật ong, mật khác, nông sản khác", _FOOD, "Thực phẩm chế biến"),
    ("Tương, nước mắm, gia vị dạng lỏng khác", _FOOD, "Gia vị"),
    ("Gia vị khác", _FOOD, "Gia vị"),
    ("Chè tươi, chè chế biến", _FOOD, "Chè"),
    ("Sản phẩm trà từ thực vật khác", _FOOD, "Chè"),
    ("Cà phê, ca cao", _FOOD, "Cà phê, ca cao"),
    ("Rượu trắng", _DRINK, "Đồ uống có cồn"),
    ("Đồ uống có cồn khác", _DRINK, "Đồ uống có cồn"),
    ("Nước khoáng thiên nhiên, nước uống đóng chai", _DRINK, "Đồ uống không cồn"),
    ("Đồ uống không cồn khác", _DRINK, "Đồ uống không cồn"),
    ("Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", _HERB, "Thảo dược"),
    ("Mỹ phẩm có thành phần từ dược liệu", _HERB, "Thảo dược"),
    ("Tinh dầu và dược liệu khác", _HERB, "Thảo dược"),
    ("Thủ công mỹ nghệ gia dụng, trang trí", _CRAFT, "Thủ công mỹ nghệ"),
    ("Vải, may mặc", _CRAFT, "Vải, may mặc"),
    ("Hoa", _PLANT, "Hoa, cây cảnh"),
    ("Cây cảnh", _PLANT, "Hoa, cây cảnh"),
    ("Động vật cảnh", _PLANT, "Động vật cảnh"),
    ("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", _TOUR, "Du lịch cộng đồng"),
]


def _text(value) -> str:
    return str(value or "").strip()


def _name(node: dict) -> str:
    return _text(node.get("title") or node.get("name"))


def _from_file(data: dict) -> dict[str, CriteriaSet]:
    """Read {"sectors": [{"title", "groups": [{"title", "sets": [{"set": "01", "title"}]}]}]}."""
    found: dict[str, CriteriaSet] = {}
    for sector in data.get("sectors", []):
        groups = sector.get("groups") or [{"title": "", "sets": sector.get("sets", [])}]
        for group in groups:
            for item in group.get("sets", []):
                code = _text(item.get("set") or item.get("code")).zfill(2)
                if code in SET_CODES:
                    found[code] = CriteriaSet(code, _name(item), _name(sector), _name(group) or _name(sector))
    return found


@cache
def criteria_sets() -> dict[str, CriteriaSet]:
    """Code → CriteriaSet for the 26 sets; the data file wins where it names a set."""
    table = {code: CriteriaSet(code, *_BUILT_IN[i]) for i, code in enumerate(SET_CODES)}
    if DATA_FILE.exists():
        # A broken file is the criteria app's to report; the built-in names stay.
        with suppress(ValueError, OSError, TypeError, AttributeError):
            table.update(_from_file(json.loads(DATA_FILE.read_text(encoding="utf-8"))))
    return table


def criteria_set_choices() -> list[tuple[str, str]]:
    """Choices for Product.criteria_set, evaluated when a form or check needs them."""
    return [(s.code, f"{s.code} – {s.name}") for s in criteria_sets().values()]


def get_set(code: str | None) -> CriteriaSet | None:
    return criteria_sets().get(code or "")
