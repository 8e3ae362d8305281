"""Reading a certificate PDF back with Debian's poppler-utils and zbar-tools (tests only)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TOOLS = ("pdftotext", "pdftoppm", "pdfinfo", "pdffonts", "zbarimg")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"Thiếu {', '.join(missing)}: cài bằng 'apt-get install -y poppler-utils zbar-tools'")


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout


def pdf_info(data: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font of the PDF (pdffonts)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(row[0], row[-5] == "yes") for row in rows]


def pdf_qr_codes(data: bytes) -> list[str]:
    """Every QR code found on the first page, rendered at 200 dpi."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(path), str(Path(folder) / "page")],
                       check=True)
        found = subprocess.run(["zbarimg", "-q", "--raw", str(Path(folder) / "page.png")], capture_output=True,
                               text=True)
        return [line for line in found.stdout.splitlines() if line]
