"""The PDOK Locatieserver adapter: parsing its answer, and falling back to the offline answer
whenever it fails. Every HTTP call here is a mock."""

from __future__ import annotations

import io
import json
import logging
from typing import Any
from unittest import mock
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from wegwijs.geo import geocoding
from wegwijs.geo.geocoding import Place, geocode, parse_pdok
from wegwijs.geo.models import Pc4Area

pytestmark = pytest.mark.django_db

PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
KOOG = Place("1541 Koog aan de Zaan", 52.4616, 4.8024, "pc4", "pc4-table")


def answer(*docs: dict[str, Any]) -> dict[str, Any]:
    return {"response": {"numFound": len(docs), "start": 0, "maxScore": 9.1, "docs": list(docs)}}


ADDRESS = {
    "type": "adres",
    "weergavenaam": "Stationsplein 1, 1506DA Zaandam",
    "centroide_ll": "POINT(4.81073 52.43825)",
}
POSTCODE = {
    "type": "postcode",
    "weergavenaam": "1541AB, Koog aan de Zaan",
    "centroide_ll": "POINT(4.80491 52.46101)",
}


@pytest.fixture(autouse=True)
def _pc4_table() -> None:
    Pc4Area.objects.create(
        pc4="1541",
        place="Koog aan de Zaan",
        municipality="Zaanstad",
        province="Noord-Holland",
        latitude=52.4616,
        longitude=4.8024,
        imported_at=timezone.now(),
    )


