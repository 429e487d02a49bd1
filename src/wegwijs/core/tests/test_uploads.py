"""Uploads checked by content (``core.uploads``): what is accepted, what is refused and why,
the names a file is stored and downloaded under, and the download itself."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegwijs.core import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024


def image(fmt: str, size: tuple[int, int] = (20, 20)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "#1a5aa6").save(out, fmt)
    return out.getvalue()


def office(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def ooxml(main: str, types: bytes = b"<Types/>", **extra: bytes) -> bytes:
    return office({"[Content_Types].xml": types, main: b"<x/>", **extra})


def odf(mimetype: str, **extra: bytes) -> bytes:
    return office({"mimetype": mimetype.encode(), "content.xml": b"<x/>", **extra})


MACRO_TYPES = b"<Types><Override ContentType='application/vnd.ms-word.document.macroEnabled.main+xml'/></Types>"
DOCX = ooxml("word/document.xml")
ALLOWED = [
    ("flyer.pdf", PDF, "pdf"),
    ("poster.png", image("PNG"), "png"),
    ("foto.jpg", image("JPEG"), "jpeg"),
    ("FOTO.JPEG", image("JPEG"), "jpeg"),
    ("bewegend.gif", image("GIF"), "gif"),
    ("plaatje.webp", image("WEBP"), "webp"),
    ("brief.docx", DOCX, "docx"),
    ("begroting.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
    ("dia's.pptx", ooxml("ppt/presentation.xml"), "pptx"),
    ("tekst.odt", odf("application/vnd.oasis.opendocument.text"), "odt"),
    ("rekenblad.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    ("presentatie.odp", odf("application/vnd.oasis.opendocument.presentation"), "odp"),
    ("oud.doc", OLE2 + b"\x00" * 100, "doc"),
    ("oud.xls", OLE2 + b"\x00" * 100, "xls"),
    ("oud.ppt", OLE2 + b"\x00" * 100, "ppt"),
]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(("name", "data", "kind"), ALLOWED)
def test_allowed_files_are_recognised_by_their_content(name: str, data: bytes, kind: str) -> None:
    checked = uploads.check(upload(name, data))
    assert (checked.kind, checked.size) == (kind, len(data))
    assert checked.content_type == uploads.KINDS[kind].content_type


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("programma.exe", b"MZ\x90\x00" + b"\x00" * 100, "wrong_type"),
        ("flyer.pdf", b"<html><script>alert(1)</script></html>", "wrong_type"),  # a fake PDF
        ("pagina.html", b"<!doctype html><p>hoi</p>", "wrong_type"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "wrong_type"),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "wrong_type"),
        ("kapot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "wrong_type"),  # not a real image
        ("kapot.jpg", b"\xff\xd8\xff" + b"\x00" * 50, "wrong_type"),
        ("archief.zip", office({"a.txt": b"x"}), "wrong_type"),
        ("archief.docx", office({"a.txt": b"x"}), "wrong_type"),
        ("kapot.docx", b"PK\x03\x04" + b"\x00" * 100, "wrong_type"),
        ("macro.docm", ooxml("word/document.xml", MACRO_TYPES), "wrong_type"),
        ("macro.docx", ooxml("word/document.xml", MACRO_TYPES), "wrong_type"),
        ("macro.xlsx", ooxml("xl/workbook.xml", **{"xl/vbaProject.bin": b"\x00"}), "wrong_type"),
        ("macro.pptx", ooxml("ppt/presentation.xml", **{"ppt/x.bin": b"\x00"}), "wrong_type"),
        (
            "macro.odt",
            odf("application/vnd.oasis.opendocument.text", **{"Basic/Standard/M.xml": b"<x/>"}),
            "wrong_type",
        ),
        (
            "macro.ods",
            odf("application/vnd.oasis.opendocument.spreadsheet", **{"Scripts/a.py": b"x"}),
            "wrong_type",
        ),
        ("macro.doc", OLE2 + b"\x00" * 64 + "_VBA_PROJECT".encode("utf-16-le"), "wrong_type"),
        ("oud.msg", OLE2 + b"\x00" * 100, "wrong_type"),  # an OLE2 file, but not an office one
        ("flyer.docx", PDF, "name_mismatch"),
        ("flyer", PDF, "name_mismatch"),
        ("poster.jpg", image("PNG"), "name_mismatch"),
        ("leeg.pdf", b"", "empty"),
    ],
)
def test_other_files_are_refused_with_a_reason(name: str, data: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        uploads.check(upload(name, data))
    assert caught.value.code == code


def test_a_vba_project_across_two_read_chunks_is_found() -> None:
    marker = "_VBA_PROJECT".encode("utf-16-le")
    data = OLE2 + b"\x00" * (MB - len(OLE2) - 7) + marker + b"\x00" * 10
    assert data.index(marker) < MB < data.index(marker) + len(marker)
    with pytest.raises(ValidationError):
        uploads.check(upload("macro.xls", data))


def test_the_size_limit_is_the_callers_and_the_message_says_both_sizes() -> None:
    data = PDF + b"0" * (MB + 1 - len(PDF))
    assert uploads.check(upload("a.pdf", data)).size == MB + 1  # 10 MB by default
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        uploads.check(upload("a.pdf", data), max_bytes=MB)
    assert caught.value.code == "too_big"
    assert caught.value.messages == ["This file is too big: at most 1 MB, this one is 1.1 MB."]
    big = upload("a.pdf", PDF + b"0" * uploads.MAX_BYTES)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        uploads.check(big)
    assert "at most 10 MB" in caught.value.messages[0]
    with translation.override("nl"):
        assert uploads._megabytes(MB + 1) == "1,1"
        assert uploads._megabytes(10 * MB) == "10"


def test_the_download_name_is_safe_and_keeps_the_extension() -> None:
    assert uploads.check(upload("Flyer IDO (def).pdf", PDF)).name == "Flyer IDO def.pdf"
    assert uploads.check(upload("../../etc/Café.PDF", PDF)).name == "Cafe.pdf"
    assert uploads.check(upload("C:\\Users\\x\\Plan 2020.pdf", PDF)).name == "Plan 2020.pdf"
    assert uploads.check(upload("كتيب.pdf", PDF)).name == "bestand.pdf"
    assert uploads.check(upload("كتيب.pdf", PDF), default_name="materiaal").name == "materiaal.pdf"
    assert uploads.clean_name("x" * 300 + ".pdf", "pdf") == "x" * 100 + ".pdf"
    assert uploads.clean_name("foto.jpeg", "jpeg") == "foto.jpeg"
    assert uploads.clean_name("foto", "jpeg") == "foto.jpg"


def test_the_storage_name_is_random_and_keeps_only_an_allowed_extension() -> None:
    first, second = uploads.storage_name("Geheim plan.PDF"), uploads.storage_name("a.pdf")
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", first)
    assert first != second[: len(first)]
    assert re.fullmatch(r"[0-9a-f]{32}", uploads.storage_name("virus.exe"))
    assert re.fullmatch(r"[0-9a-f]{32}", uploads.storage_name("geen extensie"))


def test_the_content_type_for_a_download_goes_by_the_checked_name() -> None:
    assert uploads.content_type_for("Brief.DOCX") == uploads.KINDS["docx"].content_type
    assert uploads.content_type_for("foto.jpg") == "image/jpeg"
    assert uploads.content_type_for("foto.jpeg") == "image/jpeg"
    assert uploads.content_type_for("pagina.html") == "application/octet-stream"
    assert uploads.content_type_for("") == "application/octet-stream"
    assert ".pdf" in uploads.ACCEPT.split(",") and ".svg" not in uploads.ACCEPT
    assert set(uploads.IMAGE_ACCEPT.split(",")) == {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def _field_file(tmp_path: Path, name: str) -> FieldFile:
    field = models.FileField(storage=FileSystemStorage(location=tmp_path))
    return FieldFile(None, field, name)


def test_a_download_is_an_attachment_that_browsers_do_not_sniff_or_keep(tmp_path: Path) -> None:
    (tmp_path / "0a1b.pdf").write_bytes(PDF)
    response = uploads.download_response(_field_file(tmp_path, "0a1b.pdf"), "Flyer IDO.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Flyer IDO.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    other = uploads.download_response(_field_file(tmp_path, "0a1b.pdf"), "x.pdf", "text/plain")
    assert other["Content-Type"] == "text/plain"
    for opened in (response, other):
        opened.file_to_stream.close()


def test_a_missing_or_absent_file_is_404(tmp_path: Path) -> None:
    with pytest.raises(Http404):
        uploads.download_response(_field_file(tmp_path, "weg.pdf"), "weg.pdf")
    with pytest.raises(Http404):
        uploads.download_response(_field_file(tmp_path, ""), "leeg.pdf")


# -- arbitrary bytes ----------------------------------------------------------------------
MAGIC = [
    b"",
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"PK\x03\x04",
    OLE2,
    b"<svg ",
    b"<html>",
    b"MZ",
]
NAMES = [f"bestand{ext}" for ext in (*uploads.ACCEPT.split(","), ".svg", ".html", ".zip", "")]


def _really(kind: str, data: bytes) -> bool:
    """An independent look at whether ``data`` is what the check said."""
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind in ("doc", "xls", "ppt"):
        return data.startswith(OLE2) and "_VBA_PROJECT".encode("utf-16-le") not in data
    if uploads.KINDS[kind].image:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            return str(picture.format).lower() == kind
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if kind.startswith("od"):
            return archive.read("mimetype").strip() == uploads.KINDS[kind].content_type.encode()
        main = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}.get(kind, "ppt/")
        return any(n.startswith(main) for n in names) and not any(".bin" in n for n in names)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(magic=st.sampled_from(MAGIC), tail=st.binary(max_size=600), name=st.sampled_from(NAMES))
def test_arbitrary_bytes_never_crash_and_pass_only_as_a_real_allowed_file(
    magic: bytes, tail: bytes, name: str
) -> None:
    data = magic + tail
    try:
        checked = uploads.check(upload(name, data))
    except ValidationError as exc:
        assert exc.code in {"empty", "wrong_type", "name_mismatch"}
        return
    assert _really(checked.kind, data)
    assert uploads.extension(name) in uploads.KINDS[checked.kind].extensions


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from(ALLOWED),
    cut=st.integers(min_value=1, max_value=400),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=4),
)
def test_damaged_real_files_never_crash(
    source: tuple[str, bytes, str], cut: int, flips: list[tuple[int, int]]
) -> None:
    name, data, _kind = source
    damaged = bytearray(data[: max(1, len(data) - cut)])
    for position, value in flips:
        damaged[position % len(damaged)] = value
    try:
        checked = uploads.check(upload(name, bytes(damaged)))
    except ValidationError as exc:
        assert exc.code in {"wrong_type", "name_mismatch"}
    else:
        assert _really(checked.kind, bytes(damaged))
