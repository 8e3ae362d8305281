from django import template

from ocop.criteria.sheet_form import field_name

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
