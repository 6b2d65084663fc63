import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from veckan.lib.images import reencode_image

RED = (255, 0, 0)
BLUE = (0, 0, 255)
FORMAT_MESSAGE = "Välj en bild i formatet JPEG, PNG eller WebP."
PIXELS_MESSAGE = (
    "Bilden är för stor (för många pixlar). Förminska den till högst 40 megapixel och försök igen."
)


def _encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "bild.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _open(result) -> Image.Image:
    return Image.open(BytesIO(result.read()))


def _close_to(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def _png_claiming_size(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header claims another size: what a decompression bomb shows Pillow."""
    png = _encode(Image.new("L", (1, 1)), "PNG")
    # 8-byte signature, then the IHDR chunk: length, b"IHDR", 13 bytes of data, CRC.
    header = struct.pack(">II", width, height) + png[24:29]
    return png[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + png[33:]


def _profile_swapping_red_and_blue() -> bytes:
    """An RGB colour profile unlike sRGB: sRGB's own, with the red and blue primaries swapped."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # The tag table follows the 128-byte header: a count, then (signature, offset, size) each.
    (count,) = struct.unpack(">I", profile[128:132])
    tags = {bytes(profile[at : at + 4]): at for at in range(132, 132 + 12 * count, 12)}
    red, blue = tags[b"rXYZ"] + 4, tags[b"bXYZ"] + 4
    profile[red : red + 8], profile[blue : blue + 8] = (
        profile[blue : blue + 8],
        profile[red : red + 8],
    )
    return bytes(profile)


def _phone_photo() -> bytes:
    """A landscape JPEG, left half red, right half blue, as a phone held upright would save it."""
    image = Image.new("RGB", (200, 100), RED)
    image.paste(BLUE, (100, 0, 200, 100))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefon AB"
    exif[ExifTags.Base.DateTime] = "2026:05:12 09:30:00"
    # 6: the camera was turned a quarter clockwise; the picture must be rotated 90° clockwise.
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (59.0, 19.0, 46.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (18.0, 4.0, 6.0),
    }
    xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/">Fotograf: Åsa Ägare</x:xmpmeta>'.encode()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _encode(image, "JPEG", quality=95, exif=exif, xmp=xmp, icc_profile=srgb)


def test_reencode_image_phone_photo_loses_all_metadata():
    photo = _phone_photo()
    original = Image.open(BytesIO(photo))
    # The test photo really carries what must not survive.
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert {"exif", "xmp", "icc_profile"} <= original.info.keys()

    result = _open(reencode_image(_upload(photo)))

    assert result.format == "WEBP"
    assert dict(result.getexif()) == {}
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile"} & result.info.keys()


def test_reencode_image_output_bytes_carry_no_trace_of_the_metadata():
    content = reencode_image(_upload(_phone_photo())).read()

    assert content[:4] == b"RIFF"
    assert content[8:12] == b"WEBP"
    for trace in (b"EXIF", b"Exif", b"XMP", b"ICCP", b"Telefon", b"xmpmeta", "Åsa".encode()):
        assert trace not in content


def test_reencode_image_phone_photo_is_turned_upright():
    result = _open(reencode_image(_upload(_phone_photo())))

    assert result.size == (100, 200)
    # Turned 90° clockwise: the left (red) half is now on top, the right (blue) half below.
    assert _close_to(result.convert("RGB").getpixel((50, 50)), RED)
    assert _close_to(result.convert("RGB").getpixel((50, 150)), BLUE)


def test_reencode_image_name_is_random_webp():
    first = reencode_image(_upload(_phone_photo(), name="semester.jpg"))
    second = reencode_image(_upload(_phone_photo(), name="semester.jpg"))

    assert re.fullmatch(r"[0-9a-f]{32}\.webp", first.name)
    assert first.name != second.name


def test_reencode_image_colour_profile_is_applied_before_it_is_dropped():
    # Pure red in a colour space whose "red" is sRGB's blue: it must come out blue.
    image = Image.new("RGB", (20, 20), RED)
    data = _encode(image, "PNG", icc_profile=_profile_swapping_red_and_blue())

    result = _open(reencode_image(_upload(data, name="bild.png")))

    assert "icc_profile" not in result.info
    assert _close_to(result.getpixel((10, 10)), BLUE, tolerance=4)


def test_reencode_image_broken_colour_profile_is_dropped_and_colours_kept():
    data = _encode(Image.new("RGB", (20, 20), RED), "PNG", icc_profile=b"inte en profil")

    result = _open(reencode_image(_upload(data, name="bild.png")))

    assert "icc_profile" not in result.info
    assert _close_to(result.getpixel((10, 10)), RED, tolerance=4)


def test_reencode_image_png_keeps_alpha():
    image = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 30, 40))

    result = _open(reencode_image(_upload(_encode(image, "PNG"), name="logo.png")))

    assert result.mode == "RGBA"
    assert result.getpixel((45, 20))[3] == 0
    assert result.getpixel((10, 20))[3] == 255
    assert _close_to(result.getpixel((10, 20)), (0, 128, 0))


