"""Dates, times and money for people, through Django's localisation (ocop/formats/<lang>/).

One place for the three shapes the UI prints, in the active language and the local time zone;
never a hand-written strftime pattern (ocop/core/tests/test_locale.py greps for them)."""

from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext


def short_date(day: date | datetime | None) -> str:
    """05/12/2026 in Vietnamese, 5 Dec 2026 in English; "" for no date."""
    if day is None:
        return ""
    if isinstance(day, datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def short_datetime(moment: datetime | None) -> str:
    """05/12/2026 14:30 (local time) in Vietnamese, 5 Dec 2026 14:30 in English."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def grouped(number, decimals: int | None = None) -> str:
    """7.000.000 in Vietnamese, 7,000,000 in English (grouping forced; settings leave it off so
    ids and years in templates stay plain)."""
    return formats.number_format(number, decimals, use_l10n=True, force_grouping=True)


def money(amount) -> str:
    """Vietnamese đồng, whole: "7.000.000 đ" (Vietnamese), "7,000,000 đ" (English); "—" for none."""
    if amount is None:
        return "—"
    return f"{grouped(int(amount))} đ"


def official_date(day: date | None) -> str:
    """A date inside a Vietnamese administrative document or log line (05/12/2026), whatever the
    reader's language: the document itself is Vietnamese."""
    with translation.override("vi"):
        return short_date(day)


# The name stored as the actor of automatic changes (ocop.core.audit and the transition records
# keep it in Vietnamese, as data); shown in the reader's language.
SYSTEM_ACTOR = "hệ thống"


def actor_name(actor_repr: str) -> str:
    """The stored actor name for display: "hệ thống" → "system" on English pages."""
    return gettext("hệ thống") if actor_repr == SYSTEM_ACTOR else actor_repr
