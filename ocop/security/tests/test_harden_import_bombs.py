"""M-2: workbook bombs are refused with a clear message, and the reading process stays small.

Each bomb is built here, written to a file, and read by the import's reader in a fresh Python
process that reports its own peak resident memory (VmHWM): Django loaded and the file read
must stay under 300 MB. A well-formed template of 2,000 rows goes through the same process as a
control (the reader still reads real files)."""

import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.registry.importing import PRODUCER_COLUMNS

REPO = Path(__file__).resolve().parents[3]
LIMIT_KB = 300 * 1024
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

READER = r"""
import json, sys
import django
django.setup()
from django.core.files import File
from ocop.registry.importing import ImportFileError, read_workbook
with open(sys.argv[1], "rb") as handle:
    try:
        parsed = read_workbook(File(handle, name="chu-the.xlsx"), kind="producers")
        outcome = {"rows": len(parsed.rows)}
    except ImportFileError as exc:
        outcome = {"refused": str(exc)}
# VmHWM: this process's own peak (ru_maxrss would keep the forking parent's across exec).
with open("/proc/self/status") as status:
    outcome["peak_kb"] = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps(outcome))
"""


def template(rows: int = 0) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chủ thể"
    sheet.append([c.header for c in PRODUCER_COLUMNS])
    for i in range(rows):
        sheet.append([f"36{i:08d}", f"Hợp tác xã số {i}", "htx", "26734"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(base: bytes, replace: dict[str, bytes], *, level: int = 9) -> bytes:
    """BASE with some members replaced or added (the content types need no change for these)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def sheet(rows_xml: str, dimension: str = "A1:D1") -> bytes:
    return f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'.encode()


HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã số thuế / số ĐKKD</t></is></c></row>'


def shared_strings_compressed() -> bytes:
    """The reported bomb: three million tiny shared strings in a ~100 KB file."""
    return patched(template(), {"xl/sharedStrings.xml": (f'<sst {NS}>' + "<si><t>a</t></si>" * 3_000_000 + "</sst>").encode()})


def shared_strings_many() -> bytes:
    """Shared strings that compress like real text (ratio under 100), but half a million of them."""
    strings = "".join(f"<si><t>{i:x}</t></si>" for i in range(500_000))
    return patched(template(), {"xl/sharedStrings.xml": f'<sst {NS}>{strings}</sst>'.encode()})


def empty_rows() -> bytes:
    """Three million empty rows (28 KB compressed in the report)."""
    rows = "<row/>" * 3_000_000
    return patched(template(), {"xl/worksheets/sheet1.xml": sheet(HEADER_ROW + rows, "A1:XFD1048576")})


def last_row_far_away() -> bytes:
    """One cell on the last row Excel has and a whole-sheet dimension: a reader that pads rows by
    the dimension makes a million rows of 16,384 cells from a tiny file."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return patched(template(), {"xl/worksheets/sheet1.xml": sheet(HEADER_ROW + far, "A1:XFD1048576")})


def many_sheets() -> bytes:
    blank = sheet("")
    return patched(template(), {f"xl/worksheets/sheet{i}.xml": blank for i in range(2, 3000)})


def many_sheet_entries() -> bytes:
    """A workbook.xml listing 200,000 sheets that all point at one part."""
    entries = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 200_001))
    workbook = (f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f"<sheets>{entries}</sheets></workbook>").encode()
    return patched(template(), {"xl/workbook.xml": workbook})


def deep_xml() -> bytes:
    """XML nested 300,000 deep, with random names so that it compresses like real data."""
    rng = random.Random(4)
    names = [f"e{rng.getrandbits(32):x}" for _ in range(300_000)]
    deep = "".join(f"<{n}>" for n in names) + "".join(f"</{n}>" for n in reversed(names))
    return patched(template(), {"xl/worksheets/sheet1.xml": sheet(HEADER_ROW).replace(b"<sheetData>", f"<sheetData>{deep}".encode())}, level=1)


def entity_expansion() -> bytes:
    lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    return patched(template(), {"xl/sharedStrings.xml": f'{lol}<sst {NS}><si><t>&b;</t></si></sst>'.encode()})


BOMBS = {
    "shared strings, 3 million in 100 KB": (shared_strings_compressed, "giải nén quá lớn hoặc nén bất thường"),
    "shared strings, a million that compress normally": (shared_strings_many, "quá nhiều chuỗi văn bản"),
    "3 million empty rows": (empty_rows, "giải nén quá lớn hoặc nén bất thường"),
    "one cell on row 1,048,576": (last_row_far_away, "dùng tới dòng 1,048,576"),
    "3,000 sheets": (many_sheets, "quá nhiều thành phần"),
    "200,000 sheet entries in workbook.xml": (many_sheet_entries, "giải nén quá lớn hoặc nén bất thường"),
    "XML nested 300,000 deep": (deep_xml, "lồng nhau quá sâu"),
    "entity expansion": (entity_expansion, "DTD/thực thể XML"),
}


def read_in_fresh_process(path: Path) -> dict:
    env = {"PYTHONPATH": str(REPO), "DJANGO_SETTINGS_MODULE": "config.settings", "OCOP_ENV": "test",
           "OCOP_VAR_DIR": str(path.parent), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", READER, str(path)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", list(BOMBS))
def test_each_bomb_is_refused_with_a_clear_message_under_300_mb(tmp_path, case):
    build, message = BOMBS[case]
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(build())
    outcome = read_in_fresh_process(path)
    assert message in outcome.get("refused", ""), outcome
    assert outcome["peak_kb"] < LIMIT_KB, outcome


def test_a_real_file_is_still_read_in_the_same_process(tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(template(2000))
    outcome = read_in_fresh_process(path)
    assert outcome.get("rows") == 2000, outcome
    assert outcome["peak_kb"] < LIMIT_KB, outcome


@pytest.mark.django_db
def test_a_bomb_through_the_import_page_shows_the_message_and_writes_nothing(client, personas):
    from ocop.registry.models import Producer

    client.force_login(personas.province)
    before = Producer.objects.count()
    response = client.post(reverse("admin:registry_producer_import_excel"),
                           {"file": SimpleUploadedFile("chu-the.xlsx", last_row_far_away())})
    assert response.status_code == 200
    assert "dùng tới dòng 1,048,576" in response.context["form"].errors["file"][0]
    assert Producer.objects.count() == before
