"""Documents to sign (văn bản hành chính) in the official layout of Nghị định 30/2020/NĐ-CP.

One structure (OfficialDocument) holds what a document says: the issuing body, số/ký hiệu, the
place and date line, the kind and subject, the content, the signature blocks, "Nơi nhận" and an
optional annex. It is rendered twice from the same data, so the two never drift: as PDF
(WeasyPrint, DejaVu Serif by family name, like the certificate) and as .docx (python-docx, Times
New Roman, the font offices edit in). The apps build the structure (rating: form 03 and the
council minutes; certificates: the decision and its annex); this module only lays it out.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from ocop.lib.spreadsheet import attachment

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"pdf": PDF, "docx": DOCX}


@dataclass(frozen=True)
class Para:
    """A paragraph. style: "" (justified), "heading" (bold), "center", "bold-center", "italic"."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: relative column widths (any unit); None for equal columns.
    widths: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Signature:
    """A signature block: the lines above the signature ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") and the name."""

    lines: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class OfficialDocument:
    body: str  # "ỦY BAN NHÂN DÂN XÃ XUÂN LỘC"
    number: str  # "Số: 12/BC-UBND"
    place_date: str  # "Xuân Lộc, ngày 05 tháng 12 năm 2026"
    kind: str  # "BÁO CÁO", "BIÊN BẢN", "QUYẾT ĐỊNH"
    subject: str
    filename: str  # without extension
    content: tuple = ()  # Para and Table
    signatures: tuple[Signature, ...] = ()  # one (right) or two (left, right)
    recipients: tuple[str, ...] = ()
    body_parent: str = ""  # the body above the issuer ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"), if any
    annex_title: tuple[str, ...] = ()  # the annex heading lines, on a new page
    annex: tuple = field(default=())
    draft: bool = False


def date_line(place: str, day: date | None) -> str:
    """ "Đồng Nai, ngày 05 tháng 02 năm 2026": days below 10 and months below 3 take a leading zero."""
    if day is None:
        return f"{place}, ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str, suffix: str) -> str:
    """ "Số: 12/BC-UBND", or a blank to fill in ("Số:      /BC-UBND") when there is no number yet."""
    return f"Số: {number}" if number else f"Số:        /{suffix}"


# --- PDF --------------------------------------------------------------------------------------------

def _blocks(items) -> list[dict]:
    out = []
    for item in items:
        if isinstance(item, Table):
            total = sum(item.widths) if item.widths else 0
            widths = [round(100 * w / total, 1) for w in item.widths] if total else []
            out.append({"table": item, "widths": widths})
        else:
            out.append({"para": item})
    return out


def render_html(document: OfficialDocument) -> str:
    with translation.override("vi"):
        return render_to_string("core/official_document.html", {
            "doc": document, "national": NATIONAL_NAME, "motto": NATIONAL_MOTTO,
            "content": _blocks(document.content), "annex": _blocks(document.annex),
        })


def render_pdf(document: OfficialDocument) -> bytes:
    """The document as a tagged PDF/A (core/pdf.py), titled by its kind and subject."""
    from ocop.core.pdf import archival_pdf

    return archival_pdf(render_html(document), title=f"{document.kind} – {document.subject}",
                        author=document.body, description=document.number)


# --- .docx ------------------------------------------------------------------------------------------

def _run(paragraph, text: str, *, bold=False, italic=False, size=None, underline=False):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return run


def _centered(cell_or_doc, lines, *, size=13):
    """Centered lines in a cell: each (text, bold, italic, underline)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = True
    for text, bold, italic, underline in lines:
        if first and hasattr(cell_or_doc, "paragraphs") and cell_or_doc.paragraphs and not cell_or_doc.paragraphs[0].text:
            paragraph = cell_or_doc.paragraphs[0]
        else:
            paragraph = cell_or_doc.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = 0
        _run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)


def _docx_blocks(doc, items) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for item in items:
        if isinstance(item, Table):
            table = doc.add_table(rows=1, cols=len(item.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, item.headers, strict=True):
                _centered(cell, [(text, True, False, False)], size=12)
            for row in item.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    paragraph = cell.paragraphs[0]
                    _run(paragraph, str(text), size=12)
            doc.add_paragraph()
            continue
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        style = item.style
        if style in ("center", "bold-center"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _run(paragraph, item.text, bold=style in ("heading", "bold-center"), italic=style == "italic")


def _header_table(doc, document: OfficialDocument) -> None:
    left = []
    if document.body_parent:
        left.append((document.body_parent, False, False, False))
    left += [(document.body, True, False, True), (document.number, False, False, False)]
    right = [(NATIONAL_NAME, True, False, False), (NATIONAL_MOTTO, True, False, True),
             (document.place_date, False, True, False)]
    table = doc.add_table(rows=1, cols=2)
    _centered(table.rows[0].cells[0], left, size=12)
    _centered(table.rows[0].cells[1], right, size=12)


def render_docx(document: OfficialDocument) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    if document.draft:
        _centered(doc, [("DỰ THẢO", True, False, False)], size=12)
    _header_table(doc, document)
    doc.add_paragraph()
    _centered(doc, [(document.kind, True, False, False), (document.subject, True, False, False)], size=14)
    doc.add_paragraph()
    _docx_blocks(doc, document.content)
    _signatures_docx(doc, document)
    if document.annex:
        doc.add_section(WD_SECTION.NEW_PAGE)
        _centered(doc, [(line, i == 0 or i == 1, i > 1, False) for i, line in enumerate(document.annex_title)])
        doc.add_paragraph()
        _docx_blocks(doc, document.annex)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _signatures_docx(doc, document: OfficialDocument) -> None:
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    signatures = list(document.signatures)
    if len(signatures) >= 2:
        blocks = [(left, signatures[0]), (right, signatures[1])]
    else:
        blocks = [(right, signatures[0])] if signatures else []
        if document.recipients:
            paragraph = left.paragraphs[0]
            _run(paragraph, "Nơi nhận:", bold=True, italic=True, size=12)
            for line in document.recipients:
                _run(left.add_paragraph(), line, size=11).font.size = Pt(11)
    for cell, signature in blocks:
        lines = [(text, True, False, False) for text in signature.lines]
        lines += [("", False, False, False)] * 4 + [(signature.name, True, False, False)]
        _centered(cell, lines)
    if len(signatures) >= 2 and document.recipients:
        doc.add_paragraph()
        _run(doc.add_paragraph(), "Nơi nhận:", bold=True, italic=True, size=12)
        for line in document.recipients:
            _run(doc.add_paragraph(), line, size=11)


# --- Download ---------------------------------------------------------------------------------------

def download(document: OfficialDocument, fmt: str) -> HttpResponse:
    """The document as an attachment in FMT ("pdf" or "docx"); any other format is a 404."""
    if fmt not in FORMATS:
        raise Http404
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    attachment(response, f"{document.filename}.{fmt}")
    response["Cache-Control"] = "private, no-store"
    return response
