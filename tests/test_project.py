"""Project-level checks: migrations, settings, deploy checks, the first pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pg_trgm_is_enabled_by_migration(django_db_blocker):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


def test_the_database_is_postgres():
    from django.db import connection

    assert connection.vendor == "postgresql"


def _production_env(static_root) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
                "DJANGO_ALLOWED_HOSTS": "meetings.example.org", "DJANGO_SECURE": "1",
                "DJANGO_STATIC_ROOT": str(static_root)})
    return env


def _manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = _production_env(tmp_path / "static")
    collected = _manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_says_when_static_files_are_not_collected(tmp_path):
    result = _manage("check", "--deploy", env=_production_env(tmp_path / "static"))
    assert result.returncode != 0
    assert "meetings.E001" in result.stderr and "collectstatic" in result.stderr


def test_check_deploy_flags_debug_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0


def test_content_security_policy_is_self_only(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy


def test_home_page_lists_meetings_from_the_database(client, make_meeting):
    make_meeting(summary="Antony Blinken – Liu Jianchao (meeting, Washington)")
    response = client.get("/")
    assert response.status_code == 200
    assert "Antony Blinken – Liu Jianchao" in response.text
    assert '<script src="/static/django_htmx/htmx' in response.text


def test_admin_login_page_renders(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_admin_requires_login(client, db):
    response = client.get("/admin/meetings/meeting/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_admin_lists_render_for_staff(admin_client, make_meeting, make_official):
    make_meeting(officials=[make_official("Gina Raimondo")], summary="Raimondo call")
    for model in ("meeting", "official", "officialalias", "topic", "statement", "article",
                  "officialmention", "rejectedname"):
        response = admin_client.get(f"/admin/meetings/{model}/")
        assert response.status_code == 200, model


def test_admin_login_is_throttled_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_superuser("boss", password="right-password-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/",
                    {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "boss", "password": "right-password-123"})
    assert response.status_code == 429


@pytest.mark.nlp
@pytest.mark.django_db
def test_bootstrap_sets_up_once_and_repeats_nothing(django_user_model):
    import io

    from meetings.models import Article, Meeting, Topic

    first = io.StringIO()
    call_command("bootstrap", stdout=first, stderr=io.StringIO())
    assert "password:" in first.getvalue()
    counts = (Topic.objects.count(), Article.objects.count(), Meeting.objects.count(),
              django_user_model.objects.count())
    assert counts[0] > 50 and counts[1] == 1 and counts[2] == 5 and counts[3] == 1
    second = io.StringIO()
    call_command("bootstrap", stdout=second, stderr=io.StringIO())
    assert "password:" not in second.getvalue()
    assert (Topic.objects.count(), Article.objects.count(), Meeting.objects.count(),
            django_user_model.objects.count()) == counts


def test_local_cluster_left_behind_by_a_dead_server_counts_as_stopped(tmp_path, monkeypatch):
    """After a reboot the pid file and socket remain: `make run` must start the server."""
    from diplomacy import localdb

    cluster = tmp_path / ".pgdata"
    cluster.mkdir()
    (cluster / "PG_VERSION").write_text("15\n")
    (cluster / ".s.PGSQL.5432").write_text("")
    monkeypatch.setattr(localdb, "PGDATA", cluster)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (cluster / "postmaster.pid").write_text(f"{dead.pid}\n{cluster}\n")
    assert not localdb.is_running()
    (cluster / "postmaster.pid").write_text(f"{os.getpid()}\n{cluster}\n")
    assert localdb.is_running()
    (cluster / "postmaster.pid").write_text("garbage\n")
    assert not localdb.is_running()
