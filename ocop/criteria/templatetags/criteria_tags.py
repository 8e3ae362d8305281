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


@register.simple_tag
def changed_conditional_criteria(criteria_set, answers, posted) -> list:
    """The conditional leaf criteria whose applicability differs from what the page shows (each
    fieldset posts its shown state as `shown_na_<code>`): only these are redrawn out of band, so a
    redraw never wipes a tick made while the preview request was in flight."""
    if criteria_set is None:
        return []
    now = not_applicable(criteria_set, answers or {})
    changed = []
    for _p, _g, c in iter_criteria(criteria_set):
        if c.is_leaf and c.conditions:
            shown = posted.get(f"shown_na_{c.code}") if posted is not None else None
            if shown != ("1" if c.code in now else "0"):
                changed.append(c)
    return changed