def responding(payload: Any) -> mock.MagicMock:
    """A mock ``urlopen`` that answers with ``payload`` (JSON unless already bytes)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return mock.MagicMock(side_effect=lambda *args, **kwargs: io.BytesIO(body))


def sent(urlopen: mock.MagicMock) -> tuple[str, dict[str, list[str]], float]:
    request = urlopen.call_args.args[0]
    parts = urlsplit(request.full_url)
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}",
        parse_qs(parts.query),
        urlopen.call_args.kwargs["timeout"],
    )


# --- Parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (ADDRESS, Place(ADDRESS["weergavenaam"], 52.43825, 4.81073, "address", "pdok")),
        (POSTCODE, Place(POSTCODE["weergavenaam"], 52.46101, 4.80491, "postcode", "pdok")),
        (
            {
                "type": "woonplaats",
                "weergavenaam": "Zaandam, Zaanstad, Noord-Holland",
                "centroide_ll": "POINT(4.82 52.44)",
            },
            Place("Zaandam, Zaanstad, Noord-Holland", 52.44, 4.82, "place", "pdok"),
        ),
        (
            {
                "type": "weg",
                "weergavenaam": "Gedempte Gracht, Zaandam",
                "centroide_ll": "POINT (4.8258 52.4378)",
            },
            Place("Gedempte Gracht, Zaandam", 52.4378, 4.8258, "address", "pdok"),
        ),
    ],
)
def test_a_locatieserver_answer_becomes_a_place(doc: dict[str, Any], expected: Place) -> None:
    assert parse_pdok(answer(doc, ADDRESS)) == expected


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "POINT(4.8 52.4)",
        {},
        {"response": None},
        {"response": {"docs": []}},
        {"response": {"docs": "none"}},
        answer({**ADDRESS, "type": "perceel"}),
        answer({**ADDRESS, "centroide_ll": "POINT(4.8)"}),
        answer({**ADDRESS, "centroide_ll": "POLYGON((4 52, 5 52, 5 53, 4 52))"}),
        answer({**ADDRESS, "centroide_ll": None}),
        answer({**ADDRESS, "centroide_ll": "POINT(52.43825 4.81073)"}),  # axes swapped
        answer({**ADDRESS, "centroide_ll": "POINT(2.35 48.85)"}),  # Paris
        answer({**ADDRESS, "weergavenaam": ""}),
        answer({k: v for k, v in ADDRESS.items() if k != "type"}),
    ],
)
def test_anything_else_is_no_place(payload: Any) -> None:
    assert parse_pdok(payload) is None


# --- Asking PDOK -----------------------------------------------------------------------------


@override_settings(GEO_PDOK_URL=PDOK_URL, GEO_PDOK_TIMEOUT=1.5)
def test_an_address_is_asked_of_pdok_with_the_timeout() -> None:
    urlopen = responding(answer(ADDRESS))
    with mock.patch.object(geocoding, "urlopen", urlopen):
        place = geocode("Stationsplein 1, Zaandam")

    assert place == Place(ADDRESS["weergavenaam"], 52.43825, 4.81073, "address", "pdok")
    url, params, timeout = sent(urlopen)
    assert url == PDOK_URL
    assert params["q"] == ["Stationsplein 1, Zaandam"]
    assert params["rows"] == ["1"]
    assert params["fq"] == ["type:(adres OR weg OR postcode OR woonplaats OR gemeente)"]
    assert timeout == 1.5


@override_settings(GEO_PDOK_URL=PDOK_URL)
def test_a_full_postcode_is_refined_by_pdok() -> None:
    urlopen = responding(answer(POSTCODE))
    with mock.patch.object(geocoding, "urlopen", urlopen):
        place = geocode("1541 ab")

    assert place is not None
    assert (place.kind, place.source) == ("postcode", "pdok")
    _, params, timeout = sent(urlopen)
    assert params["q"] == ["1541AB"]
    assert params["fq"] == ["type:postcode"]
    assert timeout == 2.0


@override_settings(GEO_PDOK_URL=PDOK_URL)
def test_what_the_offline_data_knows_is_not_asked_of_pdok() -> None:
    with mock.patch.object(geocoding, "urlopen") as urlopen:
        assert geocode("1541") == KOOG
        assert geocode("Zaandam") is not None
        assert geocode("52.37,4.89") is not None

    urlopen.assert_not_called()


@override_settings(GEO_PDOK_URL=PDOK_URL)
@pytest.mark.parametrize(
    "failure",
    [
        URLError("Name or service not known"),
        TimeoutError("timed out"),
        OSError("Network is unreachable"),
        ConnectionResetError(),
        HTTPError(PDOK_URL, 503, "Service Unavailable", {}, None),  # type: ignore[arg-type]
        ValueError("odd URL"),
    ],
)
def test_a_failing_pdok_falls_back_to_the_pc4_table(
    failure: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="wegwijs.geo.geocoding"),
        mock.patch.object(geocoding, "urlopen", side_effect=failure) as urlopen,
    ):
        place = geocode("Kerkstraat 12, 1541 AB Koog aan de Zaan")

    assert place == KOOG
    assert urlopen.call_count == 1
    assert "PDOK Locatieserver failed" in caplog.text
    assert "Kerkstraat" not in caplog.text  # a citizen's address is never logged


@override_settings(GEO_PDOK_URL=PDOK_URL)
@pytest.mark.parametrize(
    "body", [b"<html>502 Bad Gateway</html>", b"", b'{"response": {"docs": []}}', b"\xff\xfe"]
)
def test_an_answer_that_is_no_place_falls_back_to_the_offline_answer(body: bytes) -> None:
    with mock.patch.object(geocoding, "urlopen", responding(body)):
        assert geocode("1541 AB") == KOOG
        assert geocode("Stationsplein 1, Zaandam") == geocode("Zaandam")
        assert geocode("Nergensstraat 3") is None


@override_settings(GEO_PDOK_URL="file:///etc/passwd")
def test_only_http_urls_are_opened(caplog: pytest.LogCaptureFixture) -> None:
    with mock.patch.object(geocoding, "urlopen") as urlopen:
        assert geocode("1541 AB") == KOOG

    urlopen.assert_not_called()
    assert "not an http(s) URL" in caplog.text


@override_settings(GEO_PDOK_URL=PDOK_URL + "?fl=id")
def test_a_url_with_its_own_parameters_keeps_them() -> None:
    urlopen = responding(answer(ADDRESS))
    with mock.patch.object(geocoding, "urlopen", urlopen):
        geocode("Stationsplein 1, Zaandam")

    request = urlopen.call_args.args[0]
    assert request.full_url.startswith(PDOK_URL + "?fl=id&q=")


@override_settings(GEO_PDOK_URL=PDOK_URL)
def test_text_no_url_can_carry_is_no_failure(caplog: pytest.LogCaptureFixture) -> None:
    with mock.patch.object(geocoding, "urlopen", responding(answer(ADDRESS))) as urlopen:
        assert geocode("Stationsplein \ud800 1") is None  # a lone surrogate: no UTF-8

    urlopen.assert_not_called()
    assert "UnicodeEncodeError" in caplog.text


@override_settings(GEO_PDOK_URL=PDOK_URL)
def test_without_a_mock_the_connection_is_refused_and_geocode_falls_back(
    network_attempts: list[str],
) -> None:
    """The conftest's guard refuses the connection urllib tries: geocode answers offline."""
    assert geocode("Kerkstraat 12, 1541 AB Koog aan de Zaan") == KOOG

    assert len(network_attempts) == 1
    network_attempts.clear()
