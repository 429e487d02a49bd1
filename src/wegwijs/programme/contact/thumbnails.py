"""Preview images for the materials library: any allowed image (checked by
``core.uploads``), scaled down and saved as a fresh PNG, so what is shown is never the
uploaded bytes themselves."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegwijs.core import uploads

MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024
THUMBNAIL_SIZE = (480, 480)
MAX_PIXELS = 40_000_000


def make_thumbnail(handle: IO[bytes]) -> bytes:
    """A PNG of at most 480×480 pixels from an allowed image (raises ValidationError if it is
    none): our own pixels, no metadata of the original."""
    from PIL import Image, ImageOps

    name = str(getattr(handle, "name", "") or "")
    size = int(getattr(handle, "size", 0) or 0)
    if size > MAX_THUMBNAIL_BYTES:
        raise ValidationError(
            _("This image is too big for a preview: at most 5 MB."), code="too_big"
        )
    kind = uploads.sniff(handle, name or "preview")
    if kind is None or not uploads.KINDS[kind].image:
        raise ValidationError(
            _("Choose a PNG, JPEG, GIF or WebP image for the preview."), code="wrong_type"
        )
    handle.seek(0)
    try:
        with Image.open(handle) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:  # a decompression bomb: refused before decoding
                raise ValueError("too many pixels")
            image.seek(0)
            picture = ImageOps.exif_transpose(image.convert("RGBA"))
            picture.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            picture.save(out, format="PNG", optimize=True)
    except Exception as exc:  # Pillow's errors for broken or enormous images
        raise ValidationError(
            _("This image cannot be read. Choose another one."), code="wrong_type"
        ) from exc
    finally:
        handle.seek(0)
    return out.getvalue()
