"""Changing the geocoder's data: importing the PC4 table, all or nothing.

The file is ``pc4,place,municipality,province,lat,lon`` with a header (UTF-8, comma-separated,
WGS84 decimal degrees), e.g. the ``nl_pc4.csv`` built from GeoNames (CC BY 4.0). The file is
read from where the operator keeps it; it is never copied into the repository.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from wegwijs.geo.models import NL_EAST, NL_NORTH, NL_SOUTH, NL_WEST, Pc4Area

COLUMNS = ("pc4", "place", "municipality", "province", "lat", "lon")
PC4_RE = re.compile(r"[1-9][0-9]{3}")
_MAX_LENGTH = {"place": 100, "municipality": 100, "province": 50}


class Pc4ImportError(Exception):
    """The file was refused; ``problems`` has one line per bad line of the file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Pc4Row:
    pc4: str
    place: str
    municipality: str
    province: str
    latitude: float
    longitude: float


def _coordinate(name: str, raw: str, low: float, high: float) -> tuple[float | None, str]:
    try:
        value = float(raw)
    except ValueError:
        return None, f"{name} {raw!r} is not a number"
    if not math.isfinite(value):
        return None, f"{name} {raw!r} is not a number"
    if not low <= value <= high:
        return None, f"{name} {raw} is outside the Netherlands ({low} to {high})"
    return value, ""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Pc4ImportError([f"line {line}: not UTF-8 text"]) from exc


def parse_pc4_csv(text: str) -> list[Pc4Row]:
    """Every row of the file, or :class:`Pc4ImportError` listing every bad line (line 1 is the
    header) with the reason."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise Pc4ImportError(["line 1: the file is empty (expected a header)"]) from None
    except csv.Error as exc:
        raise Pc4ImportError([f"line 1: {exc}"]) from None
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise Pc4ImportError(
            [f"line 1: missing column(s) {', '.join(missing)} (expected {','.join(COLUMNS)})"]
        )
    position = {name: header.index(name) for name in COLUMNS}

    rows: list[Pc4Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {reader.line_num}: {exc}")
            continue
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue  # blank line
        reasons: list[str] = []
        if len(fields) > len(header):
            reasons.append(f"{len(fields)} values for {len(header)} columns")
        absent = [name for name in COLUMNS if position[name] >= len(fields)]
        if absent:
            reasons.append(f"missing column(s) {', '.join(absent)}")
        value = {name: fields[position[name]].strip() for name in COLUMNS if name not in absent}
        pc4 = value.get("pc4")
        if pc4 is not None:
            if not PC4_RE.fullmatch(pc4):
                reasons.append(f"bad pc4 {pc4!r} (expected 4 digits, 1000 to 9999)")
            elif pc4 in seen:
                reasons.append(f"pc4 {pc4} is also on line {seen[pc4]}")
            else:
                seen[pc4] = line
        for name in ("place", "municipality", "province"):
            if name in value and not value[name]:
                reasons.append(f"{name} is empty")
            elif name in value and len(value[name]) > _MAX_LENGTH[name]:
                reasons.append(f"{name} is longer than {_MAX_LENGTH[name]} characters")
        latitude = longitude = None
        if "lat" in value:
            latitude, reason = _coordinate("lat", value["lat"], NL_SOUTH, NL_NORTH)
            reasons.extend([reason] if reason else [])
        if "lon" in value:
            longitude, reason = _coordinate("lon", value["lon"], NL_WEST, NL_EAST)
            reasons.extend([reason] if reason else [])
        if reasons:
            problems.append(f"line {line}: {'; '.join(reasons)}")
            continue
        assert latitude is not None and longitude is not None and pc4 is not None
        rows.append(
            Pc4Row(
                pc4,
                value["place"],
                value["municipality"],
                value["province"],
                latitude,
                longitude,
            )
        )
    if problems:
        raise Pc4ImportError(problems)
    if not rows:
        raise Pc4ImportError(["the file has a header but no rows"])
    return rows


def import_pc4(path: Path) -> int:
    """Replace the PC4 table with the rows of ``path``: all of them, or (on any bad line, see
    :class:`Pc4ImportError`) none. Returns the number of rows stored."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Pc4ImportError([f"{path}: {exc.strerror or exc}"]) from exc
    rows = parse_pc4_csv(_decode(data))
    now = timezone.now()
    with transaction.atomic():
        Pc4Area.objects.all().delete()
        Pc4Area.objects.bulk_create(
            [
                Pc4Area(
                    pc4=row.pc4,
                    place=row.place,
                    municipality=row.municipality,
                    province=row.province,
                    latitude=row.latitude,
                    longitude=row.longitude,
                    imported_at=now,
                )
                for row in rows
            ],
            batch_size=1000,
        )
    # Each process's place index notices the new import by its time (see geocoding.py).
    return len(rows)
