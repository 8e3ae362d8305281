"""Translation catalogs: valid, compiled, complete, and actually used.

ocop/locale/en holds the English texts of our Vietnamese source strings; ocop/locale/vi holds
Vietnamese for the back office's third-party apps (Unfold, import-export).
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "ocop" / "locale"
CATALOGS = sorted((Path(settings.BASE_DIR) / "ocop").glob("**/locale/*/LC_MESSAGES/django.po"))
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")


def _ids(paths):
    return [str(p.relative_to(settings.BASE_DIR)) for p in paths]


def _entries(po: Path):
    """(flags, msgid, [msgstr, ...]) for every entry of a .po file, header included."""
    entries, flags, key, fields = [], [], None, {}

    def flush():
        if "msgid" in fields:
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries.append((flags, fields["msgid"], strs))

    for raw in po.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            flags, key, fields = [], None, {}
        elif line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            fields[key] = _unquote(value)
    return entries


def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text[1:-1])


def test_the_catalogs_exist():
    assert LOCALE / "en" / "LC_MESSAGES" / "django.po" in CATALOGS
    assert LOCALE / "vi" / "LC_MESSAGES" / "django.po" in CATALOGS


@needs_msgfmt
@pytest.mark.parametrize("po", CATALOGS, ids=_ids(CATALOGS))
def test_catalog_compiles_cleanly(po):
    result = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_msgfmt
@pytest.mark.parametrize("po", CATALOGS, ids=_ids(CATALOGS))
def test_committed_mo_matches_its_po(po, tmp_path):
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run manage.py compilemessages --ignore=.venv"
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "-o", str(fresh), str(po)], check=True)
    with committed.open("rb") as old, fresh.open("rb") as new:
        old_catalog, new_catalog = gettext.GNUTranslations(old)._catalog, gettext.GNUTranslations(new)._catalog
    stale = sorted(str(k) for k in old_catalog.keys() ^ new_catalog.keys())[:10]
    changed = sorted(str(k) for k in old_catalog.keys() & new_catalog.keys() if old_catalog[k] != new_catalog[k])[:10]
    assert not stale and not changed, (
        f"{committed} is out of date (run manage.py compilemessages --ignore=.venv): {stale or changed}"
    )


@pytest.mark.parametrize("po", CATALOGS, ids=_ids(CATALOGS))
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    entries = _entries(po)[1:]  # the first entry is the header
    assert entries, f"{po} has no entries"
    empty = [msgid for _, msgid, strs in entries if not strs or not all(strs)]
    fuzzy = [msgid for flags, msgid, _ in entries if "fuzzy" in flags]
    assert len(empty) == 0, f"{len(empty)} untranslated in {po}: {empty[:10]}"
    assert len(fuzzy) == 0, f"{len(fuzzy)} fuzzy in {po}: {fuzzy[:10]}"


@pytest.mark.parametrize("po", CATALOGS, ids=_ids(CATALOGS))
def test_no_obsolete_entries(po):
    # makemessages run on part of the tree (an app folder while the strings live in LOCALE_PATHS)
    # turns everything else into "#~" entries, which then vanish from the compiled catalog.
    obsolete = [line for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("#~ msgid ")]
    assert not obsolete, f"{len(obsolete)} obsolete entries in {po}: rerun makemessages from the repo root"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.django_db
def test_english_home_page_at_its_own_url(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the URL decides on public pages, not the cookie
    assert "Kiểm tra giấy chứng nhận" in _text(client.get("/"))
    page = _text(client.get("/en/"))
    assert "OCOP products – One Commune One Product" in page
    assert "Check a certificate" in page and "Open data" in page
    assert "Kiểm tra giấy chứng nhận" not in page and "Dữ liệu mở" not in page


def test_english_switch_shows_english_in_the_back_office(client, personas):
    client.force_login(personas.superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _text(client.get(reverse("admin:index")))
    assert "Producers and products" in page and "Programme monitoring" in page
    assert "Rating and ranking" in page
    assert "Chủ thể và sản phẩm" not in page and "Giám sát chương trình" not in page


def test_vietnamese_back_office_translates_third_party_labels(client, personas):
    client.force_login(personas.superuser)
    page = _text(client.get(reverse("admin:registry_product_changelist")))
    assert "Xuất" in page and "Export" not in page  # django-import-export
    assert "Bộ lọc" in page and "Tìm phân hệ và danh mục" in page  # Unfold
    assert "Search apps and models" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Export" in _text(client.get(reverse("admin:registry_product_changelist")))


@needs_msgfmt
def test_every_ui_string_is_in_the_english_catalog(tmp_path):
    """makemessages as a dry run: on a copy of the tree, regenerate the English catalogs the way
    their header says, and every msgid of a template or Python string (plurals included) must
    already have its English text — a string added without its translation fails here."""
    root = Path(settings.BASE_DIR)
    skip = shutil.ignore_patterns("tests", "__pycache__", "static", "migrations", "*.mo", "*.pyc", "media")
    shutil.copytree(root / "ocop", tmp_path / "ocop", ignore=skip)
    shutil.copytree(root / "config", tmp_path / "config", ignore=skip)
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    command = [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=*/tests/*", "--add-location=file",
               "--no-obsolete"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    missing = []
    for po in sorted(tmp_path.glob("ocop/**/locale/en/LC_MESSAGES/django.po")):
        for flags, msgid, strs in _entries(po)[1:]:
            if not strs or not all(strs) or "fuzzy" in flags:
                missing.append(f"{po.relative_to(tmp_path)}: {msgid!r}")
    assert not missing, (f"{len(missing)} strings without English (run makemessages as in the catalog's header "
                         f"and translate them): " + "\n".join(missing[:30]))


def test_plural_model_names_are_plural_in_english():
    """Vietnamese has one form ("chủ thể OCOP"); English needs two ("9 OCOP producers"): the plural
    is its own msgid with the context "plural" (pgettext_lazy)."""
    from django.apps import apps
    from django.utils import translation

    from ocop.certificates.models import Certificate
    from ocop.registry.models import Producer

    with translation.override("en"):
        assert (str(Producer._meta.verbose_name), str(Producer._meta.verbose_name_plural)) == ("OCOP producer", "OCOP producers")
        assert str(Certificate._meta.verbose_name_plural) == "certificates"
        same = [m._meta.label for m in apps.get_models() if m.__module__.startswith("ocop.")
                and str(m._meta.verbose_name) == str(m._meta.verbose_name_plural)
                and not str(m._meta.verbose_name).endswith(("history", "evidence", "figures", "received", "succeeded", "producers"))]
    with translation.override("vi"):
        assert str(Producer._meta.verbose_name_plural) == "chủ thể OCOP"
    assert not same, f"English plural equals the singular: {same}"
