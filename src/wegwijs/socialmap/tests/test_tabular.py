"""The libraries' spreadsheet import: a flat sheet, one row per offer per location."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from wegwijs.socialmap import keeping, tabular
from wegwijs.socialmap.models import (
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    SocialOrganization,
)
from wegwijs.testing.network import Network

pytestmark = pytest.mark.django_db

HEADER = [
    "naam",
    "organisatie",
    "omschrijving",
    "themas",
    "vorm",
    "toegang",
    "locatie",
    "adres",
    "postcode",
    "plaats",
    "dagen",
    "van",
    "tot",
    "startdatum",
    "einddatum",
    "telefoon",
]


def row(**cells: Any) -> list[Any]:
    base = {
        "naam": "Klik & Tik",
        "organisatie": "Bibliotheek Rotterdam",
        "omschrijving": "Leer werken met de computer, in uw eigen tempo.",
        "themas": "digitale-vaardigheden",
        "vorm": "cursus",
        "toegang": "inloop",
        "locatie": "Centrale Bibliotheek",
        "adres": "Hoogstraat 110",
        "postcode": "3011 PV",
        "plaats": "Rotterdam",
        "dagen": "di",
        "van": "10:00",
        "tot": "12:00",
        "startdatum": "",
        "einddatum": "",
        "telefoon": "010 281 6100",
    }
    base.update(cells)
    return [base[h] for h in HEADER]


def sheet(
    *rows: list[Any], header: list[str] = HEADER, delimiter: str = ";", bom: bool = True
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _no_geocoding(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Addresses get a point without the gazetteer; the calls are recorded."""
    calls: list[tuple[str, str, str]] = []

    def locate(address: str, postcode: str, city: str) -> tuple[float, float] | None:
        calls.append((address, postcode, city))
        return (51.92, 4.48) if city or postcode else None

    monkeypatch.setattr(keeping, "locate", locate)
    return calls


def problems(data: bytes, network: Network) -> list[str]:
    with pytest.raises(tabular.SheetError) as error:
        tabular.import_sheet(data, "aanbod.csv", network.rotterdam)
    return error.value.messages


def test_the_template_imports_as_it_is_and_again_without_doubles(network: Network) -> None:
    for data, name in ((tabular.template_xlsx(), "x.xlsx"), (tabular.template_csv(), "x.csv")):
        plan = tabular.import_sheet(data, name, network.rotterdam)
        assert plan.rows == 1
    assert Service.objects.count() == 1
    service = Service.objects.get()
    assert service.name == "Klik & Tik: de basis van de computer"
    assert service.organization.owner == network.rotterdam
    assert service.themes == ["digitale-vaardigheden", "digid"]
    assert (service.format, service.access, service.capacity) == ("cursus", "aanmelden", 8)
    assert service.intake_required and service.target_groups == ["ouderen", "laaggeletterden"]
    assert service.last_verified == date.today()
    schedule = Schedule.objects.get()
    assert (schedule.freq, schedule.byday) == ("WEEKLY", "TU,TH")
    assert (schedule.dtstart, schedule.until) == (date(2026, 9, 1), date(2026, 12, 15))
    assert (schedule.opens_at, schedule.closes_at) == (time(10), time(12))
    assert [p.number for p in service.phones.all()] == ["010 123 4567"]
    # The XLSX template has an explanation sheet with the codes.
    workbook = load_workbook(io.BytesIO(tabular.template_xlsx()), read_only=True)
    assert workbook.sheetnames == ["Aanbod", "Uitleg"]
    explained = [r[0] for r in workbook["Uitleg"].iter_rows(values_only=True)]
    assert "digitale-vaardigheden" in explained and "omschrijving" in explained


