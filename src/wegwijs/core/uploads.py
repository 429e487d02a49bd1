"""Uploaded files, checked the same way everywhere: what a file is comes from its content,
never from its name or the browser's word alone, and the name must agree.

Allowed: PDF; PNG, JPEG, GIF and WebP images (opened with Pillow to be sure); office
documents: Word, Excel and PowerPoint (the OOXML zip formats and the older OLE2 files) and
OpenDocument text, spreadsheet and presentation. Refused: office files with macros (docm,
xlsm, pptm, a ``vbaProject.bin``, OpenDocument ``Basic/`` or ``Scripts/``, an OLE2 file with a
VBA project), SVG (can hold script), HTML, archives, programs and everything else. At most
``max_bytes`` (the caller's, :data:`MAX_BYTES` by default).

Use :func:`check` on the upload, store it under :func:`storage_name` (random, never the
uploader's name), keep :attr:`Checked.name` (a safe download name) and serve it only through
a view that checks access, with :func:`download_response`.
"""

from __future__ import annotations

import math
import re
import struct
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
_MB = 1024 * 1024
_HEAD = 8192
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]
    image: bool = False


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("pdf", "PDF", "application/pdf", (".pdf",)),
        Kind("png", "PNG", "image/png", (".png",), image=True),
        Kind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), image=True),
        Kind("gif", "GIF", "image/gif", (".gif",), image=True),
        Kind("webp", "WebP", "image/webp", (".webp",), image=True),
        Kind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        Kind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        Kind(
            "pptx",
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        Kind("doc", "Word", "application/msword", (".doc",)),
        Kind("xls", "Excel", "application/vnd.ms-excel", (".xls",)),
        Kind("ppt", "PowerPoint", "application/vnd.ms-powerpoint", (".ppt",)),
        Kind("odt", "OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",)),
        Kind("ods", "OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        Kind("odp", "OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",)),
    )
}
_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}

#: For a file input's ``accept`` (a hint to the browser; the check is ours).
ACCEPT = ",".join(_BY_EXTENSION)
IMAGE_ACCEPT = ",".join(ext for ext, kind in _BY_EXTENSION.items() if kind.image)

_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_ODF_MACRO_FOLDERS = ("basic/", "scripts/")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_KINDS = {".doc": "doc", ".xls": "xls", ".ppt": "ppt"}
#: The storage of a VBA project in an OLE2 file, as its directory stores names (UTF-16).
_VBA = "_VBA_PROJECT".encode("utf-16-le")
#: What a broken or hostile zip may raise while we look inside.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    RuntimeError,
    ValueError,
    NotImplementedError,
    EOFError,
    zlib.error,
    struct.error,
)


def extension(name: str) -> str:
    """The name's extension, lower case with its dot (``"Flyer.PDF"`` → ``".pdf"``), or ""."""
    match = re.search(r"(\.[A-Za-z0-9]{1,5})$", name or "")
    return match.group(1).lower() if match else ""


