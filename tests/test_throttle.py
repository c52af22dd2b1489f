"""Login throttling (django-axes) per address and per user name, and the client address."""

import datetime as dt

import pytest
from django.test import RequestFactory

from meetings.throttle import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Every login attempt hashes a password: the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="right-password-123")


def login(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_one_address_cannot_spray_many_user_names(client, boss, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"user{n}", "guess", "203.0.113.9")
    assert login(client, "someone-else", "guess", "203.0.113.9").status_code == 429
    # The address is locked, whatever the name: even the right password is refused there.
    assert login(client, "boss", "right-password-123", "203.0.113.9").status_code == 429
    # The admin logs in from another address at once.
    assert login(client, "boss", "right-password-123", "198.51.100.1").status_code == 302


def test_a_few_wrong_passwords_do_not_lock_the_admin_out(client, boss):
    for _ in range(5):
        login(client, "boss", "wrong", "203.0.113.9")
    assert login(client, "boss", "right-password-123", "203.0.113.9").status_code == 302


def test_a_user_name_attacked_from_many_addresses_cools_off(client, boss, settings):
    from axes.models import AccessAttempt

    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        login(client, "boss", "wrong", f"203.0.113.{n + 1}")
    assert login(client, "boss", "right-password-123", "198.51.100.1").status_code == 429
    # Failures while locked out do not extend the lock-out.
    login(client, "boss", "wrong", "198.51.100.2")
    # After the cool-off the admin logs in, from any address.
    earlier = dt.datetime.now(dt.UTC) - settings.AXES_USERNAME_COOLOFF - dt.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert login(client, "boss", "right-password-123", "198.51.100.1").status_code == 302


def test_the_proxy_header_is_read_only_behind_a_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5",
                                   HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.5"
    settings.BEHIND_PROXY = True
    # The last entry is the one our proxy wrote; the first is whatever the client claimed.
    assert client_ip(request) == "198.51.100.7"


def test_behind_a_proxy_clients_are_throttled_apart(client, boss, settings):
    settings.BEHIND_PROXY = True
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"user{n}", "password": "guess"},
                    REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = client.post(LOGIN, {"username": "boss", "password": "right-password-123"},
                           REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 302


def test_an_address_that_is_not_one_falls_back_to_the_connection(settings):
    settings.BEHIND_PROXY = True
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.5",
                                 HTTP_X_FORWARDED_FOR="unknown")) == "10.0.0.5"
    assert client_ip(factory.get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="")) is None
