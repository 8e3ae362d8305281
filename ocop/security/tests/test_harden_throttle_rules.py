"""L-1 and the Info items on throttles, through HTTP: a success does not clear the address's count;
self-registration is limited per address; the TOTP lock is in the shared store; Redis works too.

(The same limits across real gunicorn workers and two servers: test_harden_throttles.py.)"""

import pytest
from django.urls import reverse

from ocop.accounts import throttle
from ocop.accounts.models import ThrottleCounter, User
from ocop.core.testing import PASSWORD
from ocop.core.tests.threads import kinds, needs_postgresql, together
from ocop.registry.models import Producer

THROTTLED = "Đăng nhập sai quá nhiều lần"


def login(client, username, password, ip):
    return client.post(reverse("portal:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_a_successful_login_does_not_clear_the_address_count(client, personas):
    for i in range(19):
        assert login(client, f"khong-co-{i}", "sai", "10.5.0.1").status_code == 200
    assert login(client, personas.producer.username, PASSWORD, "10.5.0.1").status_code == 302
    client.logout()
    assert THROTTLED in login(client, "khong-co-19", "sai", "10.5.0.1").text  # the 20th failure locks
    assert THROTTLED in login(client, personas.producer.username, PASSWORD, "10.5.0.1").text
    assert login(client, personas.producer.username, PASSWORD, "10.5.0.2").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_the_account_count(client, personas):
    for _ in range(4):
        login(client, personas.producer.username, "sai", "10.5.1.1")
    assert login(client, personas.producer.username, PASSWORD, "10.5.1.2").status_code == 302
    assert throttle.count(f"login-fail:user:{personas.producer.username}") == 0
    assert throttle.count("login-fail:ip:10.5.1.1") == 4


def registration(personas, n):
    return {
        "username": f"hodan{n}", "full_name": f"Lê Văn {n}", "email": "", "phone": "",
        "password1": "mat-khau-rat-manh-2026", "password2": "mat-khau-rat-manh-2026",
        "kind": Producer.Kind.HOUSEHOLD, "name": f"Hộ kinh doanh số {n} khác hẳn", "tax_code": "",
        "rep_name": f"Lê Văn {n}", "unit": personas.units.commune_b.pk, "address": "Ấp 3",
        "confirm_duplicates": "on",
    }


@pytest.mark.django_db
def test_self_registration_is_limited_per_address(client, personas, settings):
    settings.OCOP_REGISTRATIONS_PER_HOUR = 2
    for n in range(2):
        response = client.post(reverse("portal:register"), registration(personas, n), REMOTE_ADDR="10.6.0.1")
        assert response.status_code == 302, response.context["form"].errors
        client.logout()
    refused = client.post(reverse("portal:register"), registration(personas, 2), REMOTE_ADDR="10.6.0.1")
    assert refused.status_code == 429 and "đã đăng ký nhiều tài khoản trong một giờ" in refused.text
    assert not User.objects.filter(username="hodan2").exists()
    other = client.post(reverse("portal:register"), registration(personas, 2), REMOTE_ADDR="10.6.0.2")
    assert other.status_code == 302 and User.objects.filter(username="hodan2").exists()


@pytest.mark.django_db
def test_the_lock_is_a_row_every_worker_reads(client, personas):
    for _ in range(5):
        login(client, personas.producer.username, "sai", "10.7.0.1")
    key = f"login-fail:user:{personas.producer.username}:locked"
    assert ThrottleCounter.objects.filter(key=key).exists()
    ThrottleCounter.objects.filter(key=key).delete()  # what another process would see
    assert login(client, personas.producer.username, PASSWORD, "10.7.0.2").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    needs_postgresql()
    outcomes = together(*[lambda: throttle.hit("race", 60) for _ in range(8)])
    assert kinds(outcomes) == ["ok"] * 8
    assert sorted(value for _kind, value in outcomes) == list(range(1, 9))
    assert throttle.count("race") == 8


def test_the_redis_store_counts_and_locks(settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/2"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                     "KEY_PREFIX": "ocop-test-throttle"},
    }
    throttle.clear_all()
    assert [throttle.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert throttle.count("k") == 3 and not throttle.any_marked(["k:locked"])
    throttle.mark("k:locked", 60)
    assert throttle.any_marked(["x", "k:locked"])
    assert throttle.allow("r", 1, 60) and not throttle.allow("r", 1, 60)
    throttle.clear(["k", "k:locked"])
    assert throttle.count("k") == 0 and not throttle.any_marked(["k:locked"])
    throttle.clear_all()