def test_rows_join_organisations_services_and_locations(network: Network) -> None:
    data = sheet(
        row(),
        row(dagen="do", van="14:00", tot="16:00"),  # a second time at the same place
        row(locatie="Wijkcentrum De Larik", adres="Larikkenstraat 2", postcode="3083 VA"),
        row(
            naam="Spreekuur DigiD", vorm="spreekuur", themas="digid", omschrijving="Hulp bij DigiD."
        ),
        row(
            organisatie="Humanitas Rotterdam",
            naam="Thuisadministratie",
            themas="geldzaken",
            vorm="coaching",
            omschrijving="Hulp bij de administratie thuis.",
            dagen="",
            van="",
            tot="",
        ),
    )
    plan = tabular.import_sheet(data, "aanbod.csv", network.rotterdam)
    assert plan.counts["organization"]["created"] == 2
    assert SocialOrganization.objects.filter(owner=network.rotterdam).count() == 2
    course = Service.objects.get(name="Klik & Tik")
    assert sorted(course.locations.values_list("name", flat=True)) == [
        "Centrale Bibliotheek",
        "Wijkcentrum De Larik",
    ]
    central = course.at_locations.get(location__name="Centrale Bibliotheek")
    assert sorted(central.schedules.values_list("byday", flat=True)) == ["TH", "TU"]
    digid = Service.objects.get(name="Spreekuur DigiD")
    assert digid.locations.get() == central.location  # the same place, not a copy
    assert Location.objects.count() == 2
    assert Service.objects.get(name="Thuisadministratie").organization.name == "Humanitas Rotterdam"


def test_importing_again_updates_and_follows_the_sheet(network: Network) -> None:
    tabular.import_sheet(
        sheet(row(), row(locatie="Wijkcentrum", adres="Larikkenstraat 2", postcode="3083 VA")),
        "a.csv",
        network.rotterdam,
    )
    ids = set(Service.objects.values_list("pk", flat=True))
    plan = tabular.import_sheet(
        sheet(row(omschrijving="Nieuwe tekst voor de cursus.", dagen="wo", telefoon="")),
        "a.csv",
        network.rotterdam,
    )
    assert plan.counts["service"] == {"updated": 1}
    assert set(Service.objects.values_list("pk", flat=True)) == ids
    service = Service.objects.get()
    assert service.description == "Nieuwe tekst voor de cursus."
    assert [loc.name for loc in service.locations.all()] == ["Centrale Bibliotheek"]
    assert list(Schedule.objects.values_list("byday", flat=True)) == ["WE"]
    assert not Phone.objects.exists()  # an empty cell clears
    # A column that is left out leaves the field alone.
    tabular.import_sheet(
        sheet(row()[:5], header=HEADER[:5]),
        "b.csv",
        network.rotterdam,
    )
    assert list(Schedule.objects.values_list("byday", flat=True)) == ["WE"]
    assert ServiceAtLocation.objects.count() == 1


def test_every_problem_has_its_row_and_column_and_nothing_is_stored(network: Network) -> None:
    data = sheet(
        row(),
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # an empty row 3
        row(naam="Digicafé", vorm="workshop"),
        row(naam="Taalcafé", van="25:00", startdatum="31-2-2026"),
        row(naam="Spreekuur", themas="digid, onzin", postcode="12345"),
        row(naam="", omschrijving=""),
    )
    found = problems(data, network)
    assert found[0].startswith("regel 4, kolom vorm: Onbekende")
    assert "regel 5, kolom van: " in "\n".join(found)
    assert "regel 5, kolom startdatum: Deze datum bestaat niet." in found
    assert any(p.startswith("regel 6, kolom themas: ") and "onzin" in p for p in found)
    assert any(p.startswith("regel 6, kolom postcode: ") for p in found)
    assert "regel 7, kolom naam: Vul dit veld in." in found
    assert "regel 7, kolom omschrijving: Vul dit veld in." in found
    assert not Service.objects.exists() and not SocialOrganization.objects.exists()


def test_personal_data_in_free_text_is_a_numbered_error(network: Network) -> None:
    data = sheet(
        row(), row(naam="Spreekuur", omschrijving="Vraag naar BSN 111222333 bij de balie.")
    )
    found = problems(data, network)
    assert len(found) == 1
    assert found[0].startswith("regel 3, kolom omschrijving: ")
    assert "BSN" in found[0] and "111222333" not in found[0]
    assert not Service.objects.exists()


