"""The keeper pages: keepers edit their own entries (with locations, phones and times) and
import their spreadsheet; everybody else is refused."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wegwijs.geo import geocoding
from wegwijs.socialmap import services, tabular
from wegwijs.socialmap.models import (
    Feedback,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    SocialOrganization,
)
from wegwijs.socialmap.tests.factories import build_social_map
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """What a browser would send for the form with ``method="post"`` that has ``marker``
    among its fields: every field with its current value (checked boxes, selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post":
            self.current = []
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.current.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.select_value, self.select_first = a.get("name"), None, None
        elif tag == "option" and self.select is not None:
            if self.select_first is None:
                self.select_first = a.get("value", "")
            if "selected" in a:
                self.select_value = a.get("value", "")
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_endtag(self, tag: str) -> None:
        if self.current is None:
            return
        if tag == "select" and self.select:
            value = self.select_value if self.select_value is not None else self.select_first
            self.current.append((self.select, value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.current.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data


def form_on(response: Any, marker: str, **changes: Any) -> dict[str, Any]:
    """The posted data of the page's form that has a field ``marker``, with ``changes``
    (a list sets a multiple choice, None removes a field)."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    form = next(f for f in reader.forms if any(name == marker for name, _v in f))
    data: dict[str, Any] = {}
    for name, value in form:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture(autouse=True)
def _offline_geocoder(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def geocode(query: str) -> Any:
        asked.append(query)
        if "3011" in query:
            return geocoding.Place("3011 Rotterdam", 51.92, 4.48, "pc4", "pc4-table")
        return None

    monkeypatch.setattr(geocoding, "geocode", geocode)
    return asked


@pytest.fixture
def social_map(network: Network) -> Any:
    return build_social_map(network.rotterdam, network.rotterdam_centrum)


def test_keepers_see_their_entries_with_what_needs_attention(
    network: Network, social_map: Any, log_in: Any
) -> None:
    Service.objects.filter(pk=social_map.course.pk).update(
        last_verified=timezone.localdate() - timedelta(days=200)
    )
    Feedback.objects.create(service=social_map.course, text="De cursus is nu op woensdag.")
    client = log_in(user_for("coordinator", network))
    page = client.get(reverse("socialmap:keep"))
    html = page.content.decode()
    assert page.status_code == 200
    assert [s.name for s in page.context["page"].object_list] == [
        "Digisterker",
        "Inloopspreekuur Belastingaangifte",
    ]
    assert "Controle nodig" in html
    assert page.context["page"].object_list[0].open_feedback == 1
    assert "Actief, maar niet doorverwijzen" in html  # the consultation hour
    assert reverse("socialmap:keep_edit", args=[social_map.course.pk]) in html


@pytest.mark.parametrize("role", ["desk_worker", "poi_consultant", "agency_analyst"])
def test_others_are_refused(network: Network, social_map: Any, log_in: Any, role: str) -> None:
    client = log_in(user_for(role, network))
    for url in (
        reverse("socialmap:keep"),
        reverse("socialmap:keep_create"),
        reverse("socialmap:keep_import"),
        reverse("socialmap:keep_edit", args=[social_map.course.pk]),
        reverse("socialmap:keep_template", args=["xlsx"]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("socialmap:keep_status", args=[social_map.course.pk]), {"status": "inactive"}
    )
    assert response.status_code == 403
    assert Service.objects.get(pk=social_map.course.pk).status == "active"


def test_keepers_of_other_organisations_are_refused(
    network: Network, social_map: Any, log_in: Any
) -> None:
    from wegwijs.testing.factories import make_user

    other = log_in(make_user("coordinator", organisation=network.zaanstreek))
    assert other.get(reverse("socialmap:keep_edit", args=[social_map.course.pk])).status_code == 403
    assert list(other.get(reverse("socialmap:keep")).context["page"].object_list) == []
    partner = log_in(user_for("partner_editor", network))
    assert (
        partner.get(reverse("socialmap:keep_edit", args=[social_map.course.pk])).status_code == 403
    )
    office = log_in(user_for("programme_office", network))
    assert (
        office.get(reverse("socialmap:keep_edit", args=[social_map.course.pk])).status_code == 200
    )


def test_a_coordinator_adds_an_offer_with_organisation_location_phone_and_times(
    network: Network, log_in: Any, _offline_geocoder: list[str]
) -> None:
    coordinator = user_for("coordinator", network)
    client = log_in(coordinator)
    page = client.get(reverse("socialmap:keep_create"))
    assert page.status_code == 200
    data = form_on(
        page,
        "name",
        new_organization_name="Bibliotheek Rotterdam",
        new_organization_description="De bibliotheek van Rotterdam.",
        name="Klik & Tik",
        description="Leer werken met de computer.",
        themes=["digitale-vaardigheden"],
        format="cursus",
        access="aanmelden",
        capacity="8",
        intake_required="on",
        what_to_bring="Eigen laptop\nDigiD",
        languages="nl, en",
        **{
            "telefoon-0-number": "010 281 6100",
            "telefoon-0-description": "Aanmelden",
            "locaties-0-name": "Centrale Bibliotheek",
            "locaties-0-address_1": "Hoogstraat 110",
            "locaties-0-postal_code": "3011pv",
            "locaties-0-city": "Rotterdam",
            "locaties-0-tijden-0-days": ["TU", "TH"],
            "locaties-0-tijden-0-opens_at": "10:00",
            "locaties-0-tijden-0-closes_at": "12:00",
            "locaties-0-tijden-0-dtstart": "2026-09-01",
            "locaties-0-tijden-0-until": "2026-12-15",
            "locaties-0-tijden-1-repeat": "once",
            "locaties-0-tijden-1-opens_at": "19:00",
            "locaties-0-tijden-1-closes_at": "21:00",
            "locaties-0-tijden-1-dtstart": "2026-10-01",
            "locaties-0-tijden-1-description": "Informatieavond",
        },
    )
    response = client.post(reverse("socialmap:keep_create"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    service = Service.objects.get()
    assert response["Location"] == reverse("socialmap:detail", args=[service.pk])
    assert service.organization.owner == network.rotterdam
    assert service.organization.name == "Bibliotheek Rotterdam"
    assert (service.capacity, service.intake_required, service.access) == (8, True, "aanmelden")
    assert service.what_to_bring == ["Eigen laptop", "DigiD"]
    assert service.languages == ["nl", "en"]
    assert service.last_verified == timezone.localdate() and service.updated_by == coordinator
    location = service.locations.get()
    assert (location.postal_code, location.latitude, location.longitude) == ("3011 PV", 51.92, 4.48)
    assert _offline_geocoder  # found from the address
    assert [(p.number, p.description) for p in service.phones.all()] == [
        ("010 281 6100", "Aanmelden")
    ]
    course, evening = Schedule.objects.order_by("dtstart")
    assert (course.freq, course.byday, course.until) == ("WEEKLY", "TU,TH", date(2026, 12, 15))
    assert (evening.freq, evening.dtstart, evening.until) == (
        "",
        date(2026, 10, 1),
        date(2026, 10, 1),
    )
    assert evening.description == "Informatieavond"
    detail = client.get(response["Location"])
    assert "Bewerken" in detail.content.decode()


def test_editing_changes_what_was_changed_and_marks_verified(
    network: Network, social_map: Any, log_in: Any
) -> None:
    course = social_map.course
    Service.objects.filter(pk=course.pk).update(last_verified=date(2024, 1, 1))
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_edit", args=[course.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_on(page, "name", name="Digisterker (nieuw)")
    # Remove the phone; stop the course in the community centre; add the online location.
    data["telefoon-0-DELETE"] = "on"
    rows = {
        str(f.instance.location): i for i, (f, _t) in enumerate(page.context["rows"]) if f.stored
    }
    data[f"locaties-{rows['Wijkcentrum De Larik, Rotterdam']}-DELETE"] = "on"
    online = Location.objects.get(name="Online")
    new = len(rows)
    data[f"locaties-{new}-existing_location"] = str(online.pk)
    data[f"locaties-{new}-location_type"] = "virtual"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    course.refresh_from_db()
    assert course.name == "Digisterker (nieuw)"
    assert course.last_verified == timezone.localdate()
    assert not course.phones.exists()
    assert sorted(course.locations.values_list("name", flat=True)) == [
        "Centrale Bibliotheek",
        "Online",
    ]
    assert Location.objects.filter(name="Wijkcentrum De Larik").exists()  # the place stays
    # the schedules at the library are untouched
    assert course.at_locations.get(location__name="Centrale Bibliotheek").schedules.count() == 3


def test_a_new_address_gets_a_new_point(network: Network, social_map: Any, log_in: Any) -> None:
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_edit", args=[social_map.course.pk])
    page = client.get(url)
    index = next(
        i
        for i, (f, _t) in enumerate(page.context["rows"])
        if f.stored and f.instance.location.name == "Wijkcentrum De Larik"
    )
    data = form_on(
        page,
        "name",
        **{
            f"locaties-{index}-address_1": "Coolsingel 40",
            f"locaties-{index}-postal_code": "3011 AD",
        },
    )
    assert data[f"locaties-{index}-latitude"]  # the old point is still in the form
    assert client.post(url, data).status_code == 302
    centre = Location.objects.get(name="Wijkcentrum De Larik")
    assert (centre.address_1, centre.latitude, centre.longitude) == ("Coolsingel 40", 51.92, 4.48)


def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    network: Network, social_map: Any, log_in: Any
) -> None:
    course = social_map.course
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_edit", args=[course.pk])
    page = client.get(url)
    before = (Service.objects.get(pk=course.pk).description, Schedule.objects.count())
    data = form_on(
        page,
        "name",
        name="Digisterker anders",
        description="Bel Jan de Vries op 06-12345678.",
        **{
            "locaties-0-tijden-0-closes_at": "09:00",
            "telefoon-1-number": "bel mij",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze tekst lijkt persoonsgegevens te bevatten" in html
    assert "Maskeer en sla op" in html
    assert "De eindtijd moet later zijn dan de begintijd." in html
    assert "Schrijf een telefoonnummer in cijfers" in html
    assert (Service.objects.get(pk=course.pk).description, Schedule.objects.count()) == before
    assert Service.objects.get(pk=course.pk).name == "Digisterker"


def test_a_save_that_fails_halfway_stores_nothing(
    network: Network, social_map: Any, log_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_edit", args=[social_map.course.pk])
    data = form_on(
        client.get(url), "name", name="Halverwege", **{"telefoon-1-number": "010 555 1234"}
    )

    def broken(user: Any, service: Service) -> Service:
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "mark_verified", broken)
    with pytest.raises(RuntimeError):
        client.post(url, data)
    assert Service.objects.get(pk=social_map.course.pk).name == "Digisterker"
    assert not Phone.objects.filter(number="010 555 1234").exists()


def test_a_location_of_another_keeper_cannot_be_linked(
    network: Network, social_map: Any, log_in: Any
) -> None:
    elsewhere = Location.objects.create(
        organization=SocialOrganization.objects.create(
            owner=network.zaanstreek, name="Bieb Zaanstreek", description="Bieb."
        ),
        name="De Bieb Zaandam",
        city="Zaandam",
    )
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_edit", args=[social_map.course.pk])
    page = client.get(url)
    new = sum(1 for f, _t in page.context["rows"] if f.stored)
    response = client.post(
        url, form_on(page, "name", **{f"locaties-{new}-existing_location": str(elsewhere.pk)})
    )
    assert response.status_code == 400
    assert not ServiceAtLocation.objects.filter(location=elsewhere).exists()


def test_a_partner_editor_keeps_its_own_organisation(network: Network, log_in: Any) -> None:
    client = log_in(user_for("partner_editor", network))
    page = client.get(reverse("socialmap:keep_create"))
    data = form_on(
        page,
        "name",
        new_organization_name="Sociaal Raadslieden",
        new_organization_description="Gratis hulp bij brieven.",
        name="Spreekuur",
        description="Hulp bij brieven en formulieren.",
        themes=["geldzaken"],
        format="spreekuur",
        status="do-not-refer",
    )
    response = client.post(reverse("socialmap:keep_create"), data)
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.organization.owner == network.partner
    assert service.do_not_refer and service.status == "active"
    assert not service.locations.exists()


def test_withdrawing_and_changing_the_status(
    network: Network, social_map: Any, log_in: Any
) -> None:
    client = log_in(user_for("coordinator", network))
    url = reverse("socialmap:keep_status", args=[social_map.course.pk])
    assert client.post(url, {"status": "inactive"}).status_code == 302
    course = Service.objects.get(pk=social_map.course.pk)
    assert course.status == "inactive" and course.last_verified == timezone.localdate()
    client.post(url, {"status": "do-not-refer"})
    course.refresh_from_db()
    assert (course.status, course.do_not_refer) == ("active", True)
    client.post(url, {"status": "nonsense"})
    course.refresh_from_db()
    assert (course.status, course.do_not_refer) == ("active", True)


def test_the_review_queue_and_the_detail_page_lead_to_the_keeper_pages(
    network: Network, social_map: Any, log_in: Any
) -> None:
    client = log_in(user_for("coordinator", network))
    review = client.get(reverse("socialmap:review")).content.decode()
    assert reverse("socialmap:keep") in review
    detail = client.get(reverse("socialmap:detail", args=[social_map.course.pk])).content.decode()
    assert reverse("socialmap:keep_edit", args=[social_map.course.pk]) in detail
    worker = log_in(user_for("desk_worker", network))
    detail = worker.get(reverse("socialmap:detail", args=[social_map.course.pk])).content.decode()
    assert reverse("socialmap:keep_edit", args=[social_map.course.pk]) not in detail


def _upload(client: Any, content: bytes, name: str = "aanbod.csv", **extra: Any) -> Any:
    return client.post(
        reverse("socialmap:keep_import"), {"sheet": SimpleUploadedFile(name, content), **extra}
    )


def test_importing_a_sheet_shows_a_preview_then_imports(network: Network, log_in: Any) -> None:
    client = log_in(user_for("coordinator", network))
    page = client.get(reverse("socialmap:keep_import"))
    assert page.status_code == 200
    template = client.get(reverse("socialmap:keep_template", args=["xlsx"]))
    assert template["Content-Disposition"].endswith('.xlsx"')
    preview = _upload(client, template.content, "voorbeeld.xlsx")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "1 nieuwe activiteit" in html and "Klik &amp; Tik" in html
    assert not Service.objects.exists()  # nothing yet
    done = client.post(reverse("socialmap:keep_import"), {"confirm": preview.context["digest"]})
    assert done.status_code == 302
    service = Service.objects.get()
    assert service.organization.owner == network.rotterdam
    # Again: an update, not a second offer.
    preview = _upload(client, client.get(reverse("socialmap:keep_template", args=["csv"])).content)
    assert preview.context["counts"]["service"] == {"updated": 1}
    client.post(reverse("socialmap:keep_import"), {"confirm": preview.context["digest"]})
    assert Service.objects.count() == 1


def test_a_sheet_with_errors_lists_them_and_imports_nothing(network: Network, log_in: Any) -> None:
    client = log_in(user_for("coordinator", network))
    content = tabular.template_csv().decode("utf-8") + "Tweede;Bibliotheek;;digid;cursus\r\n"
    response = _upload(client, content.encode("utf-8"))
    assert response.status_code == 400
    assert "regel 3, kolom omschrijving: Vul dit veld in." in response.content.decode()
    assert "digest" not in response.context
    stale = client.post(reverse("socialmap:keep_import"), {"confirm": "made-up"})
    assert stale.status_code == 302
    assert not Service.objects.exists()


def test_the_programme_office_imports_for_a_chosen_organisation(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("programme_office", network))
    response = _upload(client, tabular.template_csv(), owner=str(network.zaanstreek.pk))
    assert response.status_code == 200
    client.post(reverse("socialmap:keep_import"), {"confirm": response.context["digest"]})
    assert Service.objects.get().organization.owner == network.zaanstreek


def test_the_programme_office_keeps_everything(
    network: Network, social_map: Any, log_in: Any
) -> None:
    client = log_in(user_for("programme_office", network))
    listed = client.get(reverse("socialmap:keep")).context["page"].object_list
    assert {s.name for s in listed} == {"Digisterker", "Inloopspreekuur Belastingaangifte"}
    page = client.get(reverse("socialmap:keep_create"))
    assert "owner" in page.context["form"].fields  # who keeps a new organisation
    template = client.get(reverse("socialmap:keep_template", args=["csv"]))
    assert template.content.startswith(b"\xef\xbb\xbfnaam;organisatie;omschrijving")
