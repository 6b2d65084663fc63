"""Uploaded images, re-encoded so that only their pixels reach the site.

A phone photo carries where and when it was taken (EXIF, GPS, XMP); none of that is ours to publish.
Only the JPEG, PNG and WebP decoders ever see the bytes, and they are chosen by what the bytes are,
never by the file name or the browser's content type.
"""

import uuid
from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# 40 megapixels is more than any phone camera takes, and about 160 MB once decoded. It sits below
# Pillow's own warning threshold (about 89 megapixels), so we refuse before Pillow would complain.
MAX_PIXELS = 40_000_000
WEBP_QUALITY = 82

_SRGB = ImageCms.createProfile("sRGB")


def reencode_image(
    upload: File | IO[bytes], *, max_bytes: int = 5 * 1024 * 1024, max_side: int = 2000
) -> ContentFile:
    """The upload as a WebP with no metadata, turned upright and at most max_side on its longest side.

    Takes an UploadedFile or any binary file-like. Raises ValidationError (codes "too_large",
    "format", "too_many_pixels", "unreadable") with a message for the person who uploaded it.
    """
    data = _read_at_most(upload, max_bytes)
    try:
        image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        # Also what a GIF, a BMP, a PDF or a text file named .jpg end up as.
        raise ValidationError(
            _("Välj en bild i formatet JPEG, PNG eller WebP."), code="format"
        ) from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
        image = _in_srgb(image)
    except (OSError, SyntaxError, ValueError, EOFError):
        # A truncated or corrupt file that still starts like a JPEG, PNG or WebP.
        raise ValidationError(_("Filen kunde inte läsas som en bild."), code="unreadable") from None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image gets the pixels and nothing else: no EXIF, XMP, ICC profile or comments.
    pixels_only = Image.new(image.mode, image.size)
    pixels_only.paste(image)
    output = BytesIO()
    pixels_only.save(output, "WEBP", quality=WEBP_QUALITY)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def _read_at_most(upload: File | IO[bytes], max_bytes: int) -> bytes:
    # A Django File (an UploadedFile too) knows its size, so a huge one is refused unread.
    if isinstance(upload, File) and upload.size > max_bytes:
        raise _too_large(max_bytes)
    if upload.seekable():
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Bilden får vara högst %(size)s."),
        code="too_large",
        params={"size": filesizeformat(max_bytes)},
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "Bilden är för stor (för många pixlar). Förminska den till högst %(megapixels)s megapixel och försök igen."
        ),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )


def _in_srgb(image: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the image has transparency, with colours converted to sRGB.

    Dropping a phone's Display P3 profile without converting would leave its photos duller.
    """
    target_mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode.startswith("I"):
        # 16-bit greyscale PNG: scale to 8 bits, where a plain convert would clip it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    profile = image.info.get("icc_profile")
    if profile:
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(BytesIO(profile)), _SRGB, outputMode=target_mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # A broken profile, or one that doesn't fit the mode: keep the colours as they are.
    return image.convert(target_mode)
