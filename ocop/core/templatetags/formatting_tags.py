"""Template filters over ocop.core.formatting."""

from django import template

from ocop.core import formatting

register = template.Library()
register.filter("actor_name", formatting.actor_name)
