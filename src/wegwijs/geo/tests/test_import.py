"""``wegwijs geo import-pc4``: all or nothing, every bad line named, a new import replaces."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wegwijs.geo import services
from wegwijs.geo.models import Pc4Area

pytestmark = pytest.mark.django_db

GOOD = (
    "1011,Amsterdam,Amsterdam,Noord-Holland,52.37100,4.90420",
    "1541,Koog aan de Zaan,Zaanstad,Noord-Holland,52.46160,4.80240",
    "5211,'s-Hertogenbosch,'s-Hertogenbosch,Noord-Brabant,51.68930,5.30350",
)


def geo(*args: str) -> str:
    out = io.StringIO()
    call_command("geo", *args, stdout=out)
    return out.getvalue()


def test_a_good_file_is_imported_and_counted(pc4_csv: Callable[..., Path]) -> None:
    output = geo("import-pc4", str(pc4_csv(*GOOD)))

    assert output == "PC4 table: 3 areas imported.\n"
    area = Pc4Area.objects.get(pc4="1541")
    assert (area.place, area.municipality, area.province) == (
        "Koog aan de Zaan",
        "Zaanstad",
        "Noord-Holland",
    )
    assert (area.latitude, area.longitude) == (52.4616, 4.8024)


def test_a_file_with_two_bad_lines_stores_nothing_and_names_both_lines(
    pc4_csv: Callable[..., Path],
) -> None:
    path = pc4_csv(GOOD[0], "15x1,Zaandam,Zaanstad,Noord-Holland,52.4,4.8", GOOD[2], "9999,X")

    with pytest.raises(CommandError) as caught:
        geo("import-pc4", str(path))

    message = str(caught.value)
    assert message.startswith("Nothing imported:")
    assert "line 3: bad pc4 '15x1'" in message
    assert "line 5: missing column(s) municipality, province, lat, lon" in message
    assert "line 2" not in message
    assert "line 4" not in message
    assert not Pc4Area.objects.exists()


def test_a_refused_file_leaves_the_previous_import_alone(pc4_csv: Callable[..., Path]) -> None:
    geo("import-pc4", str(pc4_csv(*GOOD)))

    with pytest.raises(CommandError):
        geo("import-pc4", str(pc4_csv("1012,Amsterdam,Amsterdam,Noord-Holland,52.4,abc")))

    assert sorted(Pc4Area.objects.values_list("pc4", flat=True)) == ["1011", "1541", "5211"]


def test_a_new_import_replaces_the_table(pc4_csv: Callable[..., Path]) -> None:
    geo("import-pc4", str(pc4_csv(*GOOD)))
    output = geo(
        "import-pc4",
        str(
            pc4_csv(
                "1011,Amsterdam Centrum,Amsterdam,Noord-Holland,52.37,4.90",
                "9711,Groningen,Groningen,Groningen,53.219,6.568",
            )
        ),
    )

    assert output == "PC4 table: 2 areas imported.\n"
    assert sorted(Pc4Area.objects.values_list("pc4", "place")) == [
        ("1011", "Amsterdam Centrum"),
        ("9711", "Groningen"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0123,A,B,C,52.0,5.0", "bad pc4 '0123'"),
        ("12345,A,B,C,52.0,5.0", "bad pc4 '12345'"),
        (",A,B,C,52.0,5.0", "bad pc4 ''"),
        ("1234,A,B,C,fifty,5.0", "lat 'fifty' is not a number"),
        ("1234,A,B,C,52.0,nan", "lon 'nan' is not a number"),
        ("1234,A,B,C,48.85,2.35", "lat 48.85 is outside the Netherlands"),
        ("1234,A,B,C,52.0,8.5", "lon 8.5 is outside the Netherlands"),
        ("1234,A,B,C,52.0", "missing column(s) lon"),
        ("1234,,B,C,52.0,5.0", "place is empty"),
        ("1234,A,B,,52.0,5.0", "province is empty"),
        ("1234,A,B,C,52.0,5.0,extra", "7 values for 6 columns"),
    ],
)
def test_each_reason_is_given_with_the_line_number(
    pc4_csv: Callable[..., Path], line: str, reason: str
) -> None:
    with pytest.raises(services.Pc4ImportError) as caught:
        services.import_pc4(pc4_csv(GOOD[0], line))

    (problem,) = caught.value.problems
    assert problem.startswith(f"line 3: {reason}")
    assert not Pc4Area.objects.exists()


def test_one_line_with_several_faults_lists_them_all(pc4_csv: Callable[..., Path]) -> None:
    with pytest.raises(services.Pc4ImportError) as caught:
        services.import_pc4(pc4_csv("12a4,A,B,C,x,99"))

    assert caught.value.problems == [
        "line 2: bad pc4 '12a4' (expected 4 digits, 1000 to 9999); lat 'x' is not a number; "
        "lon 99 is outside the Netherlands (3.3 to 7.3)"
    ]


def test_a_pc4_given_twice_names_the_first_line(pc4_csv: Callable[..., Path]) -> None:
    with pytest.raises(services.Pc4ImportError) as caught:
        services.import_pc4(pc4_csv(*GOOD, GOOD[1].replace("Koog", "Zaandam")))

    assert caught.value.problems == ["line 5: pc4 1541 is also on line 3"]


def test_a_header_without_the_columns_is_refused(pc4_csv: Callable[..., Path]) -> None:
    with pytest.raises(services.Pc4ImportError) as caught:
        services.import_pc4(pc4_csv(GOOD[0], header="pc4,place,municipality,province,x,y"))

    assert caught.value.problems == [
        "line 1: missing column(s) lat, lon (expected pc4,place,municipality,province,lat,lon)"
    ]


def test_columns_may_come_in_any_order_and_blank_lines_are_skipped(
    pc4_csv: Callable[..., Path],
) -> None:
    path = pc4_csv(
        "52.371,4.9042,1011,Amsterdam,Amsterdam,Noord-Holland",
        "",
        header="LAT,lon,pc4,place,municipality,province",
    )

    assert services.import_pc4(path) == 1
    assert Pc4Area.objects.get().latitude == 52.371


def test_empty_files_and_files_without_rows_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    header_only = tmp_path / "header.csv"
    header_only.write_text("pc4,place,municipality,province,lat,lon\n")

    with pytest.raises(services.Pc4ImportError, match="empty"):
        services.import_pc4(empty)
    with pytest.raises(services.Pc4ImportError, match="no rows"):
        services.import_pc4(header_only)


def test_text_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"pc4,place,municipality,province,lat,lon\n"
        b"1011,Amsterdam,Amsterdam,Noord-Holland,52.371,4.9042\n"
        b"7571,2e Exlo\xebrmond,Borger-Odoorn,Drenthe,52.9,6.9\n"
    )

    with pytest.raises(services.Pc4ImportError) as caught:
        services.import_pc4(path)

    assert caught.value.problems == ["line 3: not UTF-8 text"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("pc4,place,municipality,province,lat,lon\n" + GOOD[0] + "\n", "utf-8-sig")

    assert services.import_pc4(path) == 1


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Nothing imported"):
        geo("import-pc4", str(tmp_path / "missing.csv"))


def test_the_open_data_file_imports_completely(real_pc4_csv: Path) -> None:
    rows = len(real_pc4_csv.read_text(encoding="utf-8").splitlines()) - 1

    assert geo("import-pc4", str(real_pc4_csv)) == f"PC4 table: {rows} areas imported.\n"
    assert Pc4Area.objects.count() == rows > 4000
    assert Pc4Area.objects.get(pc4="2511").municipality == "Den Haag"
