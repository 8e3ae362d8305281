"""Template helpers of the program pages: Vietnamese number style and dashboard links."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ocop.program.measures import number

register = template.Library()


@register.filter
def num(value):
    """1.234.567 and 12,5 (Vietnamese style); an em dash for no value."""
    if value in (None, ""):
        return "—"
    try:
        return number(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.simple_tag
def dashboard_url(unit=None, generation=None, period=None, year=None, name="admin:program_dashboard"):
    """A link to a dashboard page (or its export, by NAME) for a unit, map and period."""
    params = {}
    if unit is not None:
        params["unit"] = unit.pk
    elif generation:
        params["map"] = generation
    if period is not None:
        params["period"] = period.pk
    elif year:
        params["year"] = year
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)
