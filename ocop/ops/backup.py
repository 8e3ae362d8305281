"""Backup and restore of the whole system: the database and the uploaded files, in one .tar.gz.

The archive holds
* database.sqlite3 (SQLite, copied with sqlite3's online backup API, consistent while the site
  runs) or database.pgdump (PostgreSQL, `pg_dump --format=custom` in a snapshot exported from a
  REPEATABLE READ transaction, the same snapshot the row counts are taken from);
* media/<path> for every file under MEDIA_ROOT (evidence documents, certificate PDFs, photos);
* manifest.json (last): version, date, database vendor, applied migrations, rows per table and
  the sha256 and size of every other member.

Restore checks everything before it touches anything: every member is listed in the manifest
with the right checksum, no member leaves its folder, the vendor is the current database's, and
every migration of the archive is known to this code. Then it replaces the database, puts the
files back (files that are not in the archive are moved aside, never deleted), and counts the
rows again against the manifest.

Files are copied after the database snapshot; uploads are write-once under unique names, so a
file added meanwhile is at worst an extra file in the archive, never a record without its file.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator (Vietnamese)."""


@dataclass
class RestoreReport:
    manifest: dict
    tables: dict[str, int]
    files: int
    moved_aside: list[str] = field(default_factory=list)
    moved_to: Path | None = None


# --- Snapshot of the database ------------------------------------------------------------------

def _sqlite_counts(db: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    tables = {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    return tables, _migrations(db.execute("SELECT app, name FROM django_migrations ORDER BY app, name"))


def _migrations(rows) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def _pg_counts(cursor) -> tuple[dict[str, int], dict[str, list[str]]]:
    from psycopg import sql

    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = {}
    for (name,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name)))
        tables[name] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return tables, _migrations(cursor.fetchall())