def test_headers_in_any_case_with_accents_or_in_english(network: Network) -> None:
    header = [
        "Name",
        "ORGANISATION",
        "Beschrijving",
        "Thema's",
        "Format",
        "Place",
        "Days",
        "From",
        "Until",
        "Start date",
    ]
    data = sheet(
        [
            "Tabletcafé",
            "Bibliotheek Rotterdam",
            "Samen oefenen met de tablet.",
            "Digitale vaardigheden",
            "Café",
            "Rotterdam",
            "maandag en woensdag",
            "9.30",
            "11u",
            "1 september 2026",
        ],
        header=header,
        delimiter=",",
        bom=False,
    )
    tabular.import_sheet(data, "english.csv", network.rotterdam)
    service = Service.objects.get()
    assert (service.themes, service.format) == (["digitale-vaardigheden"], "cafe")
    schedule = Schedule.objects.get()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "MO,WE",
        time(9, 30),
        time(11),
    )
    assert schedule.dtstart == date(2026, 9, 1)


def test_unknown_and_missing_columns(network: Network) -> None:
    found = problems(sheet(["x", "y"], header=["naam", "notities"]), network)
    assert "regel 1: De kolom organisatie ontbreekt." in found
    plan = tabular.check(
        sheet([*row(), "eigen notitie"], header=[*HEADER, "notities"]), "a.csv", network.rotterdam
    )
    assert plan.ok and any("notities" in w for w in plan.warnings)


def test_the_same_offer_must_not_say_two_things(network: Network) -> None:
    found = problems(sheet(row(), row(vorm="spreekuur")), network)
    assert found == [
        "regel 3, kolom vorm: Anders dan regel 2 voor hetzelfde aanbod. Gebruik dezelfde "
        "waarde of laat de cel leeg."
    ]


def test_course_dates_and_single_sessions(network: Network) -> None:
    data = sheet(
        row(dagen="ma t/m vr", startdatum="2026-09-07", einddatum="18-9-2026"),
        row(dagen="", startdatum="01-10-2026", van="19:00", tot="21:00"),
        row(dagen="", van="10:00", tot="09:00", startdatum=""),
    )
    found = problems(data, network)
    assert "regel 4, kolom startdatum: Vul de datum in (of de dagen van de week)." in found
    assert "regel 4, kolom tot: De eindtijd moet later zijn dan de begintijd." in found
    tabular.import_sheet(
        sheet(
            *[
                data_row
                for data_row in [
                    row(dagen="ma t/m vr", startdatum="2026-09-07", einddatum="18-9-2026"),
                    row(dagen="", startdatum="01-10-2026", van="19:00", tot="21:00"),
                ]
            ]
        ),
        "a.csv",
        network.rotterdam,
    )
    weekly, once = Schedule.objects.order_by("dtstart")
    assert (weekly.freq, weekly.byday, weekly.until) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        date(2026, 9, 18),
    )
    assert (once.freq, once.dtstart, once.until) == ("", date(2026, 10, 1), date(2026, 10, 1))


def test_xlsx_with_real_dates_and_times(network: Network) -> None:
    data = xlsx(
        row(
            van=time(13, 30),
            tot=time(15),
            startdatum=date(2026, 1, 5),
            einddatum=date(2026, 3, 30),
            dagen="MO",
        )
    )
    tabular.import_sheet(data, "aanbod.xlsx", network.rotterdam)
    schedule = Schedule.objects.get()
    assert (schedule.opens_at, schedule.dtstart, schedule.until) == (
        time(13, 30),
        date(2026, 1, 5),
        date(2026, 3, 30),
    )


def test_status_do_not_refer_and_withdrawn(network: Network) -> None:
    header = [*HEADER, "status"]
    tabular.import_sheet(
        sheet([*row(), "niet doorverwijzen"], [*row(naam="Oud"), "ingetrokken"], header=header),
        "a.csv",
        network.rotterdam,
    )
    assert Service.objects.get(name="Klik & Tik").do_not_refer
    assert Service.objects.get(name="Oud").status == "inactive"


