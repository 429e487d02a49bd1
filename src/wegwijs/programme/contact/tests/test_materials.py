"""The materials library: uploads checked (by ``core.uploads``, tested there) with the
area's messages, downloads that need a login and count, links, previews, the list's filters
and the export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wegwijs.core import uploads
from wegwijs.programme.contact import materials
from wegwijs.programme.contact.models import PromoMaterial
from wegwijs.programme.contact.tests.conftest import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size: tuple[int, int] = (800, 600)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "#1a5aa6").save(out, "PNG")
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def material_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Flyer Informatiepunt",
        "description": "Voor in de bibliotheek.",
        "category": "flyer",
        "language": "nl",
        "url": "",
    }
    data.update(overrides)
    return data


def test_the_office_uploads_a_file_and_a_too_big_or_wrong_one_is_refused(
    world: World, log_in: Any
) -> None:
    client = log_in(world.office)
    url = reverse("programme:contact:material_create")
    too_big = upload("groot.pdf", PDF + b"0" * (uploads.MAX_BYTES + 1 - len(PDF)))
    response = client.post(url, {**material_form(), "file": too_big})
    assert response.status_code == 400
    assert response.context["form"].has_error("file", code="too_big")
    response = client.post(url, {**material_form(), "file": upload("virus.pdf", b"MZ\x90\x00")})
    assert response.status_code == 400
    assert response.context["form"].has_error("file", code="wrong_type")
    response = client.post(url, material_form())  # neither a file nor a link
    assert response.status_code == 400
    assert not PromoMaterial.objects.exists()
    response = client.post(url, {**material_form(), "file": upload("Flyer IDO (def).pdf", PDF)})
    assert response.status_code == 302
    material = PromoMaterial.objects.get()
    assert (material.file_kind, material.file_name, material.file_size) == (
        "pdf",
        "Flyer IDO def.pdf",
        len(PDF),
    )
    assert "Flyer" not in material.file.name  # stored under a random name


def test_downloads_need_a_login_and_are_counted(world: World, log_in: Any, client: Any) -> None:
    material = materials.create(
        world.office,
        materials.MaterialInput(title="Flyer", category="flyer", file=upload("flyer.pdf", PDF)),
    )
    url = reverse("programme:contact:material_download", args=[material.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/account/" in response["Location"]
    material.refresh_from_db()
    assert material.downloads == 0
    reader = log_in(world.desk_worker)
    response = reader.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="flyer.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    reader.get(url)
    material.refresh_from_db()
    assert material.downloads == 2


def test_a_link_is_counted_and_followed(world: World, log_in: Any) -> None:
    material = materials.create(
        world.office,
        materials.MaterialInput(
            title="Toolkit", category="campaign", url="https://www.landelijkehuisstijl.nl"
        ),
    )
    response = log_in(world.coordinator).get(
        reverse("programme:contact:material_download", args=[material.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == "https://www.landelijkehuisstijl.nl"
    material.refresh_from_db()
    assert material.downloads == 1
    with pytest.raises(ValidationError) as caught:
        materials.create(
            world.office,
            materials.MaterialInput(title="Slecht", category="flyer", url="javascript:alert(1)"),
        )
    assert "url" in caught.value.message_dict


def test_an_image_gets_a_preview_we_made_that_needs_a_login(
    world: World, log_in: Any, client: Any
) -> None:
    material = materials.create(
        world.office,
        materials.MaterialInput(
            title="Poster", category="poster", file=upload("poster.png", png())
        ),
    )
    assert material.thumbnail
    url = reverse("programme:contact:material_thumbnail", args=[material.pk])
    assert client.get(url).status_code == 302
    response = log_in(world.desk_worker).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    from PIL import Image

    preview = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(preview.size) <= 480


def test_only_the_programme_office_adds_changes_and_deletes(world: World, log_in: Any) -> None:
    material = materials.create(
        world.office,
        materials.MaterialInput(title="Toolkit", category="campaign", url="https://example.org"),
    )
    for who in (world.coordinator, world.expert, world.desk_worker):
        client = log_in(who)
        assert client.get(reverse("programme:contact:material_create")).status_code == 403
        edit = reverse("programme:contact:material_edit", args=[material.pk])
        assert client.post(edit, material_form()).status_code == 403
        delete = reverse("programme:contact:material_delete", args=[material.pk])
        assert client.post(delete).status_code == 403
    office = log_in(world.office)
    response = office.post(
        reverse("programme:contact:material_edit", args=[material.pk]),
        {**material_form(title="Nieuwe flyer"), "file": upload("flyer.pdf", PDF)},
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert (material.title, material.url, material.file_kind) == ("Nieuwe flyer", "", "pdf")
    response = office.post(reverse("programme:contact:material_delete", args=[material.pk]))
    assert response.status_code == 302
    assert not PromoMaterial.objects.exists()


def test_the_list_filters_by_category_language_and_words(world: World, log_in: Any) -> None:
    for title, category, language in (
        ("Flyer voor partners", "flyer", "nl"),
        ("Poster Informatiepunt", "poster", "nl"),
        ("Flyer in het Engels", "flyer", "en"),
    ):
        materials.create(
            world.office,
            materials.MaterialInput(
                title=title, category=category, language=language, url="https://example.org"
            ),
        )
    client = log_in(world.desk_worker)
    url = reverse("programme:contact:material_list")

    def listed(**query: str) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [m.title for m in response.context["page"].object_list]

    assert len(listed()) == 3
    assert listed(categorie="flyer") == ["Flyer in het Engels", "Flyer voor partners"]
    assert listed(categorie="flyer", taal="nl") == ["Flyer voor partners"]
    assert listed(q="informatiepunt POSTER") == ["Poster Informatiepunt"]
    assert client.get(url, {"categorie": "bogus"}).status_code == 400


def test_the_export_list(world: World, log_in: Any) -> None:
    materials.create(
        world.office,
        materials.MaterialInput(title="=HYPERLINK(1)", category="flyer", url="https://a.test"),
    )
    client = log_in(world.coordinator)
    response = client.get(reverse("programme:contact:material_export", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "https://a.test" in text
    xlsx = client.get(reverse("programme:contact:material_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("programme:contact:material_export", args=["pdf"])).status_code == 404
    desk = log_in(world.desk_worker)
    assert desk.get(reverse("programme:contact:material_export", args=["csv"])).status_code == 403


def test_personal_data_in_a_description_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        materials.create(
            world.office,
            materials.MaterialInput(
                title="Flyer",
                description="Vragen? Bel 06-12345678.",
                category="flyer",
                url="https://example.org",
            ),
        )
    assert "description" in caught.value.message_dict
    assert not PromoMaterial.objects.exists()