def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # page by page, consistent even while others write
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _pg_command(tool: str, params: dict) -> tuple[list[str], dict]:
    binary = shutil.which(os.environ.get(f"OCOP_{tool.upper()}", tool))
    if binary is None:
        raise BackupError(f"Không tìm thấy chương trình {tool} (cài gói postgresql-client).")
    command = [binary, "--no-owner", "--no-privileges", "--dbname", params["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            command += [option, str(params[key])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return command, env


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables, migrations = _pg_counts(cursor)
            command, env = _pg_command("pg_dump", connection.settings_dict)
            done = subprocess.run(  # noqa: S603 (our own arguments, no shell)
                [*command, "--format=custom", f"--snapshot={snapshot}", "--file", str(target)],
                env=env, capture_output=True, text=True, check=False,
            )
            cursor.execute("COMMIT")
    finally:
        raw.close()
    if done.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {done.stderr.strip()}")
    return tables, migrations


# --- Archive ------------------------------------------------------------------------------------

class _HashingReader:
    """Reads a file into the archive and hashes exactly the bytes archived."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, source: Path, name: str, members: dict) -> None:
    with source.open("rb") as handle:
        info = tarfile.TarInfo(name)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o644
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    members[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def app_version() -> str:
    try:
        return package_version("ocop")
    except PackageNotFoundError:
        return "unknown"


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"ocop-backup-{stamp}.tar.gz"


def create_backup(output: Path | None = None) -> tuple[Path, dict]:
    """Write the archive to OUTPUT (a .tar.gz file, or a folder for the default name)."""
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    output = Path(output) if output else default_output()
    if output.is_dir():
        output = output / default_output().name
    if not output.name.endswith((".tar.gz", ".tgz")):
        raise BackupError("Tệp sao lưu phải có đuôi .tar.gz.")
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".ocop-backup-") as work:
        db_file = Path(work) / DB_MEMBERS[vendor]
        tables, migrations = (_dump_sqlite if vendor == "sqlite" else _dump_postgresql)(db_file)
        partial = Path(work) / "archive.tar.gz"
        members: dict[str, dict] = {}
        with tarfile.open(partial, "w:gz") as archive:
            _add_file(archive, db_file, DB_MEMBERS[vendor], members)
            for path, relative in _media_files(media_root):
                _add_file(archive, path, MEDIA_PREFIX + relative, members)
            manifest = {
                "format": FORMAT, "app": "ocop", "version": app_version(),
                "created_at": timezone.now().isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "member": DB_MEMBERS[vendor], "tables": tables,
                             "migrations": migrations},
                "media": {"files": sum(1 for n in members if n.startswith(MEDIA_PREFIX)),
                          "bytes": sum(m["size"] for n, m in members.items() if n.startswith(MEDIA_PREFIX))},
                "members": members,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
            archive.addfile(info, _BytesReader(data))
        os.chmod(partial, 0o600)  # password hashes and personal data: the owner only
        os.replace(partial, output)
    return output, manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk


# --- Restore ------------------------------------------------------------------------------------

def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            manifest = json.load(handle)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("app") != "ocop":
        raise BackupError("Tệp này không phải bản sao lưu OCOP (hoặc định dạng không được hỗ trợ).")
    return manifest


def check_compatible(manifest: dict) -> None:
    """The archive's vendor is this database's; its migrations are all known to this code."""
    from django.db.migrations.loader import MigrationLoader

    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Bản sao lưu của CSDL {vendor} không khôi phục được vào CSDL {connection.vendor} đang dùng."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, names in manifest["database"]["migrations"].items()
               for name in names if (app, name) not in known]
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản mới hơn (có migration mà mã nguồn này không có: "
            + ", ".join(unknown[:5]) + "). Hãy cập nhật phần mềm trước khi khôi phục."
        )


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name


def _extract_verified(path: Path, manifest: dict, staging: Path) -> None:
    """Extract every member into STAGING, checking names, types and checksums against MANIFEST."""
    expected = manifest["members"]
    seen = set()
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"Tệp sao lưu có thành phần không khai báo hoặc không hợp lệ: {member.name}")
            target = staging / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(member) as source, target.open("wb") as sink:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    sink.write(chunk)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"Sai mã kiểm tra sha256 của {member.name}: tệp sao lưu bị hỏng hoặc bị sửa.")
            seen.add(member.name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"Tệp sao lưu thiếu thành phần: {', '.join(missing[:5])}")


def _restore_sqlite(db_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(db_file)
    try:
        source.backup(connection.connection)  # replaces every page of the live database
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    for alias in connections:
        connections[alias].close()
    command, env = _pg_command("pg_restore", connection.settings_dict)
    done = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        [*command, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(dump)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore thất bại (CSDL giữ nguyên): {done.stderr.strip()}")


def live_counts() -> tuple[dict[str, int], dict[str, list[str]]]:
    """Rows per table and applied migrations of the current database, as in a manifest."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor.cursor)


def _restore_media(staged: Path, media_root: Path, archived: set[str]) -> tuple[list[str], Path | None]:
    """Put the archived files in place; move files that are not in the archive aside."""
    extra = [relative for _, relative in _media_files(media_root) if relative not in archived]
    aside = None
    if extra:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = media_root.parent / f"{media_root.name}-truoc-khoi-phuc-{stamp}"
        for relative in extra:
            (aside / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(media_root / relative, aside / relative)
    for relative in archived:
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged / relative, target)
    return extra, aside


def restore_backup(path: Path) -> RestoreReport:
    """Replace the database and the uploaded files by the archive at PATH (checked first)."""
    path = Path(path)
    manifest = read_manifest(path)
    check_compatible(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".ocop-restore-") as work:
        staging = Path(work)
        _extract_verified(path, manifest, staging)
        db_file = staging / manifest["database"]["member"]
        (_restore_sqlite if connection.vendor == "sqlite" else _restore_postgresql)(db_file)
        archived = {n.removeprefix(MEDIA_PREFIX) for n in manifest["members"] if n.startswith(MEDIA_PREFIX)}
        moved, aside = _restore_media(staging / MEDIA_PREFIX.rstrip("/"), media_root, archived)
    cache.clear()  # pages cached from the replaced data
    tables, _ = live_counts()
    wrong = {name: (tables.get(name), count) for name, count in manifest["database"]["tables"].items()
             if tables.get(name) != count}
    if wrong:
        raise BackupError(f"Số dòng sau khi khôi phục khác bản sao lưu: {wrong}")
    return RestoreReport(manifest, tables, len(archived), moved, aside)
