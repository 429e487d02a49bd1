"""The Soob learning network: meetings, participants (counts, no names), shared materials with
a protected download, and who may do what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wegwijs.accounts.models import Role
from wegwijs.programme.support.models import SoobMaterial, SoobMeeting, SoobParticipation
from wegwijs.testing.factories import LibraryFactory, make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored(name: str) -> bool:
    from django.core.files.storage import default_storage

    return bool(name) and default_storage.exists(name)


@pytest.fixture
def meeting(network: Any) -> SoobMeeting:
    meeting = SoobMeeting.objects.create(
        topic="Kick-off Soob-programma",
        date=date(2020, 2, 10),
        place="Bibliotheek Zaandam",
        organiser=network.probiblio,
    )
    meeting.provinces.set([network.noord_holland])
    return meeting


def _url(name: str, *args: Any) -> str:
    return reverse(f"programme:support:{name}", args=args)


def test_a_poi_consultant_creates_a_meeting_without_javascript(network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    page = client.get(_url("soob_create"))
    assert page.status_code == 200
    assert {str(c[1]) for c in page.context["form"].fields["provinces"].choices} == {
        "Noord-Holland",
        "Zuid-Holland",
    }
    response = client.post(
        _url("soob_create"), {"topic": "", "date": "2020-03-05", "organiser": network.probiblio.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_topic"' in html and 'href="#id_provinces_0"' in html
    response = client.post(
        _url("soob_create"),
        {
            "topic": "Marketing rondom het Informatiepunt",
            "date": "2020-03-05",
            "organiser": network.probiblio.pk,
            "provinces": [network.noord_holland.pk],
        },
    )
    assert response.status_code == 400  # no place and not online
    assert "place" in response.context["form"].errors
    response = client.post(
        _url("soob_create"),
        {
            "topic": "Marketing rondom het Informatiepunt",
            "date": "2020-03-05",
            "organiser": network.probiblio.pk,
            "provinces": [network.noord_holland.pk],
            "place": "De Bieb Zaandam, Gedempte Gracht 428, Zaandam",
            "starts_at": "13:30",
        },
    )
    assert response.status_code == 302
    created = SoobMeeting.objects.get()
    assert created.place.startswith("De Bieb Zaandam")  # a venue's address is allowed
    assert response["Location"] == created.get_absolute_url()


def test_personal_data_in_the_place_is_refused(network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.post(
        _url("soob_create"),
        {
            "topic": "Kick-off",
            "date": "2020-03-05",
            "organiser": network.probiblio.pk,
            "provinces": [network.noord_holland.pk],
            "place": "Bel 06-12345678",
        },
    )
    assert response.status_code == 400
    assert "place" in response.context["form"].errors
    assert not SoobMeeting.objects.exists()


def test_a_poi_may_not_choose_other_provinces_or_organisers(network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.post(
        _url("soob_create"),
        {
            "topic": "Kick-off",
            "date": "2020-03-05",
            "organiser": network.bisc.pk,
            "provinces": [network.utrecht.pk],
            "online": "on",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "provinces" in errors and "organiser" in errors
    assert not SoobMeeting.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("probiblio", 200),
        ("bisc", 403),
        ("zaanstreek_participating", 200),
        ("rotterdam_coordinator", 403),
        ("desk", 403),
    ],
)
def test_who_sees_a_meeting(
    network: Any, log_in: Any, meeting: SoobMeeting, who: str, status: int
) -> None:
    SoobParticipation.objects.create(meeting=meeting, library=network.zaanstreek, people=3)
    user = {
        "office": lambda: user_for(Role.PROGRAMME_OFFICE, network),
        "probiblio": lambda: user_for(Role.POI_CONSULTANT, network),
        "bisc": lambda: make_user(Role.POI_CONSULTANT, organisation=network.bisc),
        "zaanstreek_participating": lambda: make_user(
            Role.COORDINATOR, organisation=network.zaanstreek
        ),
        "rotterdam_coordinator": lambda: user_for(Role.COORDINATOR, network),
        "desk": lambda: user_for(Role.DESK_WORKER, network),
    }[who]()
    client = log_in(user)
    assert client.get(_url("soob_detail", meeting.pk)).status_code == status
    listed = client.get(_url("soob"))
    if status == 200:
        assert [m.pk for m in listed.context["meetings"]] == [meeting.pk]
    elif listed.status_code == 200:
        assert list(listed.context["meetings"]) == []


def test_coordinators_do_not_edit_meetings(network: Any, log_in: Any, meeting: SoobMeeting) -> None:
    SoobParticipation.objects.create(meeting=meeting, library=network.zaanstreek, people=3)
    client = log_in(make_user(Role.COORDINATOR, organisation=network.zaanstreek))
    assert client.get(_url("soob_create")).status_code == 403
    assert client.get(_url("soob_edit", meeting.pk)).status_code == 403
    assert client.get(_url("soob_participants", meeting.pk)).status_code == 403
    assert client.post(_url("material_add", meeting.pk), {}).status_code == 403
    assert client.post(_url("soob_delete", meeting.pk)).status_code == 403
    assert SoobMeeting.objects.filter(pk=meeting.pk).exists()
    bisc = log_in(make_user(Role.POI_CONSULTANT, organisation=network.bisc))
    assert bisc.get(_url("soob_edit", meeting.pk)).status_code == 403


def test_participants_are_numbers_per_library_in_the_meetings_provinces(
    network: Any, log_in: Any, meeting: SoobMeeting
) -> None:
    other_nh = LibraryFactory(name="Bibliotheek Hoorn", province=network.noord_holland)
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    page = client.get(_url("soob_participants", meeting.pk))
    assert {f.label for f in page.context["form"]} == {
        "De Bieb voor de Zaanstreek",
        "Bibliotheek Hoorn",
    }
    response = client.post(
        _url("soob_participants", meeting.pk),
        {f"people_{network.zaanstreek.pk}": "4", f"people_{other_nh.pk}": "-1"},
    )
    assert response.status_code == 400
    assert not SoobParticipation.objects.exists()
    response = client.post(
        _url("soob_participants", meeting.pk),
        {f"people_{network.zaanstreek.pk}": "4", f"people_{other_nh.pk}": "0"},
    )
    assert response.status_code == 302
    assert list(SoobParticipation.objects.values_list("library__slug", "people")) == [
        ("zaanstreek", 4)
    ]
    page = client.get(_url("soob"))
    listed = page.context["meetings"][0]
    assert (listed.libraries, listed.people_total) == (1, 4)
    # a library outside the meeting's provinces is refused by the service
    from django.core.exceptions import ValidationError

    from wegwijs.programme.support import services

    with pytest.raises(ValidationError):
        services.set_participants(
            user_for(Role.PROGRAMME_OFFICE, network), meeting, {network.rotterdam.pk: 2}
        )


def test_materials_a_file_with_protected_download_and_a_link(
    network: Any, log_in: Any, meeting: SoobMeeting, django_capture_on_commit_callbacks: Any
) -> None:
    SoobParticipation.objects.create(meeting=meeting, library=network.zaanstreek, people=2)
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    upload = SimpleUploadedFile("Presentatie kick-off.pdf", PDF, content_type="application/pdf")
    response = client.post(
        _url("material_add", meeting.pk),
        {"materiaal-title": "Presentatie", "materiaal-file": upload},
    )
    assert response.status_code == 302
    material = SoobMaterial.objects.get()
    assert material.filename == "Presentatie kick-off.pdf"
    assert "kick-off" not in material.file.name  # stored under a random name
    with material.file.open("rb") as handle:
        assert handle.read() == PDF
    response = client.post(
        _url("material_add", meeting.pk),
        {
            "materiaal-title": "BiebtoBieb-groep",
            "materiaal-url": "https://www.biebtobieb.nl/groups/digitale-inclusie",
        },
    )
    assert response.status_code == 302
    link = SoobMaterial.objects.get(url__startswith="https://")
    download = _url("material_download", meeting.pk, material.pk)
    # a coordinator of a participating library downloads it
    coordinator = log_in(make_user(Role.COORDINATOR, organisation=network.zaanstreek))
    response = coordinator.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert coordinator.get(_url("material_download", meeting.pk, link.pk))["Location"] == link.url
    # others may not
    outsider = log_in(user_for(Role.COORDINATOR, network))
    assert outsider.get(download).status_code == 403
    bisc = log_in(make_user(Role.POI_CONSULTANT, organisation=network.bisc))
    assert bisc.get(download).status_code == 403
    assert client.get(_url("material_download", meeting.pk, 999999)).status_code in (403, 404)
    # the file is not under a public URL: MEDIA_URL serves nothing
    from django.conf import settings

    assert client.get(settings.MEDIA_URL + material.file.name).status_code == 404
    # deleting removes the file
    poi = log_in(user_for(Role.POI_CONSULTANT, network))
    name = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = poi.post(_url("material_delete", meeting.pk, material.pk))
    assert response.status_code == 302
    assert not SoobMaterial.objects.filter(pk=material.pk).exists()
    assert not _stored(name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe", b"MZ\x90\x00", "file_type"),
        ("nep.pdf", b"MZ\x90\x00 not a pdf", "file_content"),
        ("leeg.pdf", b"", "file_empty"),
    ],
)
def test_uploads_of_the_wrong_kind_are_refused(
    network: Any, log_in: Any, meeting: SoobMeeting, name: str, content: bytes, message: str
) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.post(
        _url("material_add", meeting.pk),
        {"materiaal-title": "Bestand", "materiaal-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not SoobMaterial.objects.exists()


def test_an_upload_over_10_mb_is_refused(network: Any, log_in: Any, meeting: SoobMeeting) -> None:
    from wegwijs.core import uploads

    client = log_in(user_for(Role.POI_CONSULTANT, network))
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (uploads.MAX_BYTES))
    response = client.post(
        _url("material_add", meeting.pk), {"materiaal-title": "Groot", "materiaal-file": big}
    )
    assert response.status_code == 400
    assert "10 MB" in " ".join(response.context["form"].errors["file"])
    assert not SoobMaterial.objects.exists()


def test_a_material_needs_a_file_or_a_link_not_both(
    network: Any, log_in: Any, meeting: SoobMeeting
) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.post(_url("material_add", meeting.pk), {"materiaal-title": "Niets"})
    assert response.status_code == 400
    response = client.post(
        _url("material_add", meeting.pk),
        {
            "materiaal-title": "Beide",
            "materiaal-url": "https://example.org/x",
            "materiaal-file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 400
    assert not SoobMaterial.objects.exists()


def test_deleting_a_meeting_deletes_its_files(
    network: Any,
    log_in: Any,
    meeting: SoobMeeting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    client.post(
        _url("material_add", meeting.pk),
        {"materiaal-title": "Presentatie", "materiaal-file": SimpleUploadedFile("p.pdf", PDF)},
    )
    stored = SoobMaterial.objects.get().file.name
    assert _stored(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("soob_delete", meeting.pk))
    assert response.status_code == 302
    assert not SoobMeeting.objects.exists() and not _stored(stored)
