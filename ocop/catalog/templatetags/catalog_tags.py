"""Template helpers of the public site."""

from django import template

from ocop.lib.formatting import grouped

register = template.Library()


@register.filter
def thousands(value) -> str:
    """12345 → "12.345" in Vietnamese, "12,345" in English (ocop/formats; grouping forced)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return grouped(number)