def _zip_kind(handle: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 100:
                    return None
                if any(n.lower().startswith(_ODF_MACRO_FOLDERS) for n in names):
                    return None  # OpenDocument with macros
                return _ODF_TYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                if archive.getinfo("[Content_Types].xml").file_size > 1_000_000:
                    return None
                types = archive.read("[Content_Types].xml")
                if b"macroEnabled" in types or any(n.lower().endswith(".bin") for n in names):
                    return None  # macros (docm, xlsm, pptm, vbaProject.bin)
                for part, code in _OOXML_PARTS.items():
                    if part in names:
                        return code
    except _ZIP_ERRORS:
        return None
    return None


def _has_vba(handle: IO[bytes]) -> bool:
    """Whether an OLE2 file (old Word, Excel, PowerPoint) names a VBA project anywhere."""
    handle.seek(0)
    tail = b""
    while chunk := handle.read(_CHUNK):
        if _VBA in tail + chunk:
            return True
        tail = chunk[-(len(_VBA) - 1) :]
    return False


def _image_ok(handle: IO[bytes]) -> bool:
    from PIL import Image

    try:
        handle.seek(0)
        with Image.open(handle) as image:
            image.verify()
        return True
    except Exception:  # Pillow raises many kinds for a broken, fake or enormous image
        return False


def sniff(handle: IO[bytes], name: str) -> str | None:
    """The kind code of the file's content, or None when it is not an allowed type. The
    extension only tells the old Word, Excel and PowerPoint files apart (one container)."""
    handle.seek(0)
    head = handle.read(_HEAD)
    handle.seek(0)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = "gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "webp"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(handle)
    elif head.startswith(_OLE2):
        kind = _OLE2_KINDS.get(extension(name))
        if kind is not None and _has_vba(handle):
            kind = None
    if kind is not None and KINDS[kind].image and not _image_ok(handle):
        kind = None
    handle.seek(0)
    return kind


def clean_name(name: str, kind: str, default: str = "bestand") -> str:
    """A safe download name: the base name in letters, digits, spaces, dots, hyphens and
    underscores (accents dropped), at most 100 characters, ending in the kind's extension;
    ``default`` when nothing is left."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    ext = extension(stem)
    if ext:
        stem = stem[: -len(ext)]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9 ._-]+", "", stem).strip(" .-_")[:100] or default
    allowed = KINDS[kind].extensions
    return stem + (ext if ext in allowed else allowed[0])


def storage_name(name: str) -> str:
    """A random name to store a file under, with the (allowed, lower-case) extension of
    ``name`` and nothing else of it."""
    ext = extension(name)
    return f"{uuid.uuid4().hex}{ext if ext in _BY_EXTENSION else ''}"


def content_type_for(name: str) -> str:
    """The content type to send a stored file with, by its (checked) name's extension."""
    kind = _BY_EXTENSION.get(extension(name))
    return kind.content_type if kind else "application/octet-stream"


@dataclass(frozen=True)
class Checked:
    """An accepted upload: its kind, a safe download name and its size in bytes."""

    kind: str
    name: str
    size: int

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type


def _megabytes(size: int) -> str:
    """``size`` in MB, rounded up to one decimal and written the local way (10,5)."""
    value = math.ceil(size * 10 / _MB) / 10
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def check(upload: Any, *, max_bytes: int = MAX_BYTES, default_name: str = "bestand") -> Checked:
    """Raise a ``ValidationError`` (a clear message; code ``too_big``, ``empty``,
    ``wrong_type`` or ``name_mismatch``) unless ``upload`` is an allowed file of at most
    ``max_bytes`` whose name fits its content."""
    size = int(getattr(upload, "size", 0) or 0)
    if size > max_bytes:
        raise ValidationError(
            _("This file is too big: at most %(max)s MB, this one is %(size)s MB.")
            % {"max": _megabytes(max_bytes), "size": _megabytes(size)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    name = str(getattr(upload, "name", "") or "")
    kind = sniff(upload, name)
    if kind is None:
        raise ValidationError(
            _(
                "This kind of file cannot be added. Choose a PDF, an image (PNG, JPEG, GIF, "
                "WebP) or an office document (Word, Excel, PowerPoint, OpenDocument) without "
                "macros."
            ),
            code="wrong_type",
        )
    if extension(name) not in KINDS[kind].extensions:
        raise ValidationError(
            _(
                "The file's name does not fit its content: it is a %(kind)s file. Rename it to "
                "end in %(ext)s, or choose the right file."
            )
            % {"kind": KINDS[kind].label, "ext": KINDS[kind].extensions[0]},
            code="name_mismatch",
        )
    return Checked(kind=kind, name=clean_name(name, kind, default_name), size=size)


def download_response(
    file: FieldFile, filename: str, content_type: str | None = None
) -> FileResponse:
    """A stored upload as a download (never shown in the browser): 404 when it is gone; the
    content type by ``filename`` unless given; ``nosniff`` and not kept in shared caches.
    The caller has checked that the user may have it."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or content_type_for(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
