"""Images as WeChat takes them: body images JPG/PNG under 1 MB, cover thumbs JPG ≤ 64 KB at 2.35:1.

The Wagtail rendition is itself the file that is uploaded: its filter spec
resizes, crops around the focal point, flattens transparency onto white and
writes a JPG (or keeps a PNG a PNG) at one chosen quality. Wagtail stores it
once and every later sync, preview or upload to another account reuses it.
Only a rendition WeChat would still refuse (CMYK, over the size limit) is
converted again with Pillow, at one lower quality, then smaller if needed.

`prepare()` makes a page's renditions ahead of time (see tasks.prepare_images_task,
run when a page is published), so that 同步到草稿箱 only reads and uploads them.
"""

from __future__ import annotations

import hashlib
import io
import os

from django.db.models import Q

from wagtail.images import get_image_model
from wagtail.images.models import Filter

from PIL import Image as PILImage
from PIL import ImageOps

from .pools import pool

BODY_LIMIT = 1024 * 1024 - 1  # uploadimg: under 1 MB
THUMB_LIMIT = 64 * 1024  # thumb material: at most 64 KB
BODY_SIZE = "max-1080x4000"  # phone screens: 360-414 CSS px at up to 3x
# Photos and anything not PNG become JPG at 85; PNG (screenshots, charts) stays PNG.
BODY_JPEG_SPEC = f"{BODY_SIZE}|bgcolor-ffffff|format-jpeg|jpegquality-85"
BODY_PNG_SPEC = f"{BODY_SIZE}|format-png"
# 2.35:1 around the focal point; quality 70 keeps a 900x383 photo well under 64 KB.
COVER_SPEC = "fill-900x383-c100|bgcolor-ffffff|format-jpeg|jpegquality-70"
CONVERSION_VERSION = "v2"  # change when the conversion changes, so images are uploaded again

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


def body_spec(image) -> str:
    return (
        BODY_PNG_SPEC if os.path.splitext(image.file.name)[1].lower() == ".png" else BODY_JPEG_SPEC
    )


def spec_for(image, purpose: str) -> str:
    return COVER_SPEC if purpose == "thumb" else body_spec(image)


def convert_pool():
    """Renditions and conversions, bounded by the machine's cores (Pillow works outside the GIL)."""
    return pool("wechat-convert", "WECHAT_CONVERT_WORKERS", 2)


def existing_renditions(pairs) -> dict:
    """{(image pk, spec): rendition} of the (image, spec) pairs Wagtail already has.

    What Image.find_existing_renditions does for one image, for a whole page at once:
    one read of the rendition cache and one query for what it does not hold.
    """
    Rendition = get_image_model().get_rendition_model()
    wanted = {}
    for image, spec in pairs:
        focal_point_key = Filter(spec).get_cache_key(image)
        key = Rendition.construct_cache_key(image, focal_point_key, spec)
        wanted[key] = (image.pk, spec, focal_point_key)
    found = {}
    for key, rendition in Rendition.cache_backend.get_many(list(wanted)).items():
        found[wanted[key][:2]] = rendition
    lookup = Q()
    for pk, spec, focal_point_key in wanted.values():
        if (pk, spec) not in found:
            lookup |= Q(image_id=pk, filter_spec=spec, focal_point_key=focal_point_key)
    if lookup:
        for rendition in Rendition.objects.filter(lookup):
            found[(rendition.image_id, rendition.filter_spec)] = rendition
    return found


def make_rendition(image, spec):
    """An unsaved rendition, made without the ORM so that any thread may run it."""
    # A fresh handle: the same image may be converted for the body and the cover at once.
    with image.file.storage.open(image.file.name, "rb") as handle:
        original = io.BytesIO(handle.read())
    return image.generate_rendition_instance(Filter(spec), original)


def save_rendition(image, new):
    """Store a rendition made by make_rendition, as Image.create_rendition does (race-safe)."""
    rendition, _ = image.renditions.get_or_create(
        filter_spec=new.filter_spec,
        focal_point_key=new.focal_point_key,
        defaults={"file": new.file},
    )
    image._add_to_prefetched_renditions(rendition)
    return rendition


def prepare(body_images, cover) -> int:
    """Make the WeChat renditions of a page's pictures that Wagtail does not have yet; returns how many."""
    wanted = {(image.pk, body_spec(image)): image for image in body_images}
    if cover is not None:
        wanted[(cover.pk, COVER_SPEC)] = cover
    have = existing_renditions((image, spec) for (_, spec), image in wanted.items())
    missing = [(image, spec) for (_, spec), image in wanted.items() if (image.pk, spec) not in have]
    pool = convert_pool()
    futures = [(image, pool.submit(make_rendition, image, spec)) for image, spec in missing]
    for image, future in futures:
        save_rendition(image, future.result())
    return len(futures)


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        background = PILImage.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        return background
    return picture.convert("RGB")  # CMYK, I;16, L…: WeChat shows RGB reliably


def _jpeg_under(picture, limit, qualities=(70, 45)):
    """One quality, one lower retry; only a picture still too big (noise) is made smaller."""
    while True:
        for quality in qualities:
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= limit:
                return out.getvalue()
        if min(picture.size) < 64:
            raise ImageTooLarge("cannot bring the image under the limit")
        # Area scales roughly with bytes: aim under the limit in one step.
        scale = max(0.3, min(0.8, (limit / out.tell()) ** 0.5))
        picture = picture.resize((int(picture.width * scale), int(picture.height * scale)))


def uploadable(data: bytes, purpose: str, pk) -> tuple[str, bytes, str]:
    """(file name, bytes, content type) for WeChat from a rendition's bytes, converted if refused."""
    picture = PILImage.open(io.BytesIO(data))  # lazy: header only, unless converted below
    if purpose == "thumb":
        if len(data) <= THUMB_LIMIT and picture.format == "JPEG" and picture.mode == "RGB":
            return f"cover-{pk}.jpg", data, "image/jpeg"
        return f"cover-{pk}.jpg", _jpeg_under(_flatten(picture), THUMB_LIMIT), "image/jpeg"
    if len(data) <= BODY_LIMIT:
        if picture.format == "JPEG" and picture.mode in ("RGB", "L"):
            return f"image-{pk}.jpg", data, "image/jpeg"
        if picture.format == "PNG" and picture.mode in ("RGB", "RGBA", "L", "P"):
            return f"image-{pk}.png", data, "image/png"
    return f"image-{pk}.jpg", _jpeg_under(_flatten(picture), BODY_LIMIT), "image/jpeg"


def default_cover() -> tuple[str, bytes, str]:
    """The account's cover for pages without one: the site's red band."""
    picture = PILImage.new("RGB", (900, 383), (181, 38, 30))
    return "cover-default.jpg", _jpeg_under(picture, THUMB_LIMIT), "image/jpeg"
