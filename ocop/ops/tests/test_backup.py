"""`ocop backup` / `ocop restore`: a real round trip on the test database (SQLite or PostgreSQL).

Real records (units, a producer, a product with an evidence file, a rating result, a decision and
its certificate with the PDF, audit events), a backup, then the data changed and files damaged,
then the restore: every table has its rows back, values and files are byte-identical.
"""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.certificates.models import Certificate
from ocop.certificates.tests.factories import issue, make_result
from ocop.core.models import AuditEvent
from ocop.ops.backup import live_counts
from ocop.registry.models import Document, Producer, Product
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only

EVIDENCE = b"%PDF-1.4\n% giay chung nhan ATTP co so Long Thanh\n%%EOF\n"


@pytest.fixture
def records(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Hạt điều rang muối Long Thành",
                             criteria_set="13")
    document = Document.objects.create(
        producer=product.producer, product=product, kind=Document.Kind.FOOD_SAFETY, number="12/2026/ATTP",
        issuer="Sở Y tế Đồng Nai", file=ContentFile(EVIDENCE, name="attp.pdf"),
    )
    _, [certificate] = issue([make_result(product)], actor=personas.province)  # the task stores the PDF
    certificate.refresh_from_db()
    assert certificate.pdf and AuditEvent.objects.filter(action="certificates.decision_issue").exists()
    return product, document, certificate


def media_files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_then_restore_brings_every_row_and_file_back(records, settings, tmp_path):
    product, document, certificate = records
    media = settings.MEDIA_ROOT
    tables_before, _ = live_counts()
    files_before = media_files(media)
    assert document.file.name in files_before and certificate.pdf.name in files_before
    archive = tmp_path / "sao-luu.tar.gz"

    call_command("backup", output=archive, stdout=io.StringIO())

    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes, personal data
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"] == tables_before
    assert manifest["database"]["tables"]["certificates_certificate"] == 1
    assert manifest["database"]["migrations"]["certificates"][0].startswith("0001_")
    assert manifest["members"]["media/" + document.file.name]["sha256"] == hashlib.sha256(EVIDENCE).hexdigest()
    assert manifest["media"]["files"] == len(files_before)

    # Afterwards: records changed and added, one file deleted, one overwritten, one stray file.
    Producer.objects.filter(pk=product.producer_id).update(name="Tên đã bị sửa")
    ProductFactory(producer__unit=product.unit, name="Sản phẩm thêm sau sao lưu", criteria_set="13")
    (media / certificate.pdf.name).unlink()
    (media / document.file.name).write_bytes(b"hong")
    (media / "registry" / "tep-la.txt").write_text("không có trong bản sao lưu")
    assert live_counts()[0] != tables_before

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert "khớp manifest" in out.getvalue()
    assert live_counts()[0] == tables_before
    assert Producer.objects.get(pk=product.producer_id).name == product.producer.name
    assert not Product.objects.filter(name="Sản phẩm thêm sau sao lưu").exists()
    restored = Certificate.objects.get(pk=certificate.pk)
    assert (restored.uid, restored.decision.number, restored.pdf.name) == (
        certificate.uid, certificate.decision.number, certificate.pdf.name)
    assert Document.objects.get(pk=document.pk).sha256 == document.sha256
    assert media_files(media) == files_before  # byte-identical, the stray file moved aside
    aside = list(media.parent.glob("media-truoc-khoi-phuc-*/registry/tep-la.txt"))
    assert [p.read_text() for p in aside] == ["không có trong bản sao lưu"]


def _rewrite(archive, target, change):
    """Copy ARCHIVE to TARGET with CHANGE(name, data) -> data applied to each member."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as sink:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            sink.addfile(info, io.BytesIO(data))
    return target


@pytest.fixture
def archive(records, tmp_path):
    path = tmp_path / "goc.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    Producer.objects.filter(pk=records[0].producer_id).update(name="Sau sao lưu")
    return path


def _unchanged(records):
    assert Producer.objects.get(pk=records[0].producer_id).name == "Sau sao lưu"


def test_restore_refuses_without_confirmation(archive, records):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())  # no terminal to ask on
    _unchanged(records)


def test_restore_refuses_a_damaged_archive(archive, records, tmp_path, settings):
    pdf = f"media/{records[2].pdf.name}"
    damaged = _rewrite(archive, tmp_path / "hong.tar.gz", lambda name, data: data[:-1] if name == pdf else data)
    with pytest.raises(CommandError, match="sha256"):
        call_command("restore", str(damaged), yes=True, stdout=io.StringIO())
    _unchanged(records)


def test_restore_refuses_another_vendor_or_newer_migrations(archive, records, tmp_path):
    def other_vendor(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
        return json.dumps(manifest).encode()

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["migrations"]["certificates"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="không khôi phục được vào CSDL"):
        call_command("restore", str(_rewrite(archive, tmp_path / "a.tar.gz", other_vendor)), yes=True)
    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(_rewrite(archive, tmp_path / "b.tar.gz", newer)), yes=True)
    _unchanged(records)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "khong-phai.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("restore", str(bogus), yes=True)
