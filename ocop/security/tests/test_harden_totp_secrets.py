"""Info: TOTP secrets are stored encrypted with a key from the settings, old clear ones encrypted
by the data migration, and a login with a code still works."""

import importlib
import time
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from ocop.accounts import crypto, services, totp
from ocop.accounts.models import TOTPDevice
from ocop.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

migration = importlib.import_module("ocop.accounts.migrations.0004_totp_secret_encrypted")


def raw_secret(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_the_secret_is_not_in_the_database_in_clear(personas):
    device = services.totp_start(user=personas.producer)
    stored = raw_secret(device)
    assert stored.startswith("fernet:") and device.secret not in stored
    assert TOTPDevice.objects.get(pk=device.pk).secret == device.secret


def test_another_key_cannot_read_it_and_rotation_keeps_it(personas, settings):
    device = services.totp_start(user=personas.producer)
    settings.OCOP_ENCRYPTION_KEYS = ["khoa-moi-2027"]
    with pytest.raises(ValueError, match="cannot decrypt"):
        TOTPDevice.objects.get(pk=device.pk)
    settings.OCOP_ENCRYPTION_KEYS = ["khoa-moi-2027", settings.SECRET_KEY]
    again = TOTPDevice.objects.get(pk=device.pk)
    assert again.secret == device.secret
    again.save()
    settings.OCOP_ENCRYPTION_KEYS = ["khoa-moi-2027"]
    assert TOTPDevice.objects.get(pk=device.pk).secret == device.secret  # written under the new key


def test_the_data_migration_encrypts_secrets_stored_in_clear_and_back(personas):
    device = services.totp_start(user=personas.producer)
    plain = device.secret
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_totpdevice SET secret = %s WHERE id = %s", [plain, device.pk])
    assert raw_secret(device) == plain and TOTPDevice.objects.get(pk=device.pk).secret == plain
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.encrypt_existing(apps, editor)
    assert raw_secret(device).startswith("fernet:") and TOTPDevice.objects.get(pk=device.pk).secret == plain
    migration.decrypt_existing(apps, editor)
    assert raw_secret(device) == plain


def test_a_login_with_a_code_works_on_the_encrypted_secret(client, personas, time_machine):
    time_machine.move_to("2026-06-01 08:00 +0700", tick=False)
    user = personas.producer
    device = services.totp_start(user=user)
    services.totp_confirm(user=user, code=totp.totp(totp.secret_bytes(device.secret), time.time()))
    client.post(reverse("portal:login"), {"username": user.username, "password": PASSWORD})
    time_machine.shift(30)
    done = client.post("/tai-khoan/ma-xac-thuc/", {"code": totp.totp(totp.secret_bytes(device.secret), time.time())})
    assert done.status_code == 302 and "_auth_user_id" in client.session
    assert crypto.decrypt(raw_secret(device)) == device.secret