def test_reencode_image_palette_png_with_transparency_keeps_alpha():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 255, 255, 200, 0, 0])
    image.paste(1, (0, 0, 10, 20))

    result = _open(reencode_image(_upload(_encode(image, "PNG", transparency=0))))

    assert result.mode == "RGBA"
    assert result.getpixel((15, 10))[3] == 0
    assert _close_to(result.getpixel((5, 10)), (200, 0, 0))


def test_reencode_image_opaque_png_has_no_alpha():
    result = _open(reencode_image(_upload(_encode(Image.new("RGB", (20, 20), BLUE), "PNG"))))

    assert result.mode == "RGB"


def test_reencode_image_sixteen_bit_greyscale_png_keeps_its_tone():
    image = Image.new("I;16", (20, 20), 32768)

    result = _open(reencode_image(_upload(_encode(image, "PNG"))))

    assert _close_to(result.convert("RGB").getpixel((10, 10)), (128, 128, 128), tolerance=4)


def test_reencode_image_webp_is_accepted():
    result = _open(reencode_image(_upload(_encode(Image.new("RGB", (30, 20), RED), "WEBP"))))

    assert (result.format, result.size) == ("WEBP", (30, 20))


def test_reencode_image_wide_image_is_downsized_keeping_aspect_ratio():
    image = Image.new("RGB", (4000, 1000), RED)

    result = _open(reencode_image(_upload(_encode(image, "JPEG"))))

    assert result.size == (2000, 500)


def test_reencode_image_tall_image_obeys_max_side():
    image = Image.new("RGB", (300, 1200), RED)

    result = _open(reencode_image(_upload(_encode(image, "PNG")), max_side=600))

    assert result.size == (150, 600)


def test_reencode_image_small_image_is_not_enlarged():
    result = _open(reencode_image(_upload(_encode(Image.new("RGB", (64, 48), RED), "PNG"))))

    assert result.size == (64, 48)


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF", "ICO", "PDF"])
def test_reencode_image_other_formats_are_refused(image_format):
    # Named and typed as a JPEG: only the bytes decide.
    data = _encode(Image.new("RGB", (32, 32), RED), image_format)

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data, name="bild.jpg", content_type="image/jpeg"))

    assert error.value.code == "format"
    assert error.value.messages == [FORMAT_MESSAGE]


def test_reencode_image_text_file_named_jpg_is_refused():
    data = "Det här är ingen bild, bara text.\n".encode()

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data, name="bild.jpg", content_type="image/jpeg"))

    assert error.value.code == "format"
    assert error.value.messages == [FORMAT_MESSAGE]


def test_reencode_image_truncated_jpeg_is_refused_as_unreadable():
    data = _encode(Image.effect_noise((400, 400), 64).convert("RGB"), "JPEG")

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data[: len(data) // 2]))

    assert error.value.code == "unreadable"
    assert error.value.messages == ["Filen kunde inte läsas som en bild."]


def test_reencode_image_file_over_the_limit_is_refused():
    data = _encode(Image.effect_noise((200, 200), 64).convert("RGB"), "PNG")
    assert len(data) > 1000

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data), max_bytes=1000)

    assert error.value.code == "too_large"
    assert error.value.messages == ["Bilden får vara högst 1000\xa0byte."]


def test_reencode_image_plain_file_object_over_the_limit_is_refused():
    # No .size to trust: the limit holds by reading at most one byte more than allowed.
    data = _encode(Image.effect_noise((200, 200), 64).convert("RGB"), "PNG")

    with pytest.raises(ValidationError) as error:
        reencode_image(BytesIO(data), max_bytes=1000)

    assert error.value.code == "too_large"


def test_reencode_image_default_limit_message_is_in_megabytes():
    data = b"\0" * (5 * 1024 * 1024 + 1)

    with pytest.raises(ValidationError) as error:
        reencode_image(BytesIO(data))

    assert error.value.code == "too_large"
    assert error.value.messages == ["Bilden får vara högst 5,0\xa0MB."]


def test_reencode_image_file_at_the_limit_is_accepted():
    data = _encode(Image.new("RGB", (20, 20), RED), "PNG")

    result = reencode_image(BytesIO(data), max_bytes=len(data))

    assert _open(result).size == (20, 20)


def test_reencode_image_decompression_bomb_is_refused():
    # 20000 × 20000 = 400 megapixels behind a header of a few dozen bytes.
    data = _png_claiming_size(20000, 20000)
    assert len(data) < 100

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data, name="bomb.png"))

    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [PIXELS_MESSAGE]


def test_reencode_image_just_over_forty_megapixels_is_refused():
    # Below Pillow's own limit (about 89 megapixels), above ours; a real, compressible PNG.
    data = _encode(Image.new("1", (8000, 5001)), "PNG")
    assert len(data) < 10_000

    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(data, name="stor.png"))

    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [PIXELS_MESSAGE]
