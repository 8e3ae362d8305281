"""Template helpers of the public site."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def thousands(value) -> str:
    """12345 → "12.345" in Vietnamese, "12,345" in English (Django's vi format does not group)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    text = f"{number:,}"
    return text if (get_language() or "vi").startswith("en") else text.replace(",", ".")
