from django import template

from ocop.cycle import workflow
from ocop.lib.formatting import money
from ocop.registry.status import DocumentStatus

register = template.Library()


@register.filter
def status_tone(status: str) -> str:
    """The badge tone of a workflow status (ok / warn / bad / plain), from the workflow module."""
    return workflow.tone(status) or "plain"


@register.filter
def vnd(amount) -> str:
    """1234567 → "1.234.567 đ" (Vietnamese), "1,234,567 đ" (English)."""
    return money(amount)


@register.filter
def status_label(status: str, kind: str) -> str:
    """The label of STATUS in workflow KIND ("idea", "plan", "implementation", "verification")."""
    choices = workflow.STATUSES[kind]
    return choices(status).label if status in choices.values else status


@register.filter
def document_status(status: str) -> str:
    return DocumentStatus(status).label if status in DocumentStatus.values else status


@register.simple_tag
def unread_notifications(user) -> int:
    """The user's unread notifications, for the portal menu (one COUNT query)."""
    from ocop.certificates.selectors import unread_count

    return unread_count(user)
