"""Checking an archival PDF (core/pdf.py) with pikepdf: the PDF/A-2b identification in the XMP
metadata, the tags (StructTreeRoot, MarkInfo), the sRGB output intent, title, author, language
and creation time (tests only)."""

from io import BytesIO

import pikepdf


def assert_archival(data: bytes, *, title_part: str, lang: str = "vi") -> dict:
    """Assert DATA is a tagged PDF/A-2b titled with TITLE_PART; its XMP metadata as a dict."""
    with pikepdf.open(BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert title_part in meta["dc:title"]
        assert meta["dc:creator"] and all(meta["dc:creator"])
        assert meta["xmp:CreateDate"].startswith("20") and meta["xmp:CreateDate"].endswith("+07:00")
        root = pdf.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang) == lang
        assert "/OutputIntents" in root and str(root.OutputIntents[0].S) == "/GTS_PDFA1"
        assert title_part in str(pdf.docinfo["/Title"])
        return {"creator": list(meta["dc:creator"]), "title": meta["dc:title"]}
