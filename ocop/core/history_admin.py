"""The history of a record's workflow moves on its back-office page, the same table for every
workflow (read from core.Transition through ocop.core.transitions.history)."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from ocop.core.transitions import history
from ocop.lib.formatting import actor_name


def history_table(record) -> str:
    """Time, from → to, who, why; "—" for a record without moves (or not saved yet)."""
    if record is None or not record.pk:
        return "—"
    rows = format_html_join(
        "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((date_format(localtime(t.at), "SHORT_DATETIME_FORMAT"),
          f"{t.from_label} → {t.to_label}" if t.from_status else t.to_label, actor_name(t.actor_repr), t.reason)
         for t in history(record)),
    )
    return format_html('<table class="ocop-history">{}</table>', rows) if rows else "—"
