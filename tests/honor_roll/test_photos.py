"""Photos lose EXIF/XMP/IPTC on upload (orientation applied first), in the stored original and in
every rendition; non-images and decompression bombs are refused in Chinese, saving nothing."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from .factories import jpeg_with_gps, make_photo

pytestmark = pytest.mark.django_db


def metadata_of(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle, PILImage.open(handle) as image:
        image.load()
        return (
            dict(image.getexif()),
            {k for k in image.info if k in ("exif", "xmp", "comment")},
            image,
        )


def png_claiming(width, height):
    """A tiny PNG whose header claims width×height pixels: a decompression bomb."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_the_test_photo_really_carries_gps():
    with PILImage.open(io.BytesIO(jpeg_with_gps())) as image:
        exif = image.getexif()
        assert exif[0x010F] == "TestPhone" and exif.get_ifd(0x8825)[1] == "N"


def test_upload_through_the_admin_strips_metadata_from_original_and_renditions(client, superuser):
    client.force_login(superuser)
    # Stored sideways with orientation 6, as a phone held upright writes it.
    sideways = jpeg_with_gps(size=(300, 400), sideways=True)
    with PILImage.open(io.BytesIO(sideways)) as stored:
        assert stored.size == (400, 300)
    upload = SimpleUploadedFile("手机照片.jpg", sideways, content_type="image/jpeg")

    response = client.post(
        reverse("wagtailimages:add"), {"title": "候选人照片", "file": upload, "collection": 1}
    )

    assert response.status_code == 302
    image = get_image_model().objects.get(title="候选人照片")
    exif, info, pil = metadata_of(image.file)
    assert exif == {} and info == set()
    assert pil.size == (300, 400) == (image.width, image.height)  # upright, dimensions follow
    assert pil.getpixel((150, 20))[2] > 150  # the blue band is at the top again
    assert image.file_size == image.file.size
    for spec in ("fill-240x320-c100", "fill-480x640-c100", "format-webp|fill-360x480-c100"):
        rendition = image.get_rendition(spec)
        r_exif, r_info, _ = metadata_of(rendition.file)
        assert r_exif == {} and r_info == set(), spec


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_other_formats_lose_their_metadata_too(image_format):
    exif = PILImage.Exif()
    exif[0x013B] = "所有者"
    buffer = io.BytesIO()
    PILImage.new("RGB", (50, 60), (1, 2, 3)).save(buffer, format=image_format, exif=exif.tobytes())
    image = make_photo(
        f"{image_format}照片", data=buffer.getvalue(), name=f"x.{image_format.lower()}"
    )
    stored_exif, info, pil = metadata_of(image.file)
    assert stored_exif == {} and info == set() and pil.format == image_format


def test_a_file_that_is_not_an_image_is_refused_in_chinese(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("照片.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(
        reverse("wagtailimages:add"), {"title": "假图片", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "不是可识别的图片" in response.content.decode()
    assert not get_image_model().objects.filter(title="假图片").exists()


def test_a_decompression_bomb_is_refused_in_chinese(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("bomb.png", png_claiming(60000, 60000), content_type="image/png")
    response = client.post(
        reverse("wagtailimages:add"), {"title": "炸弹", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "图片尺寸过大" in response.content.decode()
    assert not get_image_model().objects.filter(title="炸弹").exists()


def test_the_pixel_limit_follows_the_setting(client, superuser, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000
    client.force_login(superuser)
    upload = SimpleUploadedFile(
        "big.jpg", jpeg_with_gps(size=(200, 200)), content_type="image/jpeg"
    )
    response = client.post(
        reverse("wagtailimages:add"), {"title": "大图", "file": upload, "collection": 1}
    )
    assert "图片尺寸过大" in response.content.decode()
    assert not get_image_model().objects.filter(title="大图").exists()


def test_editing_title_or_focal_point_keeps_the_stored_file(superuser):
    image = make_photo("焦点")
    name = image.file.name
    image.title, image.focal_point_x = "焦点2", 10
    image.save()
    image.refresh_from_db()
    assert image.file.name == name and image.file_hash
