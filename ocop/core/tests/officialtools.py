"""Reading documents to sign back in tests: PDF text with poppler's pdftotext, .docx with python-docx."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace collapsed to single spaces (lines wrap where the layout wraps)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("Thiếu pdftotext: cài bằng 'apt-get install -y poppler-utils'")
    assert data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of the .docx (nested header tables included), spaces collapsed."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return " ".join(" ".join(parts).split())
