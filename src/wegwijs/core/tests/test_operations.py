"""Running Wegwijs: the health check, production settings and the environment variable table."""

from __future__ import annotations

import io
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from wegwijs.accounts.models import Role
from wegwijs.testing.factories import add_totp, make_user

WEGWIJS = Path(sys.executable).with_name("wegwijs")


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "wegwijs.conf.production",
            "ALLOWED_HOSTS": "wegwijs.example.nl",
            "WEGWIJS_VAR_DIR": str(tmp_path),
        }
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [str(WEGWIJS), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


# --- health ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_check_says_ok_without_logging_in(client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_check_is_not_held_up_by_the_code_step(client: Client) -> None:
    user = make_user(Role.COORDINATOR)
    add_totp(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get("/health/").json() == {"status": "ok", "database": "ok"}


# --- production settings --------------------------------------------------------------------


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    key = "".join(secrets.choice(alphabet) for _ in range(60))

    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        _production_env(tmp_path, SECRET_KEY=key),
        tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _run(["check"], _production_env(tmp_path), tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_refuse_an_empty_secret_key(tmp_path: Path) -> None:
    result = _run(["check"], _production_env(tmp_path, SECRET_KEY=""), tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# --- environment variable docs --------------------------------------------------------------


def test_envdocs_prints_a_table_of_the_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With a key in the environment the development settings don't write one to var/.
    monkeypatch.setenv("SECRET_KEY", "envdocs-test-" + "x" * 50)
    out = io.StringIO()

    call_command("envdocs", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("| variable |")
    rows = {line.split("|")[1].strip().strip("`"): line for line in lines[2:]}
    assert {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "AXES_FAILURE_LIMIT"} <= set(
        rows
    )
    assert "required in production" in rows["SECRET_KEY"]
    assert all(line.count("|") >= 4 for line in lines)
