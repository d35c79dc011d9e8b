"""Images as WeChat takes them: body images JPG/PNG under 1 MB, cover thumbs JPG ≤ 64 KB at 2.35:1.

Both start from a Wagtail rendition (resized, focal-point cropped, cached by
Wagtail) and are then converted with Pillow: WebP, GIF, CMYK JPEGs and huge
PNGs become RGB JPEGs, stepping down quality and size until under the limit.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageOps

BODY_LIMIT = 1024 * 1024 - 1  # uploadimg: under 1 MB
THUMB_LIMIT = 64 * 1024  # thumb material: at most 64 KB
BODY_RENDITION = "max-1080x4000"
COVER_RENDITION = "fill-900x383-c100"  # 2.35:1 around the focal point
CONVERSION_VERSION = "v1"  # change when the conversion changes, so images are uploaded again

# pic_crop_235_1 / pic_crop_1_1 for a 900x383 cover: the whole picture, and its centre square.
CROP_235_1 = "0_0_1_1"
CROP_1_1 = "0.287222_0_0.712778_1"


class ImageTooLarge(Exception):
    pass


def file_key(image, purpose: str) -> str:
    """What identifies the bytes we would upload: the original file's hash and the conversion."""
    file_hash = image.file_hash
    if not file_hash:
        with image.open_file() as handle:
            file_hash = hashlib.sha1(handle.read()).hexdigest()
    return f"{file_hash}:{purpose}:{CONVERSION_VERSION}"


def _rendition_bytes(image, spec) -> bytes:
    with image.get_rendition(spec).file.open("rb") as handle:
        return handle.read()


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        background = PILImage.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        return background
    return picture.convert("RGB")  # CMYK, I;16, L…: WeChat shows RGB reliably


def _jpeg_under(picture, limit, qualities=(85, 75, 65, 55, 45, 35)):
    while True:
        for quality in qualities:
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            if out.tell() <= limit:
                return out.getvalue()
        if min(picture.size) < 64:
            raise ImageTooLarge("cannot bring the image under the limit")
        picture = picture.resize((picture.width * 3 // 4, picture.height * 3 // 4))


def body_image(image) -> tuple[str, bytes, str]:
    """(file name, bytes, content type) of a body image for media/uploadimg."""
    data = _rendition_bytes(image, BODY_RENDITION)
    picture = PILImage.open(io.BytesIO(data))  # lazy: header only, unless converted below
    if len(data) <= BODY_LIMIT:
        if picture.format == "JPEG" and picture.mode in ("RGB", "L"):
            return f"image-{image.pk}.jpg", data, "image/jpeg"
        if picture.format == "PNG" and picture.mode in ("RGB", "RGBA", "L", "P"):
            return f"image-{image.pk}.png", data, "image/png"
    if picture.format == "PNG" and picture.mode in ("RGB", "RGBA", "L", "P"):
        out = io.BytesIO()
        picture.save(out, "PNG", optimize=True)
        if out.tell() <= BODY_LIMIT:
            return f"image-{image.pk}.png", out.getvalue(), "image/png"
    return f"image-{image.pk}.jpg", _jpeg_under(_flatten(picture), BODY_LIMIT), "image/jpeg"


def cover_thumb(image) -> tuple[str, bytes, str]:
    """(file name, bytes, content type) of the 2.35:1 cover, a JPG of at most 64 KB."""
    picture = _flatten(PILImage.open(io.BytesIO(_rendition_bytes(image, COVER_RENDITION))))
    return f"cover-{image.pk}.jpg", _jpeg_under(picture, THUMB_LIMIT), "image/jpeg"


def default_cover() -> tuple[str, bytes, str]:
    """The account's cover for pages without one: the site's red band."""
    picture = PILImage.new("RGB", (900, 383), (181, 38, 30))
    return "cover-default.jpg", _jpeg_under(picture, THUMB_LIMIT), "image/jpeg"
