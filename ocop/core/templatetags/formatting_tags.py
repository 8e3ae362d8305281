"""Template filters over ocop.lib.formatting."""

from django import template

from ocop.lib import formatting

register = template.Library()
register.filter("actor_name", formatting.actor_name)
