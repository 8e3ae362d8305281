"""Who may download the programme's report files (see ocop.core.media)."""

from django.db.models import Q

from ocop.program.selectors import report_jobs_visible_to


def report_allowed(user, name: str) -> bool:
    return getattr(user, "is_authenticated", False) and report_jobs_visible_to(user).filter(
        Q(xlsx=name) | Q(pdf=name)
    ).exists()
