"""Benchmark: the public site's "nearest Informatiepunten" and its page render.

    .venv/bin/python bench/public.py [--branches 1500] [--queries 500] [--renders 200] [--seed 7]

What it does, in one process, on a fresh SQLite database in a temporary folder:

1. migrates, and creates ``--branches`` synthetic library branches (90 % with an IDO) spread
   around 60 Dutch towns (normal spread of about 6 km), each with weekly opening hours and,
   for basis-model libraries, consultation hours; a PC4 row per town for the geocoder;
2. nearest-10 through the code the site uses (``wegwijs.public.locations.nearest_points``:
   a bounding box in SQL, growing until exact, measured with ``geo.nearest``), and the same
   with the branches loaded and "open now" computed (``locations.near``, what a results page
   and the API call), beside a brute-force scan in NumPy (vectorised haversine and
   ``argpartition`` over all IDO branches): once over arrays held in memory (the floor of a
   full scan), once loading the points from the database for each query (what a stateless
   process would have to do); every answer is checked to be the same ten branches;
3. page render: the Django test client in-process (no HTTP server) renders the results page
   (``/hulp/zoeken/?q=<postcode>``), the page of an Informatiepunt and the home page;
   p50/p95 per page. Targets: nearest-10 p95 <= 10 ms, page render p95 <= 50 ms.

Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stats import percentile  # noqa: E402  (bench/ is on the path: scripts run from there)

TARGET_NEAREST_P95_MS = 10.0
TARGET_RENDER_P95_MS = 50.0

#: (PC4, place, latitude, longitude) of 60 Dutch towns, spread over the provinces.
TOWNS = [
    ("1011", "Amsterdam", 52.3728, 4.8936),
    ("3011", "Rotterdam", 51.9225, 4.4792),
    ("2511", "Den Haag", 52.0799, 4.3113),
    ("3511", "Utrecht", 52.0907, 5.1214),
    ("5611", "Eindhoven", 51.4416, 5.4697),
    ("9711", "Groningen", 53.2194, 6.5665),
    ("5038", "Tilburg", 51.5555, 5.0913),
    ("1311", "Almere", 52.3508, 5.2647),
    ("4811", "Breda", 51.5719, 4.7683),
    ("6511", "Nijmegen", 51.8426, 5.8528),
    ("6811", "Arnhem", 51.9851, 5.8987),
    ("2011", "Haarlem", 52.3874, 4.6462),
    ("7511", "Enschede", 52.2215, 6.8937),
    ("3811", "Amersfoort", 52.1561, 5.3878),
    ("8011", "Zwolle", 52.5168, 6.0830),
    ("1506", "Zaandam", 52.4386, 4.8264),
    ("2311", "Leiden", 52.1601, 4.4970),
    ("6211", "Maastricht", 50.8514, 5.6910),
    ("3311", "Dordrecht", 51.8133, 4.6901),
    ("8911", "Leeuwarden", 53.2012, 5.7999),
    ("5211", "Den Bosch", 51.6978, 5.3037),
    ("1211", "Hilversum", 52.2292, 5.1669),
    ("7311", "Apeldoorn", 52.2112, 5.9699),
    ("2611", "Delft", 52.0116, 4.3571),
    ("9401", "Assen", 52.9925, 6.5649),
    ("4331", "Middelburg", 51.4988, 3.6136),
    ("5911", "Venlo", 51.3704, 6.1724),
    ("6411", "Heerlen", 50.8882, 5.9795),
    ("1621", "Hoorn", 52.6424, 5.0597),
    ("1781", "Den Helder", 52.9563, 4.7601),
    ("8232", "Lelystad", 52.5185, 5.4714),
    ("7411", "Deventer", 52.2550, 6.1639),
    ("2801", "Gouda", 52.0115, 4.7105),
    ("3201", "Spijkenisse", 51.8450, 4.3290),
    ("4701", "Roosendaal", 51.5308, 4.4653),
    ("5401", "Uden", 51.6608, 5.6194),
    ("6701", "Wageningen", 51.9692, 5.6654),
    ("7001", "Doetinchem", 51.9650, 6.2886),
    ("7701", "Dedemsvaart", 52.6000, 6.4600),
    ("7801", "Emmen", 52.7858, 6.8975),
    ("8401", "Gorredijk", 53.0050, 6.0650),
    ("8601", "Sneek", 53.0331, 5.6589),
    ("9101", "Dokkum", 53.3256, 5.9986),
    ("9501", "Stadskanaal", 52.9900, 6.9500),
    ("9601", "Hoogezand", 53.1600, 6.7600),
    ("4401", "Yerseke", 51.4930, 4.0500),
    ("4501", "Oostburg", 51.3260, 3.4880),
    ("4611", "Bergen op Zoom", 51.4950, 4.2917),
    ("5701", "Helmond", 51.4793, 5.6570),
    ("6001", "Weert", 51.2517, 5.7064),
    ("6101", "Echt", 51.1050, 5.8700),
    ("6131", "Sittard", 51.0000, 5.8690),
    ("3401", "IJsselstein", 52.0200, 5.0450),
    ("3901", "Veenendaal", 52.0286, 5.5589),
    ("1401", "Bussum", 52.2740, 5.1640),
    ("1811", "Alkmaar", 52.6324, 4.7534),
    ("1441", "Purmerend", 52.5050, 4.9597),
    ("2201", "Noordwijk", 52.2400, 4.4400),
    ("2401", "Alphen aan den Rijn", 52.1291, 4.6550),
    ("4201", "Gorinchem", 51.8306, 4.9742),
]
KM_PER_DEGREE = 111.2


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="wegwijs-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wegwijs.conf.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    logging.disable(logging.WARNING)
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    from math import cos, radians

    from wegwijs.geo.models import NL_EAST, NL_NORTH, NL_SOUTH, NL_WEST

    la = lat + rng.gauss(0, km) / KM_PER_DEGREE
    lo = lon + rng.gauss(0, km) / (KM_PER_DEGREE * cos(radians(lat)))
    return min(max(la, NL_SOUTH), NL_NORTH - 0.05), min(max(lo, NL_WEST), NL_EAST)


def build(count: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from wegwijs.geo.models import Pc4Area
    from wegwijs.network.models import (
        Branch,
        HoursKind,
        IdoModel,
        OpeningPeriod,
        Organisation,
        OrganisationKind,
        Province,
        Wave,
    )

    with transaction.atomic():
        province = Province.objects.create(code="NL-UT", name="Utrecht")
        now = timezone.now()
        Pc4Area.objects.bulk_create(
            Pc4Area(
                pc4=pc4,
                place=place,
                municipality=place,
                province="-",
                latitude=lat,
                longitude=lon,
                imported_at=now,
            )
            for pc4, place, lat, lon in TOWNS
        )
        models = [IdoModel.BASIS, IdoModel.ALTIJD, IdoModel.BREED]
        libraries = Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.LIBRARY,
                name=f"Bibliotheek {i}",
                slug=f"bibliotheek-{i}",
                province=province,
                wave=Wave.WAVE_2020,
                ido_model=models[i % 3],
            )
            for i in range(max(1, count // 5))
        )
        branches = []
        for i in range(count):
            pc4, place, lat, lon = TOWNS[i % len(TOWNS)]
            la, lo = jitter(rng, lat, lon, 6.0)
            branches.append(
                Branch(
                    organisation=libraries[i % len(libraries)],
                    name=f"Vestiging {i}",
                    street=f"Dorpsstraat {i}",
                    postcode=f"{pc4} AB",
                    place=place,
                    latitude=la,
                    longitude=lo,
                    has_ido=rng.random() < 0.9,
                    accessibility="Ingang zonder drempel.",
                )
            )
        branches = Branch.objects.bulk_create(branches)
        periods = []
        for branch in branches:
            for day in range(6):
                periods.append(
                    OpeningPeriod(branch=branch, weekday=day, opens=clock(10), closes=clock(18))
                )
            if branch.organisation.ido_model == IdoModel.BASIS:
                for day in (1, 3):
                    periods.append(
                        OpeningPeriod(
                            branch=branch,
                            kind=HoursKind.CONSULTATION,
                            weekday=day,
                            opens=clock(10),
                            closes=clock(12),
                        )
                    )
        OpeningPeriod.objects.bulk_create(periods)


def timed(fn: Callable[[Any], Any], inputs: list[Any]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for item in inputs:
        start = time.perf_counter()
        results.append(fn(item))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def line(name: str, times: list[float], target: float | None = None) -> str:
    p95 = percentile(times, 95)
    verdict = "" if target is None else ("  ok" if p95 <= target else f"  OVER {target:g} ms")
    return f"{name:<46}{statistics.median(times):>8.2f}{p95:>8.2f}{max(times):>8.2f}{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--branches", type=int, default=1500)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    setup_django()
    import numpy as np
    from django.test import Client

    from wegwijs.geo.geocoding import EARTH_RADIUS_KM, Place
    from wegwijs.network.models import Branch
    from wegwijs.public import locations

    build(args.branches, rng)
    ido = Branch.objects.filter(has_ido=True, latitude__isnull=False)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, NumPy {np.__version__}, SQLite"
    )
    print(f"{args.branches} branches, {ido.count()} with an IDO; {args.queries} queries\n")

    points = []
    for _ in range(args.queries):
        _, _, lat, lon = rng.choice(TOWNS)
        points.append(jitter(rng, lat, lon, 10.0))

    def numpy_nearest(lat: float, lon: float, ids: Any, lats: Any, lons: Any) -> list[int]:
        phi1, phi2 = np.radians(lat), np.radians(lats)
        d_phi = phi2 - phi1
        d_lambda = np.radians(lons - lon)
        h = np.sin(d_phi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        best = np.argpartition(km, 10)[:10]
        return [int(ids[i]) for i in best[np.argsort(km[best], kind="stable")]]

    def load_arrays() -> tuple[Any, Any, Any]:
        rows = np.array(list(ido.values_list("pk", "latitude", "longitude")), dtype=float)
        return rows[:, 0].astype(int), rows[:, 1], rows[:, 2]

    ids, lats, lons = load_arrays()
    # Warm up the connection and the query paths.
    for lat, lon in points[:20]:
        locations.nearest_points(lat, lon, 10)
        locations.near(Place("x", lat, lon, "coordinates", "bench"), 10)

    site, site_ids = timed(lambda p: locations.nearest_points(p[0], p[1], 10), points)
    full, _ = timed(
        lambda p: locations.near(Place("x", p[0], p[1], "coordinates", "b"), 10), points
    )
    floor, floor_ids = timed(lambda p: numpy_nearest(p[0], p[1], ids, lats, lons), points)
    loaded, _ = timed(lambda p: numpy_nearest(p[0], p[1], *load_arrays()), points)
    mismatches = sum(
        [pk for pk, _ in ours] != theirs for ours, theirs in zip(site_ids, floor_ids, strict=True)
    )

    print(f"{'nearest 10 IDOs (ms)':<46}{'p50':>8}{'p95':>8}{'max':>8}")
    print(line("site: bounding box in SQL + geo.nearest", site, TARGET_NEAREST_P95_MS))
    print(line("site: the same + branches, hours, open now", full))
    print(line("NumPy brute force, points in memory", floor))
    print(line("NumPy brute force, points loaded per query", loaded))
    print(f"answers that differ from the brute force: {mismatches} of {len(points)}\n")

    client = Client()
    sample = list(ido.values_list("pk", flat=True)[:50])
    pages = {
        "/hulp/zoeken/?q=<postcode>": [f"/hulp/zoeken/?q={t[0]}+AB" for t in TOWNS],
        "/hulp/locatie/<id>/": [f"/hulp/locatie/{pk}/" for pk in sample],
        "/hulp/": ["/hulp/"],
    }
    print(f"{'page render, Django test client (ms)':<46}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, urls in pages.items():
        for url in urls[:10]:  # warm up
            assert client.get(url).status_code == 200, url
        renders = [urls[i % len(urls)] for i in range(args.renders)]
        times, answers = timed(client.get, renders)
        assert all(a.status_code == 200 for a in answers)
        print(line(name, times, TARGET_RENDER_P95_MS))


if __name__ == "__main__":
    main()
