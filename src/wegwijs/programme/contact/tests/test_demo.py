"""The contact area's demo data: safe to run again, nothing personal, a real flyer file."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wegwijs.core import uploads
from wegwijs.programme.contact import demo
from wegwijs.programme.contact.models import (
    ContactExpert,
    ContactRequest,
    NewsItem,
    PromoMaterial,
)
from wegwijs.programme.contact.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates_and_holds_nothing_personal(
    world: World, log_in: Any
) -> None:
    ContactExpert.objects.all().delete()
    first = demo.load()
    assert first.startswith("Contact:")
    counts = (
        NewsItem.objects.count(),
        PromoMaterial.objects.count(),
        ContactRequest.objects.count(),
    )
    demo.load()
    assert counts == (
        NewsItem.objects.count(),
        PromoMaterial.objects.count(),
        ContactRequest.objects.count(),
    )
    # Each demo POI with a consultant has an expert.
    assert set(ContactExpert.objects.values_list("poi__slug", flat=True)) == {"probiblio", "bisc"}
    assert not ContactRequest.objects.exclude(contact_encrypted="").exists()
    assert not ContactRequest.objects.exclude(question="").exists()
    flyer = PromoMaterial.objects.get(title=demo.FLYER_TITLE)
    with flyer.file.open("rb") as handle:
        stored = SimpleUploadedFile(flyer.file_name, handle.read())
    assert uploads.check(stored).kind == "pdf"
    assert flyer.thumbnail
    page = log_in(world.desk_worker).get(reverse("programme:contact:material_list"))
    assert page.status_code == 200 and page.context["total"] == counts[1]


def test_the_admin_pages_show_no_contact_details(world: World, log_in: Any) -> None:
    from wegwijs.accounts.models import Role
    from wegwijs.programme.contact import services
    from wegwijs.testing.network import user_for

    request = services.submit(
        world.network.probiblio,
        services.RequestInput(email="geheim@bibliotheek.test", question="Een vraag"),
    )
    admin = log_in(user_for(Role.ADMIN, world.network))
    for name in ("contactrequest", "contactexpert", "newsitem", "promomaterial"):
        assert admin.get(reverse(f"admin:programme_{name}_changelist")).status_code == 200
    page = admin.get(reverse("admin:programme_contactrequest_change", args=[request.pk]))
    assert page.status_code == 200
    assert b"geheim@" not in page.content and b"gAAAA" not in page.content
    assert b"Een vraag" not in page.content
    assert admin.get(reverse("admin:programme_contactrequest_add")).status_code == 403
