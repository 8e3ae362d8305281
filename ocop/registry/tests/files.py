"""Tiny real files for upload tests, built in memory."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size=(4, 4), color=(0, 128, 0)) -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name="giay-chung-nhan.pdf", data=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_upload(name="anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fake_pdf_upload() -> SimpleUploadedFile:
    """A text file that only pretends to be a PDF by its name and declared type."""
    return SimpleUploadedFile("hop-dong.pdf", b"Day la van ban thuong, khong phai PDF.\n", content_type="application/pdf")