def test_files_that_cannot_be_read_say_so(network: Network) -> None:
    assert problems(b"\xd0\xcf\x11\xe0rest of an old excel file", network)[0].startswith(
        "Dit is een oud Excel-bestand"
    )
    assert problems(b"PK\x03\x04broken", network) == [
        "Dit bestand kunnen we niet lezen als Excel-werkmap (.xlsx)."
    ]
    assert problems(b"", network) == ["Het bestand is leeg."]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (tabular.MAX_UNPACKED + 1))
    assert len(bomb.getvalue()) < tabular.MAX_BYTES
    assert problems(bomb.getvalue(), network)[0].startswith("Het bestand is te groot")


def test_an_organisation_of_another_keeper_is_not_touched(network: Network) -> None:
    SocialOrganization.objects.create(
        owner=network.zaanstreek, name="Bibliotheek Rotterdam", description="Andere eigenaar."
    )
    tabular.import_sheet(sheet(row()), "a.csv", network.rotterdam)
    assert SocialOrganization.objects.filter(name="Bibliotheek Rotterdam").count() == 2
    assert Service.objects.get().organization.owner == network.rotterdam


def test_the_command_line(network: Network, tmp_path: Path) -> None:
    good = tmp_path / "aanbod.csv"
    good.write_bytes(sheet(row()))
    out = io.StringIO()
    call_command(
        "socialmap",
        "import-sheet",
        str(good),
        "--owner",
        "bibliotheek-rotterdam",
        "--dry-run",
        stdout=out,
    )
    assert not Service.objects.exists()
    call_command(
        "socialmap", "import-sheet", str(good), "--owner", "bibliotheek-rotterdam", stdout=out
    )
    assert Service.objects.count() == 1
    bad = tmp_path / "fout.csv"
    bad.write_bytes(sheet(row(vorm="?")))
    with pytest.raises(CommandError, match="regel 2, kolom vorm"):
        call_command("socialmap", "import-sheet", str(bad), "--owner", "bibliotheek-rotterdam")
    template = tmp_path / "voorbeeld.xlsx"
    call_command("socialmap", "sheet-template", "--output", str(template), stdout=out)
    assert template.read_bytes()[:2] == b"PK"


LINE = re.compile(r"^regel (\d+)(, kolom [^:]+)?: .+", re.DOTALL)


#: Per column: a good value, or any text at all (so rows get past the first checks too).
CELL = {
    name: st.one_of(st.just(value), st.just(value), st.just(value), st.text(max_size=40))
    for name, value in zip(HEADER, row(), strict=True)
}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(st.tuples(*(CELL[name] for name in HEADER)), min_size=1, max_size=3),
    as_xlsx=st.booleans(),
)
def test_any_cell_text_gives_a_numbered_error_or_an_import(
    network: Network, cells: list[tuple[str, ...]], as_xlsx: bool
) -> None:
    rows = [list(c) for c in cells]
    if as_xlsx:  # XML cannot hold control characters; a spreadsheet program never writes them
        rows = [[re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", c) for c in r] for r in rows]
    data = xlsx(*rows) if as_xlsx else sheet(*rows)
    try:
        plan = tabular.import_sheet(data, "willekeurig", network.rotterdam)
    except tabular.SheetError as exc:
        event("refused")
        assert exc.messages
        for message in exc.messages:
            match = LINE.match(message)
            assert match, message
            assert 1 <= int(match.group(1)) <= len(rows) + 1
    else:
        event("imported")
        assert plan.rows >= 1
        assert Service.objects.filter(organization__owner=network.rotterdam).exists()


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True)))
def test_cell_readers_only_refuse(value: Any) -> None:
    for reader in (
        tabular.parse_date,
        tabular.parse_time,
        lambda v: tabular.parse_days(tabular.text(v)),
    ):
        with contextlib.suppress(tabular.CellError):
            reader(value)
