"""The materials library: the programme office adds flyers, posters, campaign kits and
house-style files (an upload checked by content, or a link); everyone who logs in finds
them by category, language and words, and downloads them through a view that counts.

Uploads are checked by ``core.uploads`` and stored under ``MEDIA_ROOT/programme/contact/`` with
a random name, never served from a public URL; the download keeps the uploader's (cleaned)
file name. A preview image is
always a PNG we made (see ``thumbnails.make_thumbnail``): from the uploaded preview, or from the
material itself when that is an image.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.core import uploads
from wegwijs.programme.common import Errors
from wegwijs.programme.contact import selectors, thumbnails
from wegwijs.programme.contact.models import (
    MAX_MATERIAL_DESCRIPTION,
    MaterialCategory,
    MaterialLanguage,
    PromoMaterial,
)

MAX_TITLE = 200
MAX_URL = 500
MAX_QUERY_WORDS = 8


@dataclass
class MaterialInput:
    title: str = ""
    description: str = ""
    category: str = ""
    language: str = MaterialLanguage.NL
    url: str = ""
    file: Any = None  # an UploadedFile
    thumbnail: Any = None  # an UploadedFile
    remove_thumbnail: bool = False


def _check_texts(errors: Errors, data: MaterialInput) -> tuple[str, str]:
    from wegwijs.privacy.checks import validate_no_personal_data

    title = " ".join(data.title.split())
    description = data.description.strip().replace("\r\n", "\n")
    if not title:
        errors.add("title", _("Fill in a title."))
    for name, text, limit in (
        ("title", title, MAX_TITLE),
        ("description", description, MAX_MATERIAL_DESCRIPTION),
    ):
        if len(text) > limit:
            errors.add(
                name,
                _("This text is too long: at most %(max)s characters, now %(n)s.")
                % {"max": limit, "n": len(text)},
            )
        elif text:
            try:
                validate_no_personal_data(text)
            except ValidationError as exc:
                for error in exc.error_list:
                    errors.add(name, error)
    return title, description


def _check_url(errors: Errors, url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        if len(url) > MAX_URL:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors.add("url", _("Fill in a web address that starts with https://."))
    return url


def _validate(
    data: MaterialInput, current: PromoMaterial | None
) -> tuple[dict[str, Any], uploads.Checked | None, bytes | None]:
    errors = Errors()
    title, description = _check_texts(errors, data)
    if data.category not in MaterialCategory.values:
        errors.add("category", _("Choose a category."))
    if data.language not in MaterialLanguage.values:
        errors.add("language", _("Choose a language."))
    url = _check_url(errors, data.url)
    checked = None
    if data.file is not None:
        if url:
            errors.add("url", _("Upload a file or give a link, not both."))
        try:
            checked = uploads.check(data.file, default_name="materiaal")
        except ValidationError as exc:
            for error in exc.error_list:
                errors.add("file", error)
    elif not url and (current is None or not current.file):
        errors.add("file", _("Upload a file or give a link."))
    thumbnail = None
    if data.thumbnail is not None:
        try:
            thumbnail = thumbnails.make_thumbnail(data.thumbnail)
        except ValidationError as exc:
            for error in exc.error_list:
                errors.add("thumbnail", error)
    elif checked is not None and uploads.KINDS[checked.kind].image and not errors.errors:
        has_own = current is not None and current.thumbnail and not data.remove_thumbnail
        if not has_own:
            try:
                thumbnail = thumbnails.make_thumbnail(data.file)
            except ValidationError:
                thumbnail = None  # a preview is a nicety: the file itself was accepted
    errors.raise_if_any()
    values = {
        "title": title,
        "description": description,
        "category": data.category,
        "language": data.language,
    }
    if url and checked is None:
        values["url"] = url
    return values, checked, thumbnail


def _delete_later(names: list[str]) -> None:
    """Remove replaced files from storage once the change has committed."""
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


def _store(
    material: PromoMaterial,
    values: dict[str, Any],
    checked: uploads.Checked | None,
    upload: Any,
    thumbnail: bytes | None,
    remove_thumbnail: bool,
) -> None:
    old: list[str] = []
    for name, value in values.items():
        setattr(material, name, value)
    if checked is not None:
        old.append(material.file.name or "")
        upload.seek(0)
        material.file.save(
            uploads.storage_name(checked.name),
            upload,  # saved in chunks by the storage, not read into memory
            save=False,
        )
        material.file_name = checked.name
        material.file_kind = checked.kind
        material.file_size = checked.size
        material.url = ""
    elif values.get("url"):
        old.append(material.file.name or "")
        material.file = ""
        material.file_name = material.file_kind = ""
        material.file_size = 0
    if thumbnail is not None or remove_thumbnail:
        old.append(material.thumbnail.name or "")
        material.thumbnail = ""
    if thumbnail is not None:
        material.thumbnail.save(
            uploads.storage_name("preview.png"), ContentFile(thumbnail), save=False
        )
    material.updated_at = timezone.now()
    material.save()
    _delete_later(old)


def create(user: Any, data: MaterialInput) -> PromoMaterial:
    if not selectors.can_manage_materials(user):
        raise PermissionDenied(_("Only the programme office adds materials."))
    values, checked, thumbnail = _validate(data, None)
    with transaction.atomic():
        material = PromoMaterial(created_by=user, created_at=timezone.now())
        _store(material, values, checked, data.file, thumbnail, False)
    return material


def update(user: Any, material: PromoMaterial, data: MaterialInput) -> PromoMaterial:
    if not selectors.can_manage_materials(user):
        raise PermissionDenied(_("Only the programme office changes materials."))
    values, checked, thumbnail = _validate(data, material)
    with transaction.atomic():
        _store(material, values, checked, data.file, thumbnail, data.remove_thumbnail)
    return material


def delete(user: Any, material: PromoMaterial) -> None:
    if not selectors.can_manage_materials(user):
        raise PermissionDenied(_("Only the programme office deletes materials."))
    with transaction.atomic():
        names = [material.file.name or "", material.thumbnail.name or ""]
        material.delete()
        _delete_later(names)


def count_download(material: PromoMaterial) -> None:
    """One more download (or click on the link), counted in the database (no lost updates)."""
    PromoMaterial.objects.filter(pk=material.pk).update(downloads=F("downloads") + 1)


def search(
    qs: QuerySet[PromoMaterial], query: str = "", category: str = "", language: str = ""
) -> QuerySet[PromoMaterial]:
    """Filter by category and language; every word of ``query`` must occur in the title or
    the description (any case). The list is small (tens to hundreds), so a plain filter does;
    materials stay out of the shared search index, which other apps query across kinds."""
    if category:
        qs = qs.filter(category=category)
    if language:
        qs = qs.filter(language=language)
    for word in query.split()[:MAX_QUERY_WORDS]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs


def export_rows(qs: QuerySet[PromoMaterial]) -> Iterator[list[Any]]:
    for m in qs.order_by("title", "pk"):
        kind = uploads.KINDS.get(m.file_kind)
        yield [
            m.title,
            m.get_category_display(),
            m.get_language_display(),
            str(_("link")) if m.is_link else kind.label if kind else "",
            m.file_name,
            m.file_size or "",
            m.url,
            m.downloads,
            timezone.localtime(m.created_at).date(),
            timezone.localtime(m.updated_at).date(),
        ]


def export_header() -> list[str]:
    return [
        str(_("Title")),
        str(_("Category")),
        str(_("Language")),
        str(_("Type")),
        str(_("File name")),
        str(_("Size (bytes)")),
        str(_("Link")),
        str(_("Downloads")),
        str(_("Added")),
        str(_("Changed")),
    ]
