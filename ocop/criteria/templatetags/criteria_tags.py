from django import template

from ocop.criteria.conditions import explain, not_applicable
from ocop.criteria.sheet_form import field_name
from ocop.criteria.sheets import iter_criteria

register = template.Library()


@register.filter
def stars(count) -> str:
    """3 → "★★★" (empty for None)."""
    return "★" * int(count) if count else ""


@register.filter
def sheet_field(form, criterion_code: str):
    """The bound field of a criterion in a SheetForm."""
    return form[field_name(criterion_code)]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def has_zero_option(criterion) -> bool:
    """Whether a criterion offers a 0-point option of its own (else the sheet adds "none apply")."""
    return any(not option.points for option in criterion.options)


@register.simple_tag
def inapplicable(criteria_set, answers, criterion) -> str:
    """Why a leaf criterion does not apply on these answers (its conditional note), or ""."""
    if criteria_set is None or not criterion.is_leaf or not criterion.conditions:
        return ""
    condition = not_applicable(criteria_set, answers or {}).get(criterion.code)
    return explain(condition) if condition else ""


@register.filter
def conditional_criteria(criteria_set) -> list:
    """The leaf criteria that carry conditions (re-rendered out of band when an answer changes)."""
    return [c for _p, _g, c in iter_criteria(criteria_set) if c.is_leaf and c.conditions] if criteria_set else []
