"""Dates, numbers and money through Django's localisation (ocop/formats, ocop/lib/formatting.py):
one format per language, local time, and no hand-written date pattern anywhere in the code."""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from ocop.lib.formatting import grouped, money, official_date, short_date, short_datetime

OCOP = Path(settings.BASE_DIR) / "ocop"
UTC_EVENING = datetime(2026, 6, 25, 18, 30, tzinfo=ZoneInfo("UTC"))  # 26/06/2026 01:30 in Việt Nam


@pytest.mark.parametrize(("language", "day", "moment", "amount", "count"), [
    ("vi", "15/08/2024", "26/06/2026 01:30", "7.000.000 đ", "240.000"),
    ("en", "15 Aug 2024", "26 Jun 2026 01:30", "7,000,000 đ", "240,000"),
])
def test_helpers_follow_the_active_language_and_local_time(language, day, moment, amount, count):
    with translation.override(language):
        assert short_date(date(2024, 8, 15)) == day
        assert short_datetime(UTC_EVENING) == moment
        assert short_date(UTC_EVENING) == moment.split(" 01:30")[0]
        assert money(7_000_000) == amount and money(Decimal("7000000.00")) == amount
        assert grouped(240000) == count
        assert money(None) == "—" and short_date(None) == ""
        # Documents stay Vietnamese whatever the reader's language.
        assert official_date(date(2024, 8, 15)) == "15/08/2024"


@pytest.mark.parametrize(("language", "expected"), [
    ("vi", "15/08/2024 | 15/08/2024 | 26/06/2026 01:30 | 26/06/2026 01:30"),
    ("en", "15 Aug 2024 | 15 Aug 2024 | 26 Jun 2026 01:30 | 26 Jun 2026 01:30"),
])
def test_templates_show_one_date_style_per_language(language, expected):
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }} | {{ d }} | {{ t|date:"SHORT_DATETIME_FORMAT" }} | {{ t }}')
    with translation.override(language):
        assert template.render(Context({"d": date(2024, 8, 15), "t": UTC_EVENING})) == expected


# A date pattern written by hand: strftime("%d…"), f"{day:%d/%m/%Y}", date_format(x, "d/m/Y"),
# |date:"d/m/Y" or any |date: pattern with separators (single parts such as |date:"Y" are fine).
PY_PATTERNS = [
    re.compile(r"""strftime\(\s*f?["'][^"']*%[dmYH][/ .,:-]"""),
    re.compile(r""":%[dYmH][^}"']*[/ .,:-][^}"']*}"""),
    re.compile(r"""date_format\([^)]*["'][djDmMnNyY][/ .,-]"""),
]
# ISO 8601 dates (file names, machine data) are not a display format.
ISO_DATE = re.compile(r""":%Y-%m-%d}|strftime\(["']%Y-%m-%d["']\)""")
TEMPLATE_PATTERN = re.compile(r"""\|date:["'][^"']*[/ .,:-][^"']*["']""")
# Spreadsheet cells of the registry export become real dates in issue 17 item 3 (typed exports);
# parsing an imported cell and file names (backup stamps, export names) are not display formats.
ALLOWED = {"registry/excel.py", "registry/importing.py", "ops/backup.py", "lib/spreadsheet.py"}


def _source_files(suffix):
    for path in sorted(OCOP.rglob(f"*{suffix}")):
        relative = path.relative_to(OCOP).as_posix()
        if "/tests/" in f"/{relative}" or relative.startswith("ops/synth/words") or relative in ALLOWED:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_hand_written_date_format_is_left():
    found = []
    for relative, text in _source_files(".py"):
        for number, line in enumerate(text.splitlines(), 1):
            if any(p.search(ISO_DATE.sub("", line)) for p in PY_PATTERNS):
                found.append(f"{relative}:{number}: {line.strip()}")
    for relative, text in _source_files(".html"):
        for number, line in enumerate(text.splitlines(), 1):
            if TEMPLATE_PATTERN.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "use ocop.lib.formatting or |date:\"SHORT_DATE_FORMAT\":\n" + "\n".join(found)


def test_the_stored_system_actor_reads_in_the_page_language():
    from ocop.lib.formatting import actor_name

    with translation.override("en"):
        assert actor_name("hệ thống") == "system" and actor_name("province") == "province"
    with translation.override("vi"):
        assert actor_name("hệ thống") == "hệ thống"
