"""``wegwijs loaddemo`` options: demo logins only with DEBUG or when allowed, open data import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Branch, Municipality, Organisation

pytestmark = pytest.mark.django_db

MUNICIPALITIES_CSV = Path("/work/shared/data/nl_municipalities.csv")


def loaddemo(*args: str) -> str:
    out = io.StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def test_demo_logins_are_refused_without_debug() -> None:
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--allow-production"):
        loaddemo()

    assert not User.objects.exists()
    assert not Branch.objects.exists()


def test_demo_network_without_logins_loads_without_debug() -> None:
    with override_settings(DEBUG=False):
        loaddemo("--no-users")

    assert Branch.objects.exists()
    assert not User.objects.exists()


def test_demo_logins_load_without_debug_when_allowed_explicitly() -> None:
    with override_settings(DEBUG=False):
        loaddemo("--allow-production")

    assert User.objects.filter(is_demo=True).count() == len(Role.values)


def test_data_dir_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    with override_settings(DEBUG=True), pytest.raises(CommandError):
        loaddemo("--data-dir", str(tmp_path / "missing"))

    assert not Organisation.objects.exists()


def test_data_dir_imports_all_342_municipalities() -> None:
    if not MUNICIPALITIES_CSV.exists():
        pytest.skip(f"{MUNICIPALITIES_CSV} is not on this machine (open data, optional)")

    with override_settings(DEBUG=True):
        loaddemo("--data-dir", str(MUNICIPALITIES_CSV.parent))
        loaddemo("--data-dir", str(MUNICIPALITIES_CSV.parent))

    assert Municipality.objects.count() == 342
    assert Municipality.objects.filter(latitude__isnull=True).count() == 0
    assert Municipality.objects.get(code="0014").name == "Groningen"
    assert Municipality.objects.get(code="0014").province.code == "NL-GR"
