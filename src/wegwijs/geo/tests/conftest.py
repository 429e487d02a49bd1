"""Geo tests never reach the network, and each starts with no place index in memory."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from wegwijs.geo import geocoding

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture(autouse=True)
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Connections from Python are refused and recorded; a test that tried one fails (the
    geocoder swallows the error, so the record is what tells). The database driver connects
    in C and is not affected."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("geo tests never use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts
    assert not attempts, f"a geo test tried to use the network: {attempts}"


@pytest.fixture(autouse=True)
def _fresh_place_index() -> Iterator[None]:
    geocoding.reset()
    yield
    geocoding.reset()


@pytest.fixture
def pc4_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a small PC4 file: ``pc4_csv(lines)`` with the header added."""

    def write(*lines: str, header: str = "pc4,place,municipality,province,lat,lon") -> Path:
        path = tmp_path / "pc4.csv"
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def real_pc4_csv() -> Path:
    """The open-data PC4 file (GeoNames, CC BY 4.0), from WEGWIJS_DATA_DIR or ../shared/data;
    the test is skipped on a machine without it."""
    folder = (
        Path(settings.WEGWIJS_DATA_DIR)
        if settings.WEGWIJS_DATA_DIR
        else ROOT.parent / "shared" / "data"
    )
    path = folder / "nl_pc4.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine (open data, optional)")
    return path
