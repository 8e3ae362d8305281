"""Sidebar entries of the task inbox (config/unfold.py): one per section, shown only to users who
get the section, with a badge counted by the same selectors as the landing page (once per request)."""

from django.urls import reverse_lazy
from django.utils.text import format_lazy

from ocop.inbox.sections import TEXTS

ICONS = {
    "review": "fact_check", "verify": "how_to_reg", "accept": "move_to_inbox", "council": "groups",
    "finalise": "task_alt", "decide": "gavel", "rerate": "autorenew", "revoke": "gpp_bad",
    "sheets": "rate_review",
    "tasks": "assignment",
}


def _counts(request) -> dict[str, int]:
    from ocop.inbox.selectors import inbox_counts

    return inbox_counts(request) if request.user.is_authenticated else {}


def _badge(key: str):
    def badge(request) -> str:
        count = _counts(request).get(key, 0)
        return str(count) if count else ""

    return badge


def _permission(key: str):
    def permission(request) -> bool:
        return key in _counts(request)

    return permission


def badge_overdue(request) -> str:
    """The dossiers item's badge: commune reviews past their deadline, in the user's scope."""
    from ocop.inbox.selectors import overdue_reviews_count

    count = overdue_reviews_count(request) if request.user.is_authenticated else 0
    return str(count) if count else ""


# Unfold takes badges as import paths.
badge_review = _badge("review")
badge_verify = _badge("verify")
badge_accept = _badge("accept")
badge_council = _badge("council")
badge_finalise = _badge("finalise")
badge_decide = _badge("decide")
badge_rerate = _badge("rerate")
badge_revoke = _badge("revoke")
badge_sheets = _badge("sheets")
badge_tasks = _badge("tasks")


def navigation_items() -> list[dict]:
    return [
        {
            "title": title,
            "icon": ICONS[key],
            "link": format_lazy("{}#inbox-{}", reverse_lazy("admin:index"), key),
            "badge": f"ocop.inbox.sidebar.badge_{key}",
            "permission": _permission(key),
        }
        for key, (title, _hint) in TEXTS.items()
    ]
